import type { Queue } from '@cloudflare/workers-types';
import { countDueDeliveries } from '../db/delivery-batches.ts';
import { countDueEnrollments } from '../db/enrollments.ts';
import { activePause } from '../db/provider-pause.ts';
import { planCheckins } from '../delivery/checkins.ts';
import { planCourseMail } from '../delivery/plan.ts';
import { type SendReport, sendDue } from '../delivery/send.ts';
import type { Deps } from '../deps.ts';
import { resumeEndedBreaks } from '../subscribers/preferences-break.ts';
import { EMAILS_PER_JOB, type Job, planJobsFor, sendJobsFor } from './jobs.ts';

/** Queue.sendBatch takes at most 100 messages a call. */
const MESSAGES_PER_CALL = 100;

/**
 * What the cron plans itself each minute, kept within a Worker invocation's 1,000 D1
 * queries: about 4 statements per ended break, 2 per lesson or check-in planned, and a few
 * counts. Lessons beyond this go to plan jobs; check-ins and break endings beyond it wait
 * for the next minute (6,000 an hour each way is more than a course list needs).
 */
export const CRON_SHARE = { breaks: 25, lessons: 200, checkins: 150 } as const;

export interface CronReport {
  /** Breaks ended, lessons and check-ins planned by the cron itself. */
  resumed: number;
  planned: number;
  /** Subscribers still due after the cron's own share of planning: given to plan jobs. */
  stillDue: number;
  /** Deliveries due to be sent (0 while the provider has paused sending). */
  due: number;
  jobs: number;
  /** Set when there is no queue and the cron sent a batch itself. */
  sent?: SendReport;
}

/**
 * One cron pass at `now`, the Workers form of tick (planDue, then sendDue). It ends breaks
 * and plans lessons and check-ins up to CRON_SHARE itself (a few D1 statements each), gives
 * the lessons still due to plan jobs (one per shard of the subscribers) and all the sending
 * to send jobs (one per EMAILS_PER_JOB due emails), so rendering and provider calls spread
 * over queue invocations instead of one cron invocation. Without a queue, the cron sends
 * one job's worth itself; whatever is left is still due at the next minute.
 */
export async function runCron(
  deps: Deps,
  queue: Queue<Job> | undefined,
  now: Date,
): Promise<CronReport> {
  const nowIso = now.toISOString();
  // The order of tick's planDue: a break that ended is resumed before its lesson is planned.
  const resumed = await resumeEndedBreaks(deps, now, { max: CRON_SHARE.breaks });
  const planned =
    (await planCourseMail(deps, now, { maxSubscribers: CRON_SHARE.lessons })) +
    (await planCheckins(deps, now, { maxSubscribers: CRON_SHARE.checkins }));
  const stillDue = await countDueEnrollments(deps.db, nowIso);
  // While the provider has paused sending, send jobs would only find the pause and stop.
  const due = (await activePause(deps.db, nowIso)) ? 0 : await countDueDeliveries(deps.db, nowIso);
  if (!queue) {
    if (due === 0) return { resumed, planned, stillDue, due, jobs: 0 };
    const sent = await sendDue(deps, now, { maxEmails: EMAILS_PER_JOB });
    return { resumed, planned, stillDue, due, jobs: 0, sent };
  }
  const jobs = [...planJobsFor(stillDue, now), ...sendJobsFor(due, now)];
  await enqueue(queue, jobs);
  return { resumed, planned, stillDue, due, jobs: jobs.length };
}

export async function enqueue(queue: Queue<Job>, jobs: readonly Job[]): Promise<void> {
  for (let start = 0; start < jobs.length; start += MESSAGES_PER_CALL) {
    await queue.sendBatch(jobs.slice(start, start + MESSAGES_PER_CALL).map((body) => ({ body })));
  }
}
