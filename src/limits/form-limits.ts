import { clientKeyer } from '../clients/address.ts';
import type { BucketLimit } from '../config.ts';
import type { Db } from '../db/database.ts';
import { forgetIdleBuckets, takeToken } from '../db/rate-buckets.ts';
import type { Deps } from '../deps.ts';

export type FormVerdict =
  | { readonly allowed: true }
  | {
      readonly allowed: false;
      readonly retryAfterSeconds: number;
      readonly by: 'client' | 'global';
    };

/** Every this many takes, buckets idle long enough to be full again are deleted. */
const PRUNE_EVERY = 256;

/**
 * The token buckets of the forms that send mail: one per form and client network, and one
 * shared by every form and client (it guards the provider's quota, which they share). The
 * client's bucket is taken first, so a client already refused spends nothing of everyone's.
 * Buckets live in the database so that they hold across processes and on Workers.
 */
export function formLimiter(
  deps: Pick<Deps, 'db' | 'config' | 'clock' | 'addressHasher' | 'writeBatcher'>,
) {
  const { perClient, global } = deps.config.formLimits;
  const keyOf = clientKeyer(deps.addressHasher);
  const fullAfterMs = Math.max(fullAfter(perClient), fullAfter(global));
  let takes = 0;

  const run = deps.writeBatcher ?? ((work) => work(deps.db));

  const take = async (db: Db, bucket: string, limit: BucketLimit, nowMs: number) => {
    const capacity = Math.max(1, limit.burst);
    const perMs = limit.perMinute / 60_000;
    const result = await takeToken(db, { bucket, capacity, perMs, nowMs });
    return result.granted ? null : retryAfterSeconds(result.tokens, perMs);
  };

  return async (form: string, address: string): Promise<FormVerdict> => {
    const client = perClient.perMinute > 0 ? `${form}:${await keyOf(address)}` : null;
    const prune = takes++ % PRUNE_EVERY === 0;
    // On Node the takes of one event-loop turn share a transaction (one commit).
    return run(async (db): Promise<FormVerdict> => {
      const nowMs = deps.clock().getTime();
      if (prune && fullAfterMs > 0) await forgetIdleBuckets(db, nowMs - fullAfterMs);
      if (client !== null) {
        const wait = await take(db, client, perClient, nowMs);
        if (wait !== null) return { allowed: false, retryAfterSeconds: wait, by: 'client' };
      }
      if (global.perMinute > 0) {
        const wait = await take(db, '*', global, nowMs);
        if (wait !== null) return { allowed: false, retryAfterSeconds: wait, by: 'global' };
      }
      return { allowed: true };
    });
  };
}

/** How long an empty bucket takes to fill (a full bucket is the same as none). */
function fullAfter(limit: BucketLimit): number {
  return limit.perMinute > 0 ? (Math.max(1, limit.burst) / limit.perMinute) * 60_000 : 0;
}

/** Seconds until a bucket holding `tokens` (< 1) has a whole token again. */
export function retryAfterSeconds(tokens: number, perMs: number): number {
  return Math.max(1, Math.ceil((1 - tokens) / perMs / 1000));
}
