import type { Db } from './database.ts';

export interface ClientFailures {
  /** The attempt just recorded, so that a refused or successful one can be taken back. */
  readonly id: number;
  /** The client's earlier failed attempts that no success has forgiven since. */
  readonly failures: number;
  /** The newest of them. */
  readonly lastFailure: string | null;
}

/**
 * Records a sign-in attempt before its password is checked (as a failure until it proves
 * otherwise), then counts the client's earlier unforgiven ones. Attempts racing in parallel
 * each see those recorded before them, so a burst cannot slip guesses past the backoff.
 */
export async function recordLoginAttempt(
  db: Db,
  attempt: { client: string; now: string; forgetBefore: string },
): Promise<ClientFailures> {
  await db.deleteFrom('admin_logins').where('attempted_at', '<', attempt.forgetBefore).execute();
  const { id } = await db
    .insertInto('admin_logins')
    .values({ client: attempt.client, attempted_at: attempt.now })
    .returning('id')
    .executeTakeFirstOrThrow();
  const row = await db
    .selectFrom('admin_logins')
    .select((eb) => [
      eb.fn.countAll<number>().as('failures'),
      eb.fn.max<string | null>('attempted_at').as('last_failure'),
    ])
    .where('client', '=', attempt.client)
    .where('forgiven', '=', 0)
    .where('id', '<', id)
    .executeTakeFirstOrThrow();
  return { id, failures: Number(row.failures), lastFailure: row.last_failure ?? null };
}

/** Takes back an attempt: refused without its password looked at, or a success. */
export async function withdrawLoginAttempt(db: Db, id: number): Promise<void> {
  await db.deleteFrom('admin_logins').where('id', '=', id).execute();
}

/**
 * A successful sign-in forgives its client's failures: they no longer slow it down, and
 * still count among the day's failed attempts on the overview.
 */
export async function forgiveLoginFailures(db: Db, client: string): Promise<void> {
  await db
    .updateTable('admin_logins')
    .set({ forgiven: 1 })
    .where('client', '=', client)
    .where('forgiven', '=', 0)
    .execute();
}

/** Failed sign-in attempts since `since`, from anyone. */
export async function failedLoginCount(db: Db, since: string): Promise<number> {
  const row = await db
    .selectFrom('admin_logins')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('attempted_at', '>=', since)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
