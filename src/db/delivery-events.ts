import { sql } from 'kysely';
import type { Delivery } from '../delivery/delivery.ts';
import type { Db } from './database.ts';
import { toDelivery } from './delivery-mapping.ts';
import type { DeliveryStatus } from './schema.ts';

export interface NewDeliveryEvent {
  readonly svixId: string;
  readonly type: string;
  readonly emailId: string | null;
  readonly deliveryId: number | null;
  readonly detail: string | null;
  readonly occurredAt: string | null;
  readonly now: string;
}

/**
 * Stores a provider event under its svix-id, once. Says whether it still needs processing:
 * false for an event already processed (a redelivery), true for a new one and for one stored
 * earlier by a run that died before finishing it.
 */
export async function recordDeliveryEvent(db: Db, event: NewDeliveryEvent): Promise<boolean> {
  const inserted = await db
    .insertInto('delivery_events')
    .values({
      svix_id: event.svixId,
      type: event.type,
      email_id: event.emailId,
      delivery_id: event.deliveryId,
      detail: event.detail,
      occurred_at: event.occurredAt,
      received_at: event.now,
    })
    .onConflict((oc) => oc.column('svix_id').doNothing())
    .returning('id')
    .executeTakeFirst();
  if (inserted) return true;
  const existing = await db
    .selectFrom('delivery_events')
    .select('processed_at')
    .where('svix_id', '=', event.svixId)
    .executeTakeFirst();
  return existing?.processed_at === null;
}

export async function markDeliveryEventProcessed(db: Db, svixId: string, now: string) {
  await db
    .updateTable('delivery_events')
    .set({ processed_at: now })
    .where('svix_id', '=', svixId)
    .execute();
}

/**
 * The delivery a provider event is about: by the provider's email id when Tend recorded it,
 * else by the `delivery` tag Tend put on the email. A tagged row that recorded another email
 * id is not this email (a database restored or reused), so it is not taken.
 */
export async function findDeliveryForEvent(
  db: Db,
  ids: { readonly emailId: string | null; readonly deliveryId: number | null },
): Promise<Delivery | undefined> {
  if (ids.emailId) {
    const byEmail = await db
      .selectFrom('deliveries')
      .selectAll()
      .where('provider_id', '=', ids.emailId)
      .executeTakeFirst();
    if (byEmail) return toDelivery(byEmail);
  }
  if (ids.deliveryId === null) return undefined;
  const byTag = await db
    .selectFrom('deliveries')
    .selectAll()
    .where('id', '=', ids.deliveryId)
    .executeTakeFirst();
  if (!byTag || (byTag.provider_id && ids.emailId && byTag.provider_id !== ids.emailId)) {
    return undefined;
  }
  return toDelivery(byTag);
}

/**
 * Records what the provider says became of a delivery, if it is still in one of `from`
 * (so a late or repeated event never undoes a later state). Keeps the provider's email id
 * when the send itself could not record it.
 */
export async function setDeliveryOutcome(
  db: Db,
  id: number,
  outcome: {
    readonly status: DeliveryStatus;
    readonly from: readonly DeliveryStatus[];
    readonly emailId: string | null;
    readonly reason?: string;
    readonly now: string;
  },
): Promise<void> {
  await db
    .updateTable('deliveries')
    .set({
      status: outcome.status,
      lease_until: null,
      provider_id: sql<string | null>`coalesce(provider_id, ${outcome.emailId})`,
      updated_at: outcome.now,
      ...(outcome.reason !== undefined ? { last_error: outcome.reason } : {}),
    })
    .where('id', '=', id)
    .where('status', 'in', outcome.from)
    .execute();
}
