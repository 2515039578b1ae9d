import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { prepared } from '../../src/db/prepared.ts';
import { type TestDeps, testDeps } from '../support/deps.ts';

let deps: TestDeps;
beforeEach(async () => {
  deps = await testDeps();
});
afterEach(() => deps.close());

describe('prepared queries', () => {
  it('puts each value where the SQL wants it, keeps constants, and runs again with new values', async () => {
    const people = await deps.db
      .insertInto('subscribers')
      .values(
        ['ana@example.com', 'bo@example.com'].map((email) => ({
          email,
          name: null,
          created_at: '2026-01-01T00:00:00Z',
          updated_at: '2026-01-01T00:00:00Z',
        })),
      )
      .returning('id')
      .execute();
    const [ana, bo] = people.map((person) => person.id);
    if (ana === undefined || bo === undefined) throw new Error('two people expected');
    const insert = prepared(['at', 'person', 'role'], (db, v) =>
      db.insertInto('enrollments').values({
        created_at: v.at,
        updated_at: v.at,
        subscriber_id: v.person,
        role: v.role,
        timezone: 'UTC',
        send_time: '08:00',
        course_id: 'rebuilding-trust',
        status: 'pending',
      }),
    );
    await insert(deps.db, { role: 'hurt', person: ana, at: '2026-01-01T00:00:00Z' });
    await insert(deps.db, { person: bo, at: '2026-02-02T00:00:00Z', role: null });
    const rows = await deps.db
      .selectFrom('enrollments')
      .select(['subscriber_id', 'role', 'course_id', 'status', 'created_at', 'updated_at'])
      .orderBy('id')
      .execute();
    expect(rows).toEqual([
      {
        subscriber_id: ana,
        role: 'hurt',
        course_id: 'rebuilding-trust',
        status: 'pending',
        created_at: '2026-01-01T00:00:00Z',
        updated_at: '2026-01-01T00:00:00Z',
      },
      {
        subscriber_id: bo,
        role: null,
        course_id: 'rebuilding-trust',
        status: 'pending',
        created_at: '2026-02-02T00:00:00Z',
        updated_at: '2026-02-02T00:00:00Z',
      },
    ]);
  });

  it('returns the rows of a select, and works inside a transaction', async () => {
    const find = prepared(['hash'], (db, { hash }) =>
      db.selectFrom('suppressed_addresses').select('reason').where('email_hash', '=', hash),
    );
    await deps.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('suppressed_addresses')
        .values({ email_hash: 'h1', reason: 'erased', created_at: '2026-01-01T00:00:00Z' })
        .execute();
      expect((await find(trx, { hash: 'h1' })).rows).toEqual([{ reason: 'erased' }]);
    });
    expect((await find(deps.db, { hash: 'h2' })).rows).toEqual([]);
  });

  it('refuses a name that never becomes a parameter, on its first run', async () => {
    const broken = prepared(['hash', 'unused'], (db, { hash }) =>
      db.selectFrom('suppressed_addresses').select('reason').where('email_hash', '=', hash),
    );
    await expect(broken(deps.db, { hash: 'h', unused: 1 })).rejects.toThrow(
      /prepared: unused not a parameter/,
    );
  });
});
