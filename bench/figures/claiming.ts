import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import {
  batchMembers,
  claimConfirmations,
  claimNewBatch,
  reclaimOpenBatch,
  recordSent,
} from '../../src/db/delivery-batches.ts';
import { openSqlite } from '../../src/db/sqlite.ts';
import { MAX_BATCH } from '../../src/mail/message.ts';
import type { Figure, RunOptions } from '../support/report.ts';
import { createDatabase, seedDueDeliveries, seedDueSubscribers } from '../support/seed.ts';

const TARGET = 35_000;
const LEASE_MS = 10 * 60 * 1000;

/**
 * Figure 5: due deliveries claimed per second from a table of 1,000,000 rows, all queued and
 * due (100,000 subscribers x 10 lessons), by what sendDue runs before each batch: a
 * confirmation claim, an open-batch reclaim, then a new batch of MAX_BATCH. Each batch is then
 * recorded as sent (not timed), as a sending run would. Baseline: the plainest claim of the
 * same size through better-sqlite3 (one prepared UPDATE ... WHERE id IN (SELECT ... LIMIT)
 * RETURNING on the deliveries alone), on the same table.
 */
export async function claiming(options: RunOptions): Promise<Figure[]> {
  const subscribers = options.quick ? 10_000 : 100_000;
  const claimTotal = options.quick ? 10_000 : 100_000;
  const path = join(options.dir, 'claiming.db');
  const dueAt = new Date(Date.now() - 60_000).toISOString();
  await createDatabase(path);
  seedDueSubscribers(path, subscribers, dueAt);
  const rows = seedDueDeliveries(path, 10, dueAt);
  options.log(`claiming: ${rows.toLocaleString('en-US')} due deliveries seeded`);

  const { db, close } = await openSqlite(path);
  const spent = { confirmation: 0, reclaim: 0, fresh: 0 };
  const timed = async <T>(part: keyof typeof spent, work: () => Promise<T>): Promise<T> => {
    const started = performance.now();
    const value = await work();
    spent[part] += (performance.now() - started) / 1000;
    return value;
  };
  let claimed = 0;
  try {
    for (let batch = 0; claimed < claimTotal; batch++) {
      const now = new Date().toISOString();
      const claim = { now, leaseUntil: new Date(Date.now() + LEASE_MS).toISOString() };
      const key = `bench-${batch}`;
      const found =
        (await timed('confirmation', () =>
          claimConfirmations(db, { ...claim, key: `${key}-c`, limit: MAX_BATCH }),
        )) ??
        (await timed('reclaim', () => reclaimOpenBatch(db, claim))) ??
        ((await timed('fresh', () => claimNewBatch(db, { ...claim, key, limit: MAX_BATCH }))) > 0
          ? key
          : null);
      if (found !== key) throw new Error(`expected a new batch, got ${found}`);
      const members = await batchMembers(db, key);
      claimed += members.length;
      await recordSent(
        db,
        new Map(members.map((m) => [m.delivery.id, `id-${m.delivery.id}`])),
        now,
      );
    }
  } finally {
    await close();
  }
  const claimSeconds = spent.confirmation + spent.reclaim + spent.fresh;
  const rate = claimed / claimSeconds;

  const raw = new SQLite(path);
  let baselineSeconds = 0;
  let baselineClaimed = 0;
  try {
    raw.pragma('journal_mode = WAL');
    raw.pragma('synchronous = NORMAL');
    const claim = raw.prepare(`
      UPDATE deliveries SET status = 'sending', batch_key = ?, lease_until = ?,
        attempts = attempts + 1, updated_at = ?
      WHERE id IN (SELECT id FROM deliveries WHERE status = 'queued' AND due_at <= ?
        ORDER BY due_at LIMIT ?)
      RETURNING id`);
    for (let batch = 0; baselineClaimed < claimTotal; batch++) {
      const now = new Date().toISOString();
      const lease = new Date(Date.now() + LEASE_MS).toISOString();
      const started = performance.now();
      const ids = claim.all(`raw-${batch}`, lease, now, now, MAX_BATCH);
      baselineSeconds += (performance.now() - started) / 1000;
      baselineClaimed += ids.length;
    }
  } finally {
    raw.close();
  }
  const baselineRate = baselineClaimed / baselineSeconds;
  return [
    {
      id: 'claiming.rate',
      name: `claiming: batches of ${MAX_BATCH} from ${rows.toLocaleString('en-US')} rows`,
      value: rate,
      unit: 'rows/s',
      baseline: { name: 'bare prepared UPDATE ... RETURNING', value: baselineRate, unit: 'rows/s' },
      ratio: rate / baselineRate,
      target: `>= ${TARGET.toLocaleString('en-US')} rows/s`,
      pass: rate >= TARGET,
      details: { rows, claimed, seconds: claimSeconds, secondsByClaim: spent, baselineSeconds },
    },
  ];
}
