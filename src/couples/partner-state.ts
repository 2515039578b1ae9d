import type { Course } from '../course/course.ts';
import { partnerOf } from '../db/couples.ts';
import type { Deps } from '../deps.ts';
import type { PartnerState } from '../pages/partner-section.tsx';
import type { Enrollment } from '../subscribers/enrollment.ts';
import { inviterSees } from './invite.ts';

const MAY_PAIR = new Set(['active', 'paused', 'completed']);

/** The couples section of a reader's preferences page: offered, linked, invitation seen. */
export async function partnerState(
  deps: Pick<Deps, 'db' | 'clock'>,
  enrollment: Enrollment,
  course: Course,
): Promise<PartnerState> {
  const offered = course.couples && MAY_PAIR.has(enrollment.status);
  if (!offered) return { offered, linked: false, invitation: 'none' };
  const [partner, invitation] = await Promise.all([
    partnerOf(deps.db, enrollment.id),
    inviterSees(deps, enrollment.id),
  ]);
  return { offered, linked: partner !== null, invitation };
}
