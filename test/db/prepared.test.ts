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
    const insert = prepared(['at', 'email', 'name'], (db, v) =>
      db.insertInto('subscribers').values({
        created_at: v.at,
        updated_at: v.at,
        email: v.email,
        name: v.name,
        role: 'hurt',
        timezone: 'UTC',
        send_time: '08:00',
        course_id: 'rebuilding-trust',
        status: 'pending',
      }),
    );
    await insert(deps.db, { name: 'Ana', email: 'ana@example.com', at: '2026-01-01T00:00:00Z' });
    await insert(deps.db, { email: 'bo@example.com', at: '2026-02-02T00:00:00Z', name: null });
    const rows = await deps.db
      .selectFrom('subscribers')
      .select(['email', 'name', 'role', 'status', 'created_at', 'updated_at'])
      .orderBy('id')
      .execute();
    expect(rows).toEqual([
      {
        email: 'ana@example.com',
        name: 'Ana',
        role: 'hurt',
        status: 'pending',
        created_at: '2026-01-01T00:00:00Z',
        updated_at: '2026-01-01T00:00:00Z',
      },
      {
        email: 'bo@example.com',
        name: null,
        role: 'hurt',
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
