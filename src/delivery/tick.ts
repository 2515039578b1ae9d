import type { Deps } from '../deps.ts';
import { MAX_BATCH } from '../mail/message.ts';
import { sendWebhooks, type WebhookReport } from '../outgoing/send.ts';
import { resumeEndedBreaks } from '../subscribers/preferences-break.ts';
import { planCheckins } from './checkins.ts';
import { type PlanOptions, planCourseMail } from './plan.ts';
import { planningProgress } from './planning-progress.ts';
import { type SendReport, sendDue } from './send.ts';

export interface TickReport extends SendReport {
  planned: number;
  webhooks: WebhookReport;
}

export interface TickOptions {
  /**
   * Lets the event loop run between two pages of planning (Node: `setImmediate`). Kysely
   * over better-sqlite3 settles every query as a microtask, so without it a planning loop
   * keeps the provider's answers (sockets) waiting until it ends, and sending cannot overlap.
   */
  yieldToLoop?: () => Promise<void>;
}

/**
 * One scheduler pass as at `now`: plan what is due and send what is queued, side by side,
 * then post the webhook events that are due (src/outgoing/).
 *
 * Sending starts once the first page of planning is written (or planning is over: a pass
 * with one page plans everything before it sends), and goes on until planning
 * is over and nothing is left to claim. A page is a sending batch's worth of subscribers,
 * so that the sender finds whole batches queued and the planner yields often: a provider
 * call needs a few turns of the event loop (writing a 2 MB body, reading the answer).
 * Planning always runs to its end, also when the provider is paused or the sender stopped
 * early. If planning fails, the sender still sends what was queued, and the pass then fails
 * with planning's error.
 */
export async function tick(deps: Deps, now: Date, options: TickOptions = {}): Promise<TickReport> {
  const progress = planningProgress();
  const planning = planDue(deps, now, {
    pageSize: MAX_BATCH,
    afterPage: async () => {
      progress.pageDone();
      await options.yieldToLoop?.();
    },
  }).finally(() => progress.finish());
  // Settled by the allSettled below; this keeps a failure that comes first from going unhandled.
  planning.catch(() => {});
  await progress.started();
  const [planned, sent] = await Promise.allSettled([
    planning,
    sendDue(deps, now, { more: progress.more }),
  ]);
  if (planned.status === 'rejected') throw planned.reason;
  if (sent.status === 'rejected') throw sent.reason;
  const webhooks = await sendWebhooks(deps, now);
  return { planned: planned.value, ...sent.value, webhooks };
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
 * `afterPage` is awaited between two pages of either (see PlanOptions.afterPage).
 */
export async function planDue(
  deps: Pick<Deps, 'db' | 'clock' | 'courses' | 'log'>,
  now: Date,
  options: Pick<PlanOptions, 'pageSize' | 'afterPage'> = {},
) {
  await resumeEndedBreaks(deps, now);
  return (await planCourseMail(deps, now, options)) + (await planCheckins(deps, now, options));
}
