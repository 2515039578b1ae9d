import { clientKeyer } from '../clients/address.ts';
import type { BucketLimit } from '../config.ts';
import type { Db } from '../db/database.ts';
import { forgetIdleBuckets, takeTokens } from '../db/rate-buckets.ts';
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

/** One request's take: its form's bucket for its client (null: no per-client limit). */
interface Take {
  readonly client: string | null;
  readonly prune: boolean;
  readonly resolve: (verdict: FormVerdict) => void;
  readonly reject: (error: unknown) => void;
}

const ALLOWED: FormVerdict = { allowed: true };

/** Takes decided together at most (a transaction's share of work stays bounded). */
const MAX_TOGETHER = 100;

/**
 * The token buckets of the forms that send mail: one per form and client network, and one
 * shared by every form and client (it guards the provider's quota, which they share). The
 * client's bucket is taken first, so a client already refused spends nothing of everyone's.
 * Buckets live in the database so that they hold across processes and on Workers.
 *
 * With a write batcher (Node), the takes of one event-loop turn are decided together in its
 * transaction, one statement per bucket instead of one per take: the global bucket is taken
 * once for all the requests its clients let through, each client's bucket once for its
 * requests (takeTokens). Tokens go to the requests in the order they came, so the verdicts
 * are those of taking one token at a time. Without one (Workers), each take is decided
 * alone, in the same statements.
 */
export function formLimiter(
  deps: Pick<Deps, 'db' | 'config' | 'clock' | 'addressHasher' | 'writeBatcher'>,
) {
  const { perClient, global } = deps.config.formLimits;
  const keyOf = clientKeyer(deps.addressHasher);
  const fullAfterMs = Math.max(fullAfter(perClient), fullAfter(global));
  let takes = 0;
  /** The takes waiting for the run already asked of the batcher; null when none is. */
  let gathering: Take[] | null = null;

  const run = deps.writeBatcher ?? ((work) => work(deps.db));

  const decide = async (db: Db, batch: readonly Take[]): Promise<FormVerdict[]> => {
    const nowMs = deps.clock().getTime();
    if (fullAfterMs > 0 && batch.some((take) => take.prune)) {
      await forgetIdleBuckets(db, nowMs - fullAfterMs);
    }
    const verdicts: FormVerdict[] = batch.map(() => ALLOWED);
    const byClient = new Map<string, number[]>();
    for (const [index, take] of batch.entries()) {
      if (take.client === null) continue;
      const indexes = byClient.get(take.client);
      if (indexes) indexes.push(index);
      else byClient.set(take.client, [index]);
    }
    for (const [bucket, indexes] of byClient) {
      await takeInOrder(db, bucket, perClient, nowMs, indexes, verdicts, 'client');
    }
    if (global.perMinute > 0) {
      const through = verdicts.flatMap((verdict, index) => (verdict.allowed ? [index] : []));
      await takeInOrder(db, '*', global, nowMs, through, verdicts, 'global');
    }
    return verdicts;
  };

  return async (form: string, address: string): Promise<FormVerdict> => {
    const client = perClient.perMinute > 0 ? `${form}:${await keyOf(address)}` : null;
    const prune = takes++ % PRUNE_EVERY === 0;
    return new Promise<FormVerdict>((resolve, reject) => {
      const take: Take = { client, prune, resolve, reject };
      if (gathering && gathering.length < MAX_TOGETHER) {
        gathering.push(take);
        return;
      }
      const batch = [take];
      gathering = batch;
      // Without a batcher this runs at once, and the batch stays one take. With one it runs
      // in the turn's transaction, once the turn's takes have joined (again, alone, if the
      // transaction failed: its writes were rolled back, so the batch is decided anew).
      run((db) => {
        if (gathering === batch) gathering = null;
        return decide(db, batch);
      }).then(
        (verdicts) => {
          for (const [index, each] of batch.entries()) each.resolve(verdicts[index] ?? ALLOWED);
        },
        (error: unknown) => {
          for (const each of batch) each.reject(error);
        },
      );
    });
  };
}

/**
 * Takes one token from `bucket` for each of the requests at `indexes` (in the order they
 * came), in one statement; those that get none are refused, `by` the bucket's kind.
 */
async function takeInOrder(
  db: Db,
  bucket: string,
  limit: BucketLimit,
  nowMs: number,
  indexes: readonly number[],
  verdicts: FormVerdict[],
  by: 'client' | 'global',
): Promise<void> {
  if (indexes.length === 0) return;
  const perMs = limit.perMinute / 60_000;
  const capacity = Math.max(1, limit.burst);
  const taken = await takeTokens(db, { bucket, capacity, perMs, nowMs, count: indexes.length });
  if (taken.granted >= indexes.length) return;
  const refused: FormVerdict = {
    allowed: false,
    retryAfterSeconds: retryAfterSeconds(taken.tokens, perMs),
    by,
  };
  for (const index of indexes.slice(taken.granted)) verdicts[index] = refused;
}

/** How long an empty bucket takes to fill (a full bucket is the same as none). */
function fullAfter(limit: BucketLimit): number {
  return limit.perMinute > 0 ? (Math.max(1, limit.burst) / limit.perMinute) * 60_000 : 0;
}

/** Seconds until a bucket holding `tokens` (< 1) has a whole token again. */
export function retryAfterSeconds(tokens: number, perMs: number): number {
  return Math.max(1, Math.ceil((1 - tokens) / perMs / 1000));
}
