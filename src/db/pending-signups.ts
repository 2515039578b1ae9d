import type { Db } from './database.ts';

/** The profile a signup gave, as a confirmation applies it. */
export interface SignupProfile {
  readonly name: string | null;
  readonly role: string | null;
  readonly timezone: string;
  readonly send_time: string;
  readonly discreet: number;
}

/**
 * Keeps a signup's profile with its confirmation (the delivery carrying `tokenId`), to be
 * applied only when that confirmation is used. Found by token id, so that one statement
 * does it after the delivery is written.
 */
export async function insertPendingSignup(
  db: Db,
  pending: { tokenId: string; profile: SignupProfile; now: string },
): Promise<void> {
  const { profile } = pending;
  await db
    .insertInto('pending_signups')
    .columns(['delivery_id', 'name', 'role', 'timezone', 'send_time', 'discreet', 'created_at'])
    .expression((eb) =>
      eb
        .selectFrom('deliveries')
        .select((s) => [
          'id',
          s.val(profile.name).as('name'),
          s.val(profile.role).as('role'),
          s.val(profile.timezone).as('timezone'),
          s.val(profile.send_time).as('send_time'),
          s.val(profile.discreet).as('discreet'),
          s.val(pending.now).as('created_at'),
        ])
        .where('token_id', '=', pending.tokenId),
    )
    .execute();
}

/** The profile kept with a confirmation, if its signup gave one for a known address. */
export function pendingSignupOf(db: Db, deliveryId: number): Promise<SignupProfile | undefined> {
  return db
    .selectFrom('pending_signups')
    .select(['name', 'role', 'timezone', 'send_time', 'discreet'])
    .where('delivery_id', '=', deliveryId)
    .executeTakeFirst();
}
