import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { countDueDeliveries } from '../../src/db/delivery-batches.ts';
import { MAX_IDS_PER_STATEMENT, enrollmentsByIds } from '../../src/db/enrollments.ts';
import { seedSubscribers, testWorker } from './support.ts';

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
    const tw = testWorker();
    const deps = tw.deps();
    await seedSubscribers(tw, 2 * MAX_IDS_PER_STATEMENT + 5, {
      prefix: 'chunk',
      status: 'pending',
      dueAt: null,
    });
    const ids = (await deps.db.selectFrom('subscribers').select('id').execute()).map((r) => r.id);
    expect(ids.length).toBeGreaterThan(100);
    const rows = await enrollmentsByIds(deps.db, [...ids, ...ids]);
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
