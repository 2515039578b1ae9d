import { cancelQueuedDeliveries } from '../db/deliveries.ts';
import type { SubscriberStatus } from '../db/schema.ts';
import { findSubscriber, updateSubscriberIfStatus } from '../db/subscribers.ts';
import type { Deps } from '../deps.ts';
import { emit } from '../outgoing/emit.ts';

const MAILABLE: readonly SubscriberStatus[] = ['pending', 'active', 'paused', 'completed'];

/**
 * Stops all mail to a subscriber: first the status (so no pass plans anything new), then
 * whatever was still queued. Unsubscribing twice is harmless.
 */
export async function unsubscribe(
  deps: Pick<Deps, 'db' | 'clock' | 'log'>,
  subscriberId: number,
  reason: string,
): Promise<void> {
  const now = deps.clock().toISOString();
  const left = await updateSubscriberIfStatus(deps.db, subscriberId, MAILABLE, {
    status: 'unsubscribed',
    next_send_at: null,
    stop_reason: reason,
    unsubscribed_at: now,
    updated_at: now,
  });
  await cancelQueuedDeliveries(deps.db, subscriberId, now);
  if (left)
    await emit(deps, 'subscriber.unsubscribed', {
      subscriber_id: subscriberId,
      course: (await findSubscriber(deps.db, subscriberId))?.course_id ?? '',
      reason,
    });
}
