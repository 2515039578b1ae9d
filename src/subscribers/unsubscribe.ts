import { cancelQueuedDeliveries } from '../db/deliveries.ts';
import type { SubscriberStatus } from '../db/schema.ts';
import { updateSubscriberIfStatus } from '../db/subscribers.ts';
import type { Deps } from '../deps.ts';

const MAILABLE: readonly SubscriberStatus[] = ['pending', 'active', 'paused', 'completed'];

/**
 * Stops all mail to a subscriber: first the status (so no pass plans anything new), then
 * whatever was still queued. Unsubscribing twice is harmless.
 */
export async function unsubscribe(
  deps: Pick<Deps, 'db' | 'clock'>,
  subscriberId: number,
  reason: string,
): Promise<void> {
  const now = deps.clock().toISOString();
  await updateSubscriberIfStatus(deps.db, subscriberId, MAILABLE, {
    status: 'unsubscribed',
    next_send_at: null,
    stop_reason: reason,
    unsubscribed_at: now,
    updated_at: now,
  });
  await cancelQueuedDeliveries(deps.db, subscriberId, now);
}
