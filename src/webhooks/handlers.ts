import { setDeliveryOutcome } from '../db/delivery-events.ts';
import { findEnrollment } from '../db/enrollments.ts';
import type { Delivery } from '../delivery/delivery.ts';
import type { Deps } from '../deps.ts';
import { redact } from '../mail/resend-errors.ts';
import { emit } from '../outgoing/emit.ts';
import { type ReplyOutcome, storeReply } from '../reflections/inbound.ts';
import { type DeliveryStop, stopMail } from '../subscribers/stop.ts';
import type { WebhookEvent } from './event.ts';

/** What a handler did, for the log line (never an address or any text of the email). */
export type EventOutcome =
  | 'delivered'
  | 'stopped'
  | 'failed'
  | 'ignored-transient'
  | 'ignored-reconfirmed'
  | 'no-delivery'
  | 'acknowledged'
  | `reply-${ReplyOutcome}`;

/**
 * Applies one event. Must be safe to run twice (a crash before the event is marked processed
 * means it runs again on redelivery). To have the provider redeliver later (say, a reply whose
 * text cannot be fetched yet), throw: the event stays unprocessed and the route answers 500.
 */
export type WebhookHandler = (
  deps: Deps,
  event: WebhookEvent,
  delivery: Delivery | undefined,
) => Promise<EventOutcome>;

const acknowledge: WebhookHandler = async () => 'acknowledged';

/**
 * What Tend does with each event type: the one place to add one. Types not listed (sent,
 * delivery_delayed, opened, clicked, contact and domain events, anything new) are
 * acknowledged and logged.
 */
export const WEBHOOK_HANDLERS: Readonly<Record<string, WebhookHandler>> = {
  'email.delivered': async (deps, event, delivery) => {
    if (!delivery) return 'no-delivery';
    await setDeliveryOutcome(deps.db, delivery.id, {
      status: 'delivered',
      from: ['queued', 'sending', 'sent'],
      emailId: event.emailId,
      now: deps.clock().toISOString(),
    });
    return 'delivered';
  },
  'email.bounced': async (deps, event, delivery) => {
    // A transient bounce (mailbox full, greylisting) is the receiving server's to retry.
    if (event.bounceType !== 'Permanent') return 'ignored-transient';
    return stop(deps, event, delivery, { status: 'bounced', reason: 'hard bounce' });
  },
  'email.complained': (deps, event, delivery) =>
    stop(deps, event, delivery, { status: 'complained', reason: 'marked as spam' }),
  'email.suppressed': (deps, event, delivery) =>
    stop(deps, event, delivery, {
      status: 'suppressed',
      reason: 'on the provider suppression list',
    }),
  'email.failed': async (deps, event, delivery) => {
    if (!delivery) return 'no-delivery';
    const failed = event.data.failed;
    const reason =
      typeof failed === 'object' && failed !== null && 'reason' in failed
        ? String(failed.reason)
        : 'unknown';
    await setDeliveryOutcome(deps.db, delivery.id, {
      status: 'failed',
      from: ['queued', 'sending', 'sent'],
      emailId: event.emailId,
      reason: `provider could not send: ${redact(reason)}`,
      now: deps.clock().toISOString(),
    });
    return 'failed';
  },
  // A reply to a lesson: into the journal (src/reflections/inbound.ts). Without a provider
  // to fetch the body from there is nothing to store. A failed fetch throws, so the event
  // stays unprocessed and the provider's redelivery tries again.
  'email.received': async (deps, event) => {
    if (!deps.inbound || !event.emailId) return 'acknowledged';
    const from = typeof event.data.from === 'string' ? event.data.from : '';
    const to = Array.isArray(event.data.to)
      ? event.data.to.filter((address): address is string => typeof address === 'string')
      : [];
    const outcome = await storeReply(deps, { emailId: event.emailId, from, to }, deps.inbound);
    if (outcome === 'unavailable') throw new Error('could not fetch the received email');
    return `reply-${outcome}`;
  },
};

export function handlerFor(type: string): WebhookHandler {
  return Object.hasOwn(WEBHOOK_HANDLERS, type)
    ? (WEBHOOK_HANDLERS[type] ?? acknowledge)
    : acknowledge;
}

/** Status the delivery records for each kind of stop. */
const DELIVERY_STATUS = {
  bounced: 'bounced',
  complained: 'complained',
  suppressed: 'failed',
} as const;

async function stop(
  deps: Deps,
  event: WebhookEvent,
  delivery: Delivery | undefined,
  stop: { status: DeliveryStop; reason: string },
): Promise<EventOutcome> {
  if (!delivery) return 'no-delivery';
  const now = deps.clock().toISOString();
  await setDeliveryOutcome(deps.db, delivery.id, {
    status: DELIVERY_STATUS[stop.status],
    from: ['queued', 'sending', 'sent', 'delivered'],
    emailId: event.emailId,
    reason: stop.reason,
    now,
  });
  const subscriber = await findEnrollment(deps.db, delivery.enrollmentId);
  if (!subscriber) return 'no-delivery';
  // Confirming after this email was made proves the address works: a late report about
  // the old email does not stop the new round.
  if (subscriber.confirmedAt && subscriber.confirmedAt > delivery.createdAt) {
    return 'ignored-reconfirmed';
  }
  await stopMail(deps, subscriber.subscriberId, stop);
  if (stop.status !== 'suppressed')
    await emit(deps, `email.${stop.status}`, {
      subscriber_id: subscriber.subscriberId,
      enrollment_id: subscriber.id,
      delivery_id: delivery.id,
      message: delivery.messageKey,
    });
  return 'stopped';
}
