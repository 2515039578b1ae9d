import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { countDueDeliveries } from '../../src/db/deliveries.ts';
import { MAX_IDS_PER_STATEMENT, subscribersByIds } from '../../src/db/subscribers.ts';
import { testWorker } from './support.ts';

describe('D1 through kysely-d1', () => {
  it('refuses more than 100 bound parameters in one statement', async () => {
    const db = testWorker().deps().db;
    const ids = Array.from({ length: 101 }, (_, i) => i + 1);
    await expect(
      db.selectFrom('subscribers').select('id').where('id', 'in', ids).execute(),
    ).rejects.toThrow();
    await db.selectFrom('subscribers').select('id').where('id', 'in', ids.slice(1)).execute();
  });

  it('looks subscribers up by any number of ids, in chunks under the limit', async () => {
    const deps = testWorker().deps();
    const now = new Date().toISOString();
    for (let i = 0; i < 2 * MAX_IDS_PER_STATEMENT + 5; i++) {
      await deps.db
        .insertInto('subscribers')
        .values({
          email: `chunk-${i}@example.com`,
          name: null,
          role: 'broke',
          timezone: 'UTC',
          send_time: '08:00',
          course_id: deps.course.id,
          status: 'pending',
          created_at: now,
          next_send_at: null,
          paused_until: null,
          stop_reason: null,
          confirmed_at: null,
          unsubscribed_at: null,
          updated_at: now,
        })
        .execute();
    }
    const ids = (await deps.db.selectFrom('subscribers').select('id').execute()).map((r) => r.id);
    expect(ids.length).toBeGreaterThan(100);
    const rows = await subscribersByIds(deps.db, [...ids, ...ids]);
    expect(rows.map((row) => row.id).sort((a, b) => a - b)).toEqual(ids.sort((a, b) => a - b));
  });

  it('has no interactive transactions, and Tend never asks for one', async () => {
    const db = testWorker().deps().db;
    await expect(db.transaction().execute(async () => undefined)).rejects.toThrow();
    await expect(sql`BEGIN`.execute(db)).rejects.toThrow();
  });

  it('keeps schema introspection away from the internal _cf_ tables', async () => {
    const db = testWorker().deps().db;
    await expect(db.introspection.getTables()).rejects.toThrow(/_cf_/);
    // Plain queries work, and counting what is due is one statement.
    expect(await countDueDeliveries(db, new Date().toISOString())).toBe(0);
  });
});
