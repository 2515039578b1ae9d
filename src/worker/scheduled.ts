import type { Queue } from '@cloudflare/workers-types';
import { countDueDeliveries } from '../db/deliveries.ts';
import { planCourseMail } from '../delivery/plan.ts';
import { type SendReport, sendDue } from '../delivery/send.ts';
import type { Deps } from '../deps.ts';
import { EMAILS_PER_JOB, type SendJob, sendJobsFor } from './send-jobs.ts';

/** Queue.sendBatch takes at most 100 messages a call. */
const MESSAGES_PER_CALL = 100;

export interface CronReport {
  planned: number;
  due: number;
  jobs: number;
  /** Set when there is no queue and the cron sent a batch itself. */
  sent?: SendReport;
}

/**
 * One cron pass at `now`: plan what is due (delivery rows, cheap), then hand the sending to
 * the queue, one job per EMAILS_PER_JOB due deliveries, so rendering and provider calls
 * spread over queue invocations instead of one cron invocation. Without a queue, the cron
 * sends one job's worth itself; whatever is left is still due next minute.
 */
export async function runCron(
  deps: Deps,
  queue: Queue<SendJob> | undefined,
  now: Date,
): Promise<CronReport> {
  const planned = await planCourseMail(deps, now);
  const due = await countDueDeliveries(deps.db, now.toISOString());
  if (!queue) {
    if (due === 0) return { planned, due, jobs: 0 };
    const sent = await sendDue(deps, now, { maxEmails: EMAILS_PER_JOB });
    return { planned, due, jobs: 0, sent };
  }
  const jobs = sendJobsFor(due, now);
  for (let start = 0; start < jobs.length; start += MESSAGES_PER_CALL) {
    await queue.sendBatch(jobs.slice(start, start + MESSAGES_PER_CALL).map((body) => ({ body })));
  }
  return { planned, due, jobs: jobs.length };
}
