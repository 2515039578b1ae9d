import { enrollmentsByIds } from '../db/enrollments.ts';
import type { Deps } from '../deps.ts';
import { emitEvents } from './emit.ts';

/** `enrollment.completed` for enrollments a planning pass has just moved past the course. */
export async function emitCompletions(
  deps: Pick<Deps, 'db' | 'clock' | 'log'>,
  enrollmentIds: readonly number[],
): Promise<void> {
  if (enrollmentIds.length === 0) return;
  const enrollments = await enrollmentsByIds(deps.db, enrollmentIds);
  await emitEvents(
    deps,
    enrollments.map((enrollment) => ({
      type: 'enrollment.completed' as const,
      data: {
        subscriber_id: enrollment.subscriberId,
        enrollment_id: enrollment.id,
        course: enrollment.courseId,
      },
    })),
  );
}
