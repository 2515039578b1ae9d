import { sql } from 'kysely';
import type { Db } from './database.ts';
import type { DeliveryRow, SubscriberRow } from './schema.ts';
import { subscribersByIds } from './subscribers.ts';

export interface NewDelivery {
  subscriberId: number;
  round: number;
  messageKey: string;
  tokenId: string;
  dueAt: string;
  now: string;
}

/** Inserts a delivery unless this subscriber already has one for the message in this round. */
export async function insertDelivery(db: Db, delivery: NewDelivery): Promise<void> {
  await db
    .insertInto('deliveries')
    .values({
      subscriber_id: delivery.subscriberId,
      round: delivery.round,
      message_key: delivery.messageKey,
      token_id: delivery.tokenId,
      status: 'queued',
      due_at: delivery.dueAt,
      created_at: delivery.now,
      updated_at: delivery.now,
    })
    .onConflict((oc) => oc.columns(['subscriber_id', 'round', 'message_key']).doNothing())
    .execute();
}

export function findDeliveryByTokenId(db: Db, tokenId: string): Promise<DeliveryRow | undefined> {
  return db.selectFrom('deliveries').selectAll().where('token_id', '=', tokenId).executeTakeFirst();
}

/** The subscriber's confirmation emails, newest first. */
export function confirmationDeliveries(db: Db, subscriberId: number): Promise<DeliveryRow[]> {
  return db
    .selectFrom('deliveries')
    .selectAll()
    .where('subscriber_id', '=', subscriberId)
    .where('message_key', 'like', 'confirm:%')
    .orderBy('id', 'desc')
    .execute();
}

export interface ClaimedDelivery {
  delivery: DeliveryRow;
  subscriber: SubscriberRow;
}

/**
 * Claims up to `limit` due deliveries for one sending run: queued ones whose time has come,
 * and 'sending' ones whose earlier claim expired (that run died). One UPDATE ... RETURNING,
 * so two runs can never claim the same row. Only mail the subscriber still wants is taken:
 * confirmations while pending, everything else while active or completed (a paused
 * subscriber's queued mail waits for the pause to end).
 */
export async function claimDueDeliveries(
  db: Db,
  options: { now: string; leaseUntil: string; limit: number; subscriberId?: number },
): Promise<ClaimedDelivery[]> {
  const { now, leaseUntil, limit } = options;
  const ids = db
    .selectFrom('deliveries as d')
    .innerJoin('subscribers as s', 's.id', 'd.subscriber_id')
    .select('d.id')
    .where((eb) =>
      eb.or([
        eb.and([eb('d.status', '=', 'queued'), eb('d.due_at', '<=', now)]),
        eb.and([eb('d.status', '=', 'sending'), eb('d.lease_until', '<=', now)]),
      ]),
    )
    .where((eb) =>
      eb.or([
        eb.and([eb('d.message_key', 'like', 'confirm:%'), eb('s.status', '=', 'pending')]),
        eb.and([
          eb('d.message_key', 'not like', 'confirm:%'),
          eb('s.status', 'in', ['active', 'completed']),
        ]),
      ]),
    )
    .$if(options.subscriberId !== undefined, (qb) =>
      qb.where('d.subscriber_id', '=', options.subscriberId ?? 0),
    )
    .orderBy('d.due_at')
    .limit(limit);

  const claimed = await db
    .updateTable('deliveries')
    .set((eb) => ({
      status: 'sending',
      lease_until: leaseUntil,
      attempts: eb('attempts', '+', 1),
      updated_at: now,
    }))
    .where('id', 'in', ids)
    .returningAll()
    .execute();
  if (claimed.length === 0) return [];

  const subscribers = await subscribersByIds(
    db,
    claimed.map((row) => row.subscriber_id),
  );
  const byId = new Map(subscribers.map((row) => [row.id, row]));
  return claimed.flatMap((delivery) => {
    const subscriber = byId.get(delivery.subscriber_id);
    return subscriber ? [{ delivery, subscriber }] : [];
  });
}

export async function markDeliverySent(
  db: Db,
  id: number,
  result: { providerId: string; now: string },
): Promise<void> {
  await db
    .updateTable('deliveries')
    .set({
      status: 'sent',
      provider_id: result.providerId,
      sent_at: result.now,
      lease_until: null,
      last_error: null,
      updated_at: result.now,
    })
    .where('id', '=', id)
    .where('status', '=', 'sending')
    .execute();
}

/** Puts a delivery back in the queue to be tried again at `retryAt`. */
export async function requeueDelivery(
  db: Db,
  id: number,
  failure: { reason: string; retryAt: string; now: string },
): Promise<void> {
  await db
    .updateTable('deliveries')
    .set({
      status: 'queued',
      due_at: failure.retryAt,
      lease_until: null,
      last_error: failure.reason,
      updated_at: failure.now,
    })
    .where('id', '=', id)
    .where('status', '=', 'sending')
    .execute();
}

export async function markDeliveryFailed(
  db: Db,
  id: number,
  failure: { reason: string; now: string },
): Promise<void> {
  await db
    .updateTable('deliveries')
    .set({
      status: 'failed',
      lease_until: null,
      last_error: failure.reason,
      updated_at: failure.now,
    })
    .where('id', '=', id)
    .where('status', 'in', ['sending', 'queued'])
    .execute();
}

/** Cancels everything still waiting to go to a subscriber (unsubscribe, bounce, erasure). */
export async function cancelQueuedDeliveries(db: Db, subscriberId: number, now: string) {
  await db
    .updateTable('deliveries')
    .set({ status: 'cancelled', updated_at: now, last_error: sql<string>`'subscriber stopped'` })
    .where('subscriber_id', '=', subscriberId)
    .where('status', '=', 'queued')
    .execute();
}

export function deliveriesOf(db: Db, subscriberId: number): Promise<DeliveryRow[]> {
  return db
    .selectFrom('deliveries')
    .selectAll()
    .where('subscriber_id', '=', subscriberId)
    .orderBy('id')
    .execute();
}

/**
 * The latest course email (welcome, lesson, closing; any round) that went out or is about to
 * (queued or being sent): the anchor from which a changed schedule counts, so that the next
 * one never lands too close to it.
 */
export function lastCourseDelivery(db: Db, subscriberId: number) {
  return lastDelivery(db, subscriberId, 'course');
}

/** The latest check-in that went out or is about to. */
export function lastCheckinDelivery(db: Db, subscriberId: number) {
  return lastDelivery(db, subscriberId, 'checkin');
}

function lastDelivery(
  db: Db,
  subscriberId: number,
  kind: 'course' | 'checkin',
): Promise<Pick<DeliveryRow, 'status' | 'due_at' | 'sent_at'> | undefined> {
  return db
    .selectFrom('deliveries')
    .select(['status', 'due_at', 'sent_at'])
    .where('subscriber_id', '=', subscriberId)
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
}

/**
 * How many check-ins the subscriber had before this one: its place in the question rotation
 * (the same count as checkinIndexOf in src/reflections/journal.ts, without loading them all).
 */
export async function checkinsBefore(
  db: Db,
  delivery: Pick<DeliveryRow, 'id' | 'subscriber_id'>,
): Promise<number> {
  const row = await db
    .selectFrom('deliveries')
    .select((eb) => eb.fn.countAll<number>().as('before'))
    .where('subscriber_id', '=', delivery.subscriber_id)
    .where('message_key', 'like', 'checkin:%')
    .where('id', '<', delivery.id)
    .executeTakeFirstOrThrow();
  return Number(row.before);
}
