import { type Course, delayBefore, messageForStep } from '../course/course.ts';
import { WELCOME_KEY } from '../course/message-key.ts';
import { courseSendTime } from '../course/time.ts';
import { insertDeliveries } from '../db/deliveries.ts';
import { advanceEnrollments, dueEnrollments, type Shard } from '../db/enrollments.ts';
import type { EnrollmentStatus } from '../db/schema.ts';
import type { Deps } from '../deps.ts';
import { emitCompletions } from '../outgoing/completions.ts';
import type { Enrollment } from '../subscribers/enrollment.ts';
import { newTokenId } from '../tokens/token.ts';
import { pacedTogether } from './paced.ts';

const PAGE = 500;

export interface Step {
  /** The message this step sends, or null when the course is over. */
  readonly messageKey: string | null;
  readonly nextStep: number;
  readonly nextSendAt: Date | null;
  readonly status: EnrollmentStatus;
}

/**
 * Pure: what a due subscriber receives now and when the next message is due. Step 0 is the
 * welcome, steps 1..N the lessons, N+1 the closing email, after which the course is over.
 * The next message waits for a later local day, so lessons never bunch after downtime.
 */
export function stepFor(
  subscriber: Pick<Enrollment, 'nextStep' | 'sendTime' | 'timezone' | 'sendDays'>,
  course: Course,
  now: Date,
  schedule: typeof courseSendTime = courseSendTime,
): Step {
  const step = subscriber.nextStep;
  const message = step === 0 ? { kind: 'welcome', key: WELCOME_KEY } : messageForStep(course, step);
  if (!message) return { messageKey: null, nextStep: step, nextSendAt: null, status: 'completed' };
  if (message.kind === 'closing') {
    return { messageKey: message.key, nextStep: step + 1, nextSendAt: null, status: 'completed' };
  }
  const nextSendAt = schedule({
    after: now,
    delayDays: delayBefore(course, step + 1),
    sendTime: subscriber.sendTime,
    zone: subscriber.timezone,
    weekdays: subscriber.sendDays,
  });
  return { messageKey: message.key, nextStep: step + 1, nextSendAt, status: 'active' };
}

/**
 * When lesson 1 arrives for a subscriber who has just confirmed: the time the plan has set
 * once the welcome went, or, while the welcome is still waiting, the time stepFor will set
 * when it goes now. Null once the course is past lesson 1.
 */
export function firstLessonAt(
  subscriber: Pick<Enrollment, 'nextStep' | 'nextSendAt' | 'sendTime' | 'timezone' | 'sendDays'>,
  course: Course,
  now: Date,
): Date | null {
  if (subscriber.nextStep === 1 && subscriber.nextSendAt) return subscriber.nextSendAt;
  if (subscriber.nextStep !== 0) return null;
  return courseSendTime({
    after: now,
    delayDays: delayBefore(course, 1),
    sendTime: subscriber.sendTime,
    zone: subscriber.timezone,
    weekdays: subscriber.sendDays,
  });
}

export interface PlanOptions {
  enrollmentId?: number;
  /** Only this slice of the subscribers (a Workers planning job's share). */
  shard?: Shard;
  /**
   * Plan for at most this many subscribers, then stop: a Worker invocation may run at most
   * 1,000 D1 queries. A page of up to PAGE subscribers costs one read and two writes per
   * ROWS_PER_STATEMENT of them. The rest stays due for the next run.
   */
  maxSubscribers?: number;
  /** Subscribers per page (PAGE unless given). */
  pageSize?: number;
  /**
   * Awaited after each page when another follows: the Node tick tells its sender that a
   * page is written and yields to the event loop there (see tick).
   */
  afterPage?: () => Promise<void>;
}

/**
 * Turns due course messages into delivery rows, a page of subscribers at a time, in
 * multi-row statements. Order matters, since D1 has no transactions: the page's deliveries
 * are inserted first (each a no-op if it exists), then its subscribers advance, each with a
 * compare-and-set. A crash between the two leaves those subscribers due; the next pass finds
 * their deliveries already there and only advances them.
 */
export async function planCourseMail(
  deps: Pick<Deps, 'db' | 'courses' | 'clock' | 'log'>,
  now: Date,
  options: PlanOptions = {},
): Promise<number> {
  const nowIso = now.toISOString();
  const schedule = rememberingSchedule();
  const {
    maxSubscribers = Number.POSITIVE_INFINITY,
    pageSize = PAGE,
    afterPage,
    ...filter
  } = options;
  let budget = maxSubscribers;
  let planned = 0;
  for (let page = 0; ; page++) {
    const limit = Math.min(pageSize, budget);
    if (limit <= 0) return planned;
    budget -= limit;
    if (page > 0) await afterPage?.();
    const due = await dueEnrollments(deps.db, { now: nowIso, limit, ...filter });
    // An enrollment in a course no longer in the content folder waits until it is back.
    const natural = due.flatMap((subscriber) => {
      const course = deps.courses.byId(subscriber.courseId);
      return course
        ? [{ subscriber, course, step: stepFor(subscriber, course, now, schedule) }]
        : [];
    });
    const steps = await pacedTogether(deps, natural, now);
    await insertDeliveries(
      deps.db,
      steps.flatMap(({ subscriber, step }) =>
        step.messageKey
          ? [
              {
                enrollmentId: subscriber.id,
                round: subscriber.round,
                messageKey: step.messageKey,
                tokenId: newTokenId(),
                dueAt: nowIso,
                now: nowIso,
              },
            ]
          : [],
      ),
    );
    const advanced = await advanceEnrollments(
      deps.db,
      steps.map(({ subscriber, step }) => ({
        id: subscriber.id,
        round: subscriber.round,
        fromStep: subscriber.nextStep,
        step: step.nextStep,
        sendAt: step.nextSendAt?.toISOString() ?? null,
        status: step.status,
      })),
      nowIso,
    );
    await emitCompletions(
      deps,
      steps
        .filter(
          ({ subscriber, step }) => step.status === 'completed' && advanced.has(subscriber.id),
        )
        .map(({ subscriber }) => subscriber.id),
    );
    planned += steps.filter(
      ({ subscriber, step }) => step.messageKey && advanced.has(subscriber.id),
    ).length;
    // A page where nobody advanced was taken by a concurrent pass; stop rather than spin.
    if (due.length < limit || advanced.size === 0) return planned;
  }
}

/**
 * courseSendTime, remembered for one planning run: subscribers with the same delay, send
 * time, zone and weekdays get the same answer from the same instant, and the time-zone
 * arithmetic costs far more than a lookup (a large list shares a handful of schedules).
 */
function rememberingSchedule(): typeof courseSendTime {
  const known = new Map<string, Date>();
  return (input) => {
    const key = [
      input.after.getTime(),
      input.delayDays,
      input.sendTime,
      input.zone,
      input.weekdays?.join(''),
    ];
    const id = key.join('|');
    let at = known.get(id);
    if (!at) {
      at = courseSendTime(input);
      known.set(id, at);
    }
    return at;
  };
}
