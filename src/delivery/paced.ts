import { type Pace, paceTogether } from '../couples/pace.ts';
import { type Course, delayBefore } from '../course/course.ts';
import { partnerHeldKey } from '../course/message-key.ts';
import { localDate } from '../course/time.ts';
import { type PartnerPacing, partnersForPacing, recordWait } from '../db/couples.ts';
import { insertDelivery } from '../db/deliveries.ts';
import type { DueEnrollment } from '../db/enrollments.ts';
import type { Deps } from '../deps.ts';
import { newTokenId } from '../tokens/token.ts';
import type { Step } from './plan.ts';

interface Planned {
  readonly subscriber: DueEnrollment;
  readonly course: Course;
  readonly step: Step;
}

/**
 * Couples mode in the planner: a linked enrollment due for a course message asks
 * paceTogether whether it may have it now. One that must wait keeps its step, is due again
 * when the answer may change, and its wait is recorded (its next lesson says why). Other
 * enrollments pass through untouched, at the cost of one query per page.
 */
export async function pacedTogether(
  deps: Pick<Deps, 'db'>,
  planned: readonly Planned[],
  now: Date,
): Promise<Planned[]> {
  const candidates = planned.filter(({ course, step }) => course.couples && step.messageKey);
  if (candidates.length === 0) return [...planned];
  const partners = await partnersForPacing(
    deps.db,
    candidates.map(({ subscriber }) => subscriber.id),
  );
  if (partners.size === 0) return [...planned];
  const out: Planned[] = [];
  for (const item of planned) {
    const partner = partners.get(item.subscriber.id);
    if (!partner || !item.step.messageKey || partner.courseId !== item.subscriber.courseId) {
      out.push(item);
      continue;
    }
    const { subscriber, course } = item;
    const self: Pace = {
      step: subscriber.nextStep,
      dueAt: now,
      delayDays: delayBefore(course, subscriber.nextStep),
      lastSentOn: null,
      zone: subscriber.timezone,
      sendTime: subscriber.sendTime,
      weekdays: subscriber.sendDays,
      state: 'active',
    };
    const decision = paceTogether(self, paceOf(partner), now);
    if (decision.kind === 'send') {
      out.push(item);
      continue;
    }
    if (decision.because === 'partner-break') {
      // The held partner hears once that the lesson comes later, and nothing of why. The
      // delivery's unique key (one per held step and round) makes it once under retries; it
      // is written before the wait, so a crash between them leaves nothing to repair.
      const nowIso = now.toISOString();
      await insertDelivery(deps.db, {
        enrollmentId: subscriber.id,
        round: subscriber.round,
        messageKey: partnerHeldKey(subscriber.nextStep),
        tokenId: newTokenId(),
        dueAt: nowIso,
        now: nowIso,
      });
    }
    await recordWait(deps.db, {
      enrollmentId: subscriber.id,
      step: subscriber.nextStep,
      reason: decision.because,
      now: now.toISOString(),
    });
    out.push({
      ...item,
      step: {
        messageKey: null,
        nextStep: subscriber.nextStep,
        nextSendAt: decision.until,
        status: 'active',
      },
    });
  }
  return out;
}

function paceOf(partner: PartnerPacing): Pace {
  return {
    step: partner.nextStep,
    dueAt: partner.nextSendAt,
    delayDays: 1,
    lastSentOn: partner.lastCourseMailAt
      ? localDate(partner.lastCourseMailAt, partner.timezone)
      : null,
    zone: partner.timezone,
    sendTime: partner.sendTime,
    weekdays: partner.sendDays,
    state:
      partner.status === 'active' ? 'active' : partner.status === 'paused' ? 'paused' : 'apart',
  };
}
