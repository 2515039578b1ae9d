import type { Db } from './database.ts';

export interface LoginAttemptCounts {
  /** The attempt just recorded, so that a refused one can be taken back. */
  readonly id: number;
  /** Attempts since `since`, this one included: from this client, and from anyone. */
  readonly client: number;
  readonly total: number;
  /** The oldest of those attempts (when the first of them leaves the window). */
  readonly clientOldest: string | null;
  readonly totalOldest: string | null;
}

/**
 * Records a sign-in attempt before its password is checked, then counts. Attempts racing in
 * parallel each see the others, so a burst cannot slip more guesses past the limit.
 */
export async function recordLoginAttempt(
  db: Db,
  attempt: { client: string; now: string; since: string; forgetBefore: string },
): Promise<LoginAttemptCounts> {
  await db.deleteFrom('admin_logins').where('attempted_at', '<', attempt.forgetBefore).execute();
  const { id } = await db
    .insertInto('admin_logins')
    .values({ client: attempt.client, attempted_at: attempt.now })
    .returning('id')
    .executeTakeFirstOrThrow();
  const row = await db
    .selectFrom('admin_logins')
    .select((eb) => {
      const mine = eb('client', '=', attempt.client);
      return [
        eb.fn.countAll<number>().as('total'),
        eb.fn.min<string>('attempted_at').as('total_oldest'),
        eb.fn.sum<number>(eb.case().when(mine).then(1).else(0).end()).as('client'),
        eb.fn
          .min<string | null>(eb.case().when(mine).then(eb.ref('attempted_at')).end())
          .as('client_oldest'),
      ];
    })
    .where('attempted_at', '>=', attempt.since)
    .executeTakeFirstOrThrow();
  return {
    id,
    client: Number(row.client ?? 0),
    total: Number(row.total),
    clientOldest: row.client_oldest ?? null,
    totalOldest: row.total_oldest ?? null,
  };
}

/** Takes back an attempt that was refused without its password being looked at. */
export async function withdrawLoginAttempt(db: Db, id: number): Promise<void> {
  await db.deleteFrom('admin_logins').where('id', '=', id).execute();
}

/** A successful sign-in forgets its client's attempts (the global count drops with them). */
export async function forgetLoginAttempts(db: Db, client: string): Promise<void> {
  await db.deleteFrom('admin_logins').where('client', '=', client).execute();
}
