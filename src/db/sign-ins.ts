import { sql } from 'kysely';
import type { Db } from './database.ts';

/**
 * Records a sign-in link about to be emailed, unless `subscriberId` was sent one at or after
 * `since`: one statement, so two requests racing cannot both pass the limit. True when the
 * link was recorded (and may be sent).
 */
export async function recordSignInLink(
  db: Db,
  link: { subscriberId: number; tokenId: string; now: string; since: string },
): Promise<boolean> {
  const { subscriberId, tokenId, now, since } = link;
  const inserted = await sql<{ id: number }>`
    INSERT INTO sign_in_links (subscriber_id, token_id, created_at)
    SELECT ${subscriberId}, ${tokenId}, ${now}
    WHERE NOT EXISTS (
      SELECT 1 FROM sign_in_links WHERE subscriber_id = ${subscriberId} AND created_at >= ${since}
    )
    RETURNING id
  `.execute(db);
  return inserted.rows.length > 0;
}

/** Takes back a link whose email could not be sent, so asking again is not refused. */
export async function forgetSignInLink(db: Db, tokenId: string): Promise<void> {
  await db.deleteFrom('sign_in_links').where('token_id', '=', tokenId).execute();
}

/**
 * Uses a sign-in link: marks it used if it was unused and created at or after `since`, in
 * one statement, so a link opens one session however often it is pressed. The subscriber's
 * id, or null when the link is unknown, used or too old.
 */
export async function spendSignInLink(
  db: Db,
  link: { tokenId: string; now: string; since: string },
): Promise<number | null> {
  const used = await db
    .updateTable('sign_in_links')
    .set({ used_at: link.now })
    .where('token_id', '=', link.tokenId)
    .where('used_at', 'is', null)
    .where('created_at', '>=', link.since)
    .returning('subscriber_id')
    .executeTakeFirst();
  return used?.subscriber_id ?? null;
}

/** The state of a sign-in link, for the page its GET shows (it changes nothing). */
export function findSignInLink(
  db: Db,
  tokenId: string,
): Promise<{ created_at: string; used_at: string | null } | undefined> {
  return db
    .selectFrom('sign_in_links')
    .select(['created_at', 'used_at'])
    .where('token_id', '=', tokenId)
    .executeTakeFirst();
}

/** Starts a session; forgets sessions idle since before `forgetBefore` on the way. */
export async function insertSession(
  db: Db,
  session: { idHash: string; subscriberId: number; now: string; forgetBefore: string },
): Promise<void> {
  await db
    .deleteFrom('subscriber_sessions')
    .where('last_seen_at', '<', session.forgetBefore)
    .execute();
  await db
    .insertInto('subscriber_sessions')
    .values({
      id_hash: session.idHash,
      subscriber_id: session.subscriberId,
      created_at: session.now,
      last_seen_at: session.now,
    })
    .execute();
}

/**
 * The subscriber of a session used at or after `since`, which counts as used again `now`
 * (the idle limit runs from each use); null for an unknown or idle session.
 */
export async function touchSession(
  db: Db,
  session: { idHash: string; now: string; since: string },
): Promise<number | null> {
  const row = await db
    .updateTable('subscriber_sessions')
    .set({ last_seen_at: session.now })
    .where('id_hash', '=', session.idHash)
    .where('last_seen_at', '>=', session.since)
    .returning('subscriber_id')
    .executeTakeFirst();
  return row?.subscriber_id ?? null;
}

export async function deleteSession(db: Db, idHash: string): Promise<void> {
  await db.deleteFrom('subscriber_sessions').where('id_hash', '=', idHash).execute();
}

/** The token ids of every sign-in link a subscriber was sent: their emails' keys. */
export async function signInTokenIdsOf(db: Db, subscriberId: number): Promise<string[]> {
  const rows = await db
    .selectFrom('sign_in_links')
    .select('token_id')
    .where('subscriber_id', '=', subscriberId)
    .execute();
  return rows.map((row) => row.token_id);
}
