import { cancelQueuedDeliveries } from '../db/deliveries.ts';
import { enrollmentsOf, findEnrollment, updateEnrollmentIfStatus } from '../db/enrollments.ts';
import type { Deps } from '../deps.ts';
import { emit } from '../outgoing/emit.ts';
import { MAILABLE } from './states.ts';

/**
 * Stops all mail of one course to a subscriber: first the status (so no pass plans anything
 * new), then whatever was still queued. Their other courses go on. Unsubscribing twice is
 * harmless.
 */
export async function unsubscribe(
  deps: Pick<Deps, 'db' | 'clock' | 'log'>,
  enrollmentId: number,
  reason: string,
): Promise<void> {
  const now = deps.clock();
  const left = await updateEnrollmentIfStatus(deps.db, enrollmentId, MAILABLE, {
    status: 'unsubscribed',
    nextSendAt: null,
    stopReason: reason,
    unsubscribedAt: now,
    updatedAt: now,
  });
  await cancelQueuedDeliveries(deps.db, enrollmentId, now.toISOString());
  const enrollment = left ? await findEnrollment(deps.db, enrollmentId) : undefined;
  if (enrollment)
    await emit(deps, 'subscriber.unsubscribed', {
      subscriber_id: enrollment.subscriberId,
      enrollment_id: enrollment.id,
      course: enrollment.courseId,
      reason,
    });
}

/** "Stop everything": unsubscribes the person from every course they take. */
export async function unsubscribeEverywhere(
  deps: Pick<Deps, 'db' | 'clock' | 'log'>,
  subscriberId: number,
  reason: string,
): Promise<void> {
  for (const enrollment of await enrollmentsOf(deps.db, subscriberId)) {
    await unsubscribe(deps, enrollment.id, reason);
  }
}
