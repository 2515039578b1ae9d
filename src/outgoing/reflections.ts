import { reflectionCountOf } from '../db/admin-subscribers.ts';
import { findEnrollment } from '../db/enrollments.ts';
import type { Deps } from '../deps.ts';
import { emit } from './emit.ts';

/** `reflection.added`: which email was reflected on and how many there are now; no text. */
export async function emitReflectionAdded(
  deps: Pick<Deps, 'db' | 'clock' | 'log'>,
  enrollmentId: number,
  messageKey: string,
): Promise<void> {
  const enrollment = await findEnrollment(deps.db, enrollmentId);
  if (!enrollment) return;
  const count = await reflectionCountOf(deps.db, enrollmentId);
  await emit(deps, 'reflection.added', {
    subscriber_id: enrollment.subscriberId,
    enrollment_id: enrollmentId,
    message: messageKey,
    count,
  });
}
