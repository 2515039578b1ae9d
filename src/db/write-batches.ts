import type { Db } from './database.ts';

/** Runs a small piece of database work, maybe together with others in one transaction. */
export type WriteBatcher = <T>(work: (db: Db) => Promise<T>) => Promise<T>;

/** Pieces of work written in one transaction at most. */
const MAX_BATCH = 100;

interface Pending {
  readonly work: (db: Db) => Promise<unknown>;
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: unknown) => void;
}

/**
 * For a runtime with interactive transactions (Node's SQLite): the pieces of work that
 * arrive together (`defer` decides how long "together" is; Node passes setImmediate, one
 * turn of the event loop) run one after the other in one transaction, so that they share
 * one commit, as src/subscribers/signup-batches.ts does for signups. If the transaction
 * fails, each piece runs again on its own, so that only a failing one fails.
 *
 * A piece must use only the handle it is given: the transaction holds the connection, and
 * a query on the outer handle would wait for it for ever.
 */
export function writeBatcher(db: Db, defer: (flush: () => void) => void): WriteBatcher {
  let pending: Pending[] = [];

  const flush = async () => {
    const batch = pending.slice(0, MAX_BATCH);
    pending = pending.slice(MAX_BATCH);
    if (pending.length > 0) defer(() => void flush());
    try {
      const results = await db.transaction().execute(async (trx) => {
        const values: unknown[] = [];
        for (const { work } of batch) values.push(await work(trx));
        return values;
      });
      for (const [index, entry] of batch.entries()) entry.resolve(results[index]);
    } catch {
      for (const entry of batch) await entry.work(db).then(entry.resolve, entry.reject);
    }
  };

  return <T>(work: (db: Db) => Promise<T>) =>
    new Promise<T>((resolve, reject) => {
      pending.push({ work, resolve: resolve as (value: unknown) => void, reject });
      if (pending.length === 1) defer(() => void flush());
    });
}
