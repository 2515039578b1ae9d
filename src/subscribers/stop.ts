import { cancelQueuedDeliveries } from '../db/deliveries.ts';
import type { SubscriberStatus } from '../db/schema.ts';
import { updateSubscriberIfStatus } from '../db/subscribers.ts';
import type { Deps } from '../deps.ts';

/** Why the provider says an address must get no more mail. */
export type DeliveryStop = 'bounced' | 'complained' | 'suppressed';

/** Anyone who could still be mailed, and the unsubscribed (a complaint says more). */
const STOPPABLE: readonly SubscriberStatus[] = [
  'pending',
  'active',
  'paused',
  'completed',
  'unsubscribed',
];

/**
 * Stops all mail to an address the provider reports as hard-bounced, complained about or
 * suppressed: first the status (so no pass plans anything new, check-ins included), then
 * whatever was still queued. Only signing up and confirming again brings the subscriber
 * back (src/subscribers/signup.ts). Says whether the status changed.
 */
export async function stopMail(
  deps: Pick<Deps, 'db' | 'clock'>,
  subscriberId: number,
  stop: { readonly status: DeliveryStop; readonly reason: string },
): Promise<boolean> {
  const now = deps.clock().toISOString();
  const stopped = await updateSubscriberIfStatus(deps.db, subscriberId, STOPPABLE, {
    status: stop.status,
    next_send_at: null,
    next_checkin_at: null,
    stop_reason: stop.reason,
    updated_at: now,
  });
  await cancelQueuedDeliveries(deps.db, subscriberId, now);
  return stopped;
}
