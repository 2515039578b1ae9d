import {
  findDeliveryForEvent,
  markDeliveryEventProcessed,
  recordDeliveryEvent,
} from '../db/delivery-events.ts';
import type { Deps } from '../deps.ts';
import type { WebhookEvent } from './event.ts';
import { type EventOutcome, handlerFor } from './handlers.ts';

/**
 * Applies a verified event once per svix-id. The event is stored first, then applied, then
 * marked processed: a redelivery of a processed event changes nothing, and one whose
 * processing died halfway is applied again (every handler is safe to repeat), since D1
 * offers no transaction to make the three writes one.
 */
export async function processWebhookEvent(
  deps: Deps,
  event: WebhookEvent,
): Promise<EventOutcome | 'duplicate'> {
  const now = deps.clock().toISOString();
  const delivery = await findDeliveryForEvent(deps.db, event);
  const pending = await recordDeliveryEvent(deps.db, {
    svixId: event.svixId,
    type: event.type,
    emailId: event.emailId,
    deliveryId: delivery?.id ?? null,
    detail: event.bounceType,
    occurredAt: event.occurredAt,
    now,
  });
  if (!pending) return 'duplicate';
  const outcome = await handlerFor(event.type)(deps, event, delivery);
  await markDeliveryEventProcessed(deps.db, event.svixId, deps.clock().toISOString());
  return outcome;
}
