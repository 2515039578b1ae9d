import { CompiledQuery } from 'kysely';
import type { Db } from './database.ts';

/** The bucket's level after refilling: capacity, now (ms), tokens per ms. */
const REFILLED = 'min(?, tokens + max(0, ? - updated_ms) * ?)';

/**
 * Takes a token if there is one, in one statement: a new bucket starts full (less this
 * token); a known one refills for the time since its last take, then gives a token if it
 * holds a whole one. A refused take changes nothing but the refill, so waiting always helps.
 * SQLite evaluates every SET expression on the old row, so `granted` and `tokens` agree.
 * Plain `?` parameters, repeated: better-sqlite3 refuses numbered ones used twice, and D1
 * has no named ones.
 */
const TAKE = `INSERT INTO rate_buckets (bucket, tokens, updated_ms, granted) VALUES (?, ? - 1, ?, 1)
ON CONFLICT (bucket) DO UPDATE SET
  tokens = CASE WHEN ${REFILLED} >= 1 THEN ${REFILLED} - 1 ELSE ${REFILLED} END,
  granted = ${REFILLED} >= 1,
  updated_ms = max(updated_ms, ?)
RETURNING tokens, granted`;

export interface BucketTake {
  readonly granted: boolean;
  /** Tokens left after the take (below 1 when it was refused). */
  readonly tokens: number;
}

/** `capacity` at least 1; `perMs` the tokens that come back each millisecond. */
export async function takeToken(
  db: Db,
  take: { bucket: string; capacity: number; perMs: number; nowMs: number },
): Promise<BucketTake> {
  const { rows } = await db.executeQuery<{ tokens: number; granted: number }>(
    CompiledQuery.raw(TAKE, [
      take.bucket,
      take.capacity,
      take.nowMs,
      ...Array.from({ length: 4 }, () => [take.capacity, take.nowMs, take.perMs]).flat(),
      take.nowMs,
    ]),
  );
  const row = rows[0];
  return { granted: row?.granted === 1, tokens: Number(row?.tokens ?? 0) };
}

/** Forgets buckets untouched since `beforeMs` (full again by then: the same as no row). */
export async function forgetIdleBuckets(db: Db, beforeMs: number): Promise<void> {
  await db.deleteFrom('rate_buckets').where('updated_ms', '<', beforeMs).execute();
}
