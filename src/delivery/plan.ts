import { messageForStep } from '../course/course.ts';
import { nextSendTime, type Weekday } from '../course/time.ts';
import { insertDelivery } from '../db/deliveries.ts';
import type { SubscriberRow, SubscriberStatus } from '../db/schema.ts';
import { advanceSubscriber, dueSubscribers, type Shard } from '../db/subscribers.ts';
import type { Deps } from '../deps.ts';
import { newTokenId } from '../tokens/token.ts';

const PAGE = 500;

export interface Step {
  /** The message this step sends, or null when the course is over. */
  readonly messageKey: string | null;
  readonly nextStep: number;
  readonly nextSendAt: Date | null;
  readonly status: SubscriberStatus;
}

/**
 * Pure: what a due subscriber receives now and when the next message is due. Step 0 is the
 * welcome, steps 1..N the lessons, N+1 the closing email, after which the course is over.
 * The next message waits for a later local day, so lessons never bunch after downtime.
 */
export function stepFor(
  subscriber: Pick<SubscriberRow, 'next_step' | 'send_time' | 'timezone' | 'send_days'>,
  course: Parameters<typeof messageForStep>[0],
  now: Date,
): Step {
  const step = subscriber.next_step;
  const message = step === 0 ? { kind: 'welcome', key: 'welcome' } : messageForStep(course, step);
  if (!message) return { messageKey: null, nextStep: step, nextSendAt: null, status: 'completed' };
  if (message.kind === 'closing') {
    return { messageKey: message.key, nextStep: step + 1, nextSendAt: null, status: 'completed' };
  }
  const nextSendAt = nextSendTime({
    after: now,
    sendTime: subscriber.send_time,
    zone: subscriber.timezone,
    weekdays: parseWeekdays(subscriber.send_days),
  });
  return { messageKey: message.key, nextStep: step + 1, nextSendAt, status: 'active' };
}

export function parseWeekdays(days: string): Weekday[] {
  return [...new Set(days)].map(Number).filter((d): d is Weekday => d >= 1 && d <= 7);
}

export interface PlanOptions {
  subscriberId?: number;
  /** Only this slice of the subscribers (a Workers planning job's share). */
  shard?: Shard;
  /**
   * Plan for at most this many subscribers, then stop: a Worker invocation may run at most
   * 1,000 D1 queries, and each subscriber costs two. The rest stays due for the next run.
   */
  maxSubscribers?: number;
}

/**
 * Turns due course messages into delivery rows. Order matters, since D1 has no transactions:
 * the delivery is inserted first (a no-op if it exists), then the subscriber advances with a
 * compare-and-set. A crash between the two leaves the subscriber due; the next pass finds
 * the delivery already there and only advances.
 */
export async function planCourseMail(
  deps: Pick<Deps, 'db' | 'course'>,
  now: Date,
  options: PlanOptions = {},
): Promise<number> {
  const nowIso = now.toISOString();
  const { maxSubscribers = Number.POSITIVE_INFINITY, ...filter } = options;
  let budget = maxSubscribers;
  let planned = 0;
  for (;;) {
    const limit = Math.min(PAGE, budget);
    if (limit <= 0) return planned;
    budget -= limit;
    const due = await dueSubscribers(deps.db, { now: nowIso, limit, ...filter });
    let progressed = false;
    for (const subscriber of due) {
      const step = stepFor(subscriber, deps.course, now);
      if (step.messageKey) {
        await insertDelivery(deps.db, {
          subscriberId: subscriber.id,
          round: subscriber.round,
          messageKey: step.messageKey,
          tokenId: newTokenId(),
          dueAt: nowIso,
          now: nowIso,
        });
      }
      const advanced = await advanceSubscriber(deps.db, subscriber, {
        step: step.nextStep,
        sendAt: step.nextSendAt?.toISOString() ?? null,
        status: step.status,
        now: nowIso,
      });
      if (advanced) {
        progressed = true;
        if (step.messageKey) planned++;
      }
    }
    // A page where nobody advanced was taken by a concurrent pass; stop rather than spin.
    if (due.length < limit || !progressed) return planned;
  }
}
