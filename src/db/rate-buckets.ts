import { CompiledQuery } from 'kysely';
import type { Db } from './database.ts';

/** The bucket's level after refilling: capacity, now (ms), tokens per ms. */
const REFILLED = 'min(?, tokens + max(0, ? - updated_ms) * ?)';

/**
 * Takes up to `count` tokens, as many as the bucket holds whole, in one statement: a new
 * bucket starts full; a known one refills for the time since its last take, then gives
 * min(count, whole tokens held). The same as `count` takes of one token each at the same
 * moment, one after the other (a take refused changes nothing but the refill, so waiting
 * always helps). `granted` holds how many the last take got. SQLite evaluates every SET
 * expression on the old row, so `granted` and `tokens` agree; CAST truncates, which is
 * floor for a level that is never negative. Plain `?` parameters, repeated: better-sqlite3
 * refuses numbered ones used twice, and D1 has no named ones.
 */
const TAKE = `INSERT INTO rate_buckets (bucket, tokens, updated_ms, granted)
VALUES (?, ? - min(?, CAST(? AS INTEGER)), ?, min(?, CAST(? AS INTEGER)))
ON CONFLICT (bucket) DO UPDATE SET
  tokens = ${REFILLED} - min(?, CAST(${REFILLED} AS INTEGER)),
  granted = min(?, CAST(${REFILLED} AS INTEGER)),
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
  const { granted, tokens } = await takeTokens(db, { ...take, count: 1 });
  return { granted: granted === 1, tokens };
}

export interface BucketTakes {
  /** How many of the tokens asked for were given (0 to count). */
  readonly granted: number;
  /** Tokens left after the take (below 1 when fewer were given than asked for). */
  readonly tokens: number;
}

/**
 * `count` takes of one token from one bucket at once (at least 1): what the takes of many
 * requests in one transaction cost as one statement instead of one each.
 */
export async function takeTokens(
  db: Db,
  take: { bucket: string; capacity: number; perMs: number; nowMs: number; count: number },
): Promise<BucketTakes> {
  const { bucket, capacity, perMs, nowMs, count } = take;
  const refilled = [capacity, nowMs, perMs];
  const { rows } = await db.executeQuery<{ tokens: number; granted: number }>(
    CompiledQuery.raw(TAKE, [
      bucket,
      capacity,
      count,
      capacity,
      nowMs,
      count,
      capacity,
      ...refilled,
      count,
      ...refilled,
      count,
      ...refilled,
      nowMs,
    ]),
  );
  const row = rows[0];
  return { granted: Number(row?.granted ?? 0), tokens: Number(row?.tokens ?? 0) };
}

/** Forgets buckets untouched since `beforeMs` (full again by then: the same as no row). */
export async function forgetIdleBuckets(db: Db, beforeMs: number): Promise<void> {
  await db.deleteFrom('rate_buckets').where('updated_ms', '<', beforeMs).execute();
}
