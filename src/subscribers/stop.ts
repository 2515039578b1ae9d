import { cancelQueuedDeliveries } from '../db/deliveries.ts';
import { enrollmentsOf } from '../db/enrollments.ts';
import { stopAllEnrollments } from '../db/subscribers.ts';
import type { Deps } from '../deps.ts';
import { MAILABLE } from './states.ts';

/** Why the provider says an address must get no more mail. */
export type DeliveryStop = 'bounced' | 'complained' | 'suppressed';

/**
 * Stops all mail to an address the provider reports as hard-bounced, complained about or
 * suppressed: in every course, since the address is what failed. First the statuses (so no
 * pass plans anything new, check-ins included), then whatever was still queued. Only
 * signing up and confirming again brings an enrollment back (src/subscribers/signup.ts).
 * Says whether any status changed.
 */
export async function stopMail(
  deps: Pick<Deps, 'db' | 'clock'>,
  subscriberId: number,
  stop: { readonly status: DeliveryStop; readonly reason: string },
): Promise<boolean> {
  const now = deps.clock().toISOString();
  // The unsubscribed too: a complaint says more.
  const stopped = await stopAllEnrollments(deps.db, subscriberId, [...MAILABLE, 'unsubscribed'], {
    status: stop.status,
    stop_reason: stop.reason,
    now,
  });
  for (const enrollment of await enrollmentsOf(deps.db, subscriberId)) {
    await cancelQueuedDeliveries(deps.db, enrollment.id, now);
  }
  return stopped > 0;
}
