import type { Deps } from '../deps.ts';
import { resumeEndedBreaks } from '../subscribers/preferences-break.ts';
import { planCheckins } from './checkins.ts';
import { planCourseMail } from './plan.ts';
import { type SendReport, sendDue } from './send.ts';

export interface TickReport extends SendReport {
  planned: number;
}

/** One scheduler pass as at `now`: plan what is due, then send what is queued. */
export async function tick(deps: Deps, now: Date): Promise<TickReport> {
  const planned = await planDue(deps, now);
  const sent = await sendDue(deps, now);
  return { planned, ...sent };
}

/** Plans and sends one subscriber's due mail at once (the welcome right after confirming). */
export async function deliverNow(deps: Deps, enrollmentId: number): Promise<void> {
  const now = deps.clock();
  await planCourseMail(deps, now, { enrollmentId });
  await sendDue(deps, now, { enrollmentId });
}

/**
 * The planning half of a pass (every runtime's scheduler calls this): end the breaks that
 * are over, then turn due lessons and check-ins into deliveries. Returns how many it planned.
 */
export async function planDue(deps: Pick<Deps, 'db' | 'clock' | 'courses'>, now: Date) {
  await resumeEndedBreaks(deps, now);
  return (await planCourseMail(deps, now)) + (await planCheckins(deps, now));
}
