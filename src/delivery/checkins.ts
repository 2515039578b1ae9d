import {
  type CheckinPlan,
  type SharedCheckinStep,
  sharedCheckinStep,
} from '../couples/checkins.ts';
import { checkinKey } from '../course/message-key.ts';
import { localDate, nextSendTime } from '../course/time.ts';
import { checkinPartnerOf, recordSharedCheckin } from '../db/couples.ts';
import { insertDelivery } from '../db/deliveries.ts';
import { advanceCheckin, dueCheckins } from '../db/enrollments.ts';
import type { Deps } from '../deps.ts';
import type { Enrollment } from '../subscribers/enrollment.ts';
import { newTokenId } from '../tokens/token.ts';

const PAGE = 500;

export interface CheckinStep {
  /** `checkin:<local date it was due>`: at most one per local date and round. */
  readonly messageKey: string;
  readonly nextAt: Date;
}

/**
 * Pure: the check-in due now and when the next one is. The next one is on a later local date
 * than `now`, on a chosen weekday, at the chosen time (Luxon, so DST is honoured as for
 * lessons): after downtime, the missed check-in goes out late, once, and the ones that would
 * have followed it are not bunched behind it.
 */
export function checkinStep(
  subscriber: Pick<Enrollment, 'nextCheckinAt' | 'checkinDays' | 'checkinTime' | 'timezone'>,
  now: Date,
): CheckinStep | null {
  if (!subscriber.nextCheckinAt || subscriber.checkinDays.length === 0) return null;
  const dueAt = subscriber.nextCheckinAt;
  return {
    messageKey: checkinKey(localDate(dueAt, subscriber.timezone)),
    nextAt: nextSendTime({
      after: now,
      sendTime: subscriber.checkinTime,
      zone: subscriber.timezone,
      weekdays: subscriber.checkinDays,
    }),
  };
}

/**
 * Turns due check-ins into delivery rows, in the order planCourseMail uses (D1 has no
 * transactions): the delivery first (a no-op if it exists), then a compare-and-set on
 * next_checkin_at. A crash between the two leaves the check-in due; the next pass finds the
 * delivery there and only advances. Only active and completed subscribers are due (see
 * dueCheckins): none while paused, none after leaving.
 */
export async function planCheckins(
  deps: Pick<Deps, 'db' | 'courses'>,
  now: Date,
  options: {
    enrollmentId?: number;
    /** Plan for at most this many subscribers (a Worker's D1 budget); the rest stay due. */
    maxSubscribers?: number;
    /** Subscribers per page (PAGE unless given). */
    pageSize?: number;
    /** Awaited after each page when another follows (see PlanOptions.afterPage). */
    afterPage?: () => Promise<void>;
  } = {},
): Promise<number> {
  const nowIso = now.toISOString();
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
    const due = await dueCheckins(deps.db, { now: nowIso, limit, ...filter });
    let progressed = false;
    for (const subscriber of due) {
      const step = checkinStep(subscriber, now);
      if (!step) continue;
      const shared = await sharedStep(deps, subscriber, now);
      // The question first, then the delivery, then the advance: a crash between any two
      // leaves the check-in due, and the next pass finds what was written and goes on.
      if (shared?.onSharedDay) {
        await recordSharedCheckin(deps.db, {
          enrollmentId: subscriber.id,
          messageKey: step.messageKey,
          question: shared.question,
        });
      }
      const sends = !shared || shared.onSharedDay;
      if (sends) {
        await insertDelivery(deps.db, {
          enrollmentId: subscriber.id,
          round: subscriber.round,
          messageKey: step.messageKey,
          tokenId: newTokenId(),
          dueAt: nowIso,
          now: nowIso,
        });
      }
      const advanced = await advanceCheckin(deps.db, subscriber, {
        at: (shared?.nextAt ?? step.nextAt).toISOString(),
        now: nowIso,
      });
      if (advanced && !sends) progressed = true;
      else if (advanced) {
        progressed = true;
        planned++;
      }
    }
    // A page where nobody advanced was taken by a concurrent pass; stop rather than spin.
    if (due.length < limit || !progressed) return planned;
  }
}

const RECEIVING = new Set(['active', 'completed']);

const planOf = (s: Pick<Enrollment, 'checkinDays' | 'checkinTime' | 'timezone'>): CheckinPlan => ({
  days: s.checkinDays,
  time: s.checkinTime,
  zone: s.timezone,
});

/**
 * Couples mode: the shared check-in, when this subscriber and their linked partner both
 * chose to share check-ins and both have them on; else null (their own). One query, and
 * only for a subscriber who ticked "check-ins together".
 */
async function sharedStep(
  deps: Pick<Deps, 'db' | 'courses'>,
  subscriber: Enrollment,
  now: Date,
): Promise<SharedCheckinStep | null> {
  if (!subscriber.checkinsTogether || !subscriber.nextCheckinAt) return null;
  const course = deps.courses.byId(subscriber.courseId);
  if (!course?.couples) return null;
  const partner = await checkinPartnerOf(deps.db, subscriber.id);
  if (
    !partner?.checkinsTogether ||
    partner.checkinDays.length === 0 ||
    !RECEIVING.has(partner.status) ||
    partner.courseId !== subscriber.courseId
  ) {
    return null;
  }
  return sharedCheckinStep(
    planOf(subscriber),
    planOf(partner),
    subscriber.nextCheckinAt,
    now,
    course.checkins.questions.length,
  );
}
