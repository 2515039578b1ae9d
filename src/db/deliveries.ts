import { sql } from 'kysely';
import type { Delivery } from '../delivery/delivery.ts';
import type { Db } from './database.ts';
import { toDelivery } from './delivery-mapping.ts';
import { instant } from './enrollment-mapping.ts';
import { prepared } from './prepared.ts';

export interface NewDelivery {
  enrollmentId: number;
  round: number;
  messageKey: string;
  tokenId: string;
  dueAt: string;
  now: string;
}

const insertOne = prepared(
  ['enrollmentId', 'round', 'messageKey', 'tokenId', 'dueAt', 'now'],
  (db, delivery) =>
    db
      .insertInto('deliveries')
      .values({
        enrollment_id: delivery.enrollmentId,
        round: delivery.round,
        message_key: delivery.messageKey,
        token_id: delivery.tokenId,
        status: 'queued',
        due_at: delivery.dueAt,
        created_at: delivery.now,
        updated_at: delivery.now,
      })
      .onConflict((oc) => oc.columns(['enrollment_id', 'round', 'message_key']).doNothing()),
);

/** Inserts a delivery unless this enrollment already has one for the message in this round. */
export async function insertDelivery(db: Db, delivery: NewDelivery): Promise<void> {
  await insertOne(db, delivery);
}

/**
 * Rows per multi-row statement. The rows travel as one JSON parameter (D1 binds at most 100
 * parameters per statement), and a hundred keep it far below D1's 100 KB statement limit.
 */
export const ROWS_PER_STATEMENT = 100;

/**
 * Inserts many deliveries, each unless its enrollment already has one for that message in
 * that round (as insertDelivery does for one), in statements of ROWS_PER_STATEMENT rows, in
 * the order given (ids, and so the sending order, follow it).
 */
export async function insertDeliveries(db: Db, deliveries: readonly NewDelivery[]): Promise<void> {
  for (let start = 0; start < deliveries.length; start += ROWS_PER_STATEMENT) {
    const rows = deliveries
      .slice(start, start + ROWS_PER_STATEMENT)
      .map((d) => [d.enrollmentId, d.round, d.messageKey, d.tokenId, d.dueAt, d.now]);
    // `WHERE true` tells SQLite that ON CONFLICT belongs to the INSERT, not to a join.
    await sql`
      INSERT INTO deliveries
        (enrollment_id, round, message_key, token_id, status, due_at, created_at, updated_at)
      SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]'),
        json_extract(value, '$[2]'), json_extract(value, '$[3]'), 'queued',
        json_extract(value, '$[4]'), json_extract(value, '$[5]'), json_extract(value, '$[5]')
      FROM json_each(${JSON.stringify(rows)})
      WHERE true
      ON CONFLICT (enrollment_id, round, message_key) DO NOTHING
    `.execute(db);
  }
}

export async function findDeliveryByTokenId(
  db: Db,
  tokenId: string,
): Promise<Delivery | undefined> {
  const row = await db
    .selectFrom('deliveries')
    .selectAll()
    .where('token_id', '=', tokenId)
    .executeTakeFirst();
  return row && toDelivery(row);
}

/** The subscriber's confirmation emails, newest first. */
export async function confirmationDeliveries(db: Db, enrollmentId: number): Promise<Delivery[]> {
  const rows = await db
    .selectFrom('deliveries')
    .selectAll()
    .where('enrollment_id', '=', enrollmentId)
    .where('message_key', 'like', 'confirm:%')
    .orderBy('id', 'desc')
    .execute();
  return rows.map(toDelivery);
}

/** The id of the subscriber's most recent confirmation email, if any. */
export async function latestConfirmationId(
  db: Db,
  enrollmentId: number,
): Promise<number | undefined> {
  const row = await db
    .selectFrom('deliveries')
    .select('id')
    .where('enrollment_id', '=', enrollmentId)
    .where('message_key', 'like', 'confirm:%')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row?.id;
}

/** Cancels everything still waiting to go to a subscriber (unsubscribe, bounce, erasure). */
export async function cancelQueuedDeliveries(db: Db, enrollmentId: number, now: string) {
  await db
    .updateTable('deliveries')
    .set({ status: 'cancelled', updated_at: now, last_error: sql<string>`'subscriber stopped'` })
    .where('enrollment_id', '=', enrollmentId)
    .where('status', '=', 'queued')
    .execute();
}

export async function deliveriesOf(db: Db, enrollmentId: number): Promise<Delivery[]> {
  const rows = await db
    .selectFrom('deliveries')
    .selectAll()
    .where('enrollment_id', '=', enrollmentId)
    .orderBy('id')
    .execute();
  return rows.map(toDelivery);
}

/**
 * The latest course email (welcome, lesson, closing; any round) that went out or is about to
 * (queued or being sent): the anchor from which a changed schedule counts, so that the next
 * one never lands too close to it.
 */
export function lastCourseDelivery(db: Db, enrollmentId: number) {
  return lastDelivery(db, enrollmentId, 'course');
}

/** The latest check-in that went out or is about to. */
export function lastCheckinDelivery(db: Db, enrollmentId: number) {
  return lastDelivery(db, enrollmentId, 'checkin');
}

async function lastDelivery(
  db: Db,
  enrollmentId: number,
  kind: 'course' | 'checkin',
): Promise<Pick<Delivery, 'status' | 'dueAt' | 'sentAt'> | undefined> {
  const row = await db
    .selectFrom('deliveries')
    .select(['status', 'due_at', 'sent_at'])
    .where('enrollment_id', '=', enrollmentId)
    .where((eb) =>
      kind === 'checkin'
        ? eb('message_key', 'like', 'checkin:%')
        : eb.or([
            eb('message_key', 'in', ['welcome', 'closing']),
            eb('message_key', 'like', 'lesson:%'),
          ]),
    )
    .where((eb) =>
      eb.or([eb('sent_at', 'is not', null), eb('status', 'in', ['queued', 'sending'])]),
    )
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row && { status: row.status, dueAt: instant(row.due_at), sentAt: instant(row.sent_at) };
}

/**
 * How many check-ins the subscriber had before this one: its place in the question rotation
 * (the same count as checkinIndexOf in src/reflections/journal.ts, without loading them all).
 */
export async function checkinsBefore(
  db: Db,
  delivery: Pick<Delivery, 'id' | 'enrollmentId'>,
): Promise<number> {
  const row = await db
    .selectFrom('deliveries')
    .select((eb) => eb.fn.countAll<number>().as('before'))
    .where('enrollment_id', '=', delivery.enrollmentId)
    .where('message_key', 'like', 'checkin:%')
    .where('id', '<', delivery.id)
    .executeTakeFirstOrThrow();
  return Number(row.before);
}

/**
 * How many reply acknowledgements (`saved:<inbound id>`) a subscriber has had queued since
 * `since`, in any round: the unique key (enrollment_id, round, message_key) leads the lookup.
 */
export async function acknowledgementsSince(
  db: Db,
  enrollmentId: number,
  since: string,
): Promise<number> {
  const row = await db
    .selectFrom('deliveries')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('enrollment_id', '=', enrollmentId)
    .where('message_key', 'like', 'saved:%')
    .where('created_at', '>=', since)
    .executeTakeFirst();
  return Number(row?.count ?? 0);
}
