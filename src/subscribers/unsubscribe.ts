import { cancelQueuedDeliveries } from '../db/deliveries.ts';
import { enrollmentsOf, updateEnrollmentIfStatus } from '../db/enrollments.ts';
import type { Deps } from '../deps.ts';
import { MAILABLE } from './states.ts';

/**
 * Stops all mail of one course to a subscriber: first the status (so no pass plans anything
 * new), then whatever was still queued. Their other courses go on. Unsubscribing twice is
 * harmless.
 */
export async function unsubscribe(
  deps: Pick<Deps, 'db' | 'clock'>,
  enrollmentId: number,
  reason: string,
): Promise<void> {
  const now = deps.clock().toISOString();
  await updateEnrollmentIfStatus(deps.db, enrollmentId, MAILABLE, {
    status: 'unsubscribed',
    next_send_at: null,
    stop_reason: reason,
    unsubscribed_at: now,
    updated_at: now,
  });
  await cancelQueuedDeliveries(deps.db, enrollmentId, now);
}

/** "Stop everything": unsubscribes the person from every course they take. */
export async function unsubscribeEverywhere(
  deps: Pick<Deps, 'db' | 'clock'>,
  subscriberId: number,
  reason: string,
): Promise<void> {
  for (const enrollment of await enrollmentsOf(deps.db, subscriberId)) {
    await unsubscribe(deps, enrollment.id, reason);
  }
}
