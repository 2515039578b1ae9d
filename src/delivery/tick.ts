import type { Deps } from '../deps.ts';
import { planCourseMail } from './plan.ts';
import { type SendReport, sendDue } from './send.ts';

export interface TickReport extends SendReport {
  planned: number;
}

/** One scheduler pass as at `now`: plan what is due, then send what is queued. */
export async function tick(deps: Deps, now: Date): Promise<TickReport> {
  const planned = await planCourseMail(deps, now);
  const sent = await sendDue(deps, now);
  return { planned, ...sent };
}

/** Plans and sends one subscriber's due mail at once (the welcome right after confirming). */
export async function deliverNow(deps: Deps, subscriberId: number): Promise<void> {
  const now = deps.clock();
  await planCourseMail(deps, now, { subscriberId });
  await sendDue(deps, now, { subscriberId });
}
