import { sql } from 'kysely';
import type { Subscriber } from '../subscribers/enrollment.ts';
import type { Db } from './database.ts';
import { toSubscriber } from './enrollment-mapping.ts';
import { prepared } from './prepared.ts';
import type { EnrollmentStatus } from './schema.ts';

/**
 * An address as people are told apart: lower-cased, as SQLite's lower() does it (ASCII
 * letters only, all an accepted address holds). The unique index on lower(email) keeps one
 * person per address whatever the case (migrations 0007 and 0009).
 */
export function addressKey(email: string): string {
  return email.replace(/[A-Z]+/g, (letters) => letters.toLowerCase());
}

const byAddress = prepared(['key'], (db, { key }) =>
  db.selectFrom('subscribers').selectAll().where(sql`lower(email)`, '=', key),
);

/** The person with this address, in any letter case. */
export async function findSubscriberByEmail(
  db: Db,
  email: string,
): Promise<Subscriber | undefined> {
  const { rows } = await byAddress(db, { key: addressKey(email) });
  return rows[0] && toSubscriber(rows[0]);
}

export async function findSubscriber(db: Db, id: number): Promise<Subscriber | undefined> {
  const row = await db
    .selectFrom('subscribers')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirst();
  return row && toSubscriber(row);
}

const insertIfNew = prepared(['email', 'name', 'now'], (db, row) =>
  db
    .insertInto('subscribers')
    .values({ email: row.email, name: row.name, created_at: row.now, updated_at: row.now })
    // The conflict that matters: the unique index on lower(email).
    .onConflict((oc) => oc.doNothing())
    .returning('id'),
);

/**
 * The person with this address, added if new: one statement for a new address (the common
 * case of a signup), a second to find a known one. `created` says which.
 */
export async function ensureSubscriber(
  db: Db,
  person: { email: string; name: string | null; now: string },
): Promise<{ id: number; created: boolean }> {
  const { rows } = await insertIfNew(db, person);
  const id = rows[0]?.id;
  if (id !== undefined) return { id, created: true };
  const known = await findSubscriberByEmail(db, person.email);
  if (!known) throw new Error('an address both present and absent: a concurrent erasure');
  return { id: known.id, created: false };
}

/** A person's name, as they gave it in their preferences (null: none). */
export async function renameSubscriber(
  db: Db,
  id: number,
  name: string | null,
  now: Date,
): Promise<void> {
  await db
    .updateTable('subscribers')
    .set({ name, updated_at: now.toISOString() })
    .where('id', '=', id)
    .execute();
}

/** Whether any enrollment of the person is in one of `statuses`. */
export async function anyEnrollmentIn(
  db: Db,
  subscriberId: number,
  statuses: readonly EnrollmentStatus[],
): Promise<boolean> {
  const row = await db
    .selectFrom('enrollments')
    .select('id')
    .where('subscriber_id', '=', subscriberId)
    .where('status', 'in', statuses)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * Stops every enrollment of the person that is still in one of `from`: "stop everything",
 * a bounce or a complaint (which concern the address, so every course).
 */
export async function stopAllEnrollments(
  db: Db,
  subscriberId: number,
  from: readonly EnrollmentStatus[],
  changes: { status: EnrollmentStatus; stop_reason: string; now: string },
): Promise<number> {
  const result = await db
    .updateTable('enrollments')
    .set({
      status: changes.status,
      stop_reason: changes.stop_reason,
      next_send_at: null,
      next_checkin_at: null,
      unsubscribed_at: changes.status === 'unsubscribed' ? changes.now : undefined,
      updated_at: changes.now,
    })
    .where('subscriber_id', '=', subscriberId)
    .where('status', 'in', from)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/**
 * Erases a person: one statement, so it happens whole or not at all; their enrollments,
 * deliveries, reflections, sign-in links and sessions go with it (ON DELETE CASCADE; foreign
 * keys are on in src/db/sqlite.ts and always on in D1).
 */
export async function deleteSubscriber(db: Db, id: number): Promise<void> {
  await db.deleteFrom('subscribers').where('id', '=', id).execute();
}

/**
 * After an erasure, moves the write-ahead log into the database file and empties it, so the
 * erased rows' old page images do not linger in the -wal file (with secure_delete on, see
 * src/db/sqlite.ts, the database file itself keeps no deleted content). SQLite only: D1
 * manages its own storage and refuses the pragma, which is fine, so a refusal is ignored.
 */
export async function scrubDeletedData(db: Db): Promise<void> {
  try {
    await sql`PRAGMA wal_checkpoint(TRUNCATE)`.execute(db);
  } catch {
    // Not SQLite (D1), or a reader holds the log open: the next checkpoint does it.
  }
}
