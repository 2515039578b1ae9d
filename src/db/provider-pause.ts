import type { Db } from './database.ts';

export interface ProviderPause {
  readonly until: string;
  readonly reason: string;
}

/** The pause in force at `now`, if any (see the provider_pause table). */
export async function activePause(db: Db, now: string): Promise<ProviderPause | undefined> {
  return db
    .selectFrom('provider_pause')
    .select(['until', 'reason'])
    .where('id', '=', 1)
    .where('until', '>', now)
    .executeTakeFirst();
}

/** Pauses all sending until `until`; a later pause already recorded is kept. */
export async function pauseSending(
  db: Db,
  pause: ProviderPause & { readonly now: string },
): Promise<void> {
  await db
    .insertInto('provider_pause')
    .values({ id: 1, until: pause.until, reason: pause.reason, updated_at: pause.now })
    .onConflict((oc) =>
      oc.column('id').doUpdateSet((eb) => ({
        until: eb.fn('max', [eb.ref('provider_pause.until'), eb.ref('excluded.until')]),
        reason: eb.ref('excluded.reason'),
        updated_at: eb.ref('excluded.updated_at'),
      })),
    )
    .execute();
}
