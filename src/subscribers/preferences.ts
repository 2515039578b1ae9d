import { movedBreakEnd } from '../course/reschedule.ts';
import { type Weekday, weekdaysToDigits } from '../course/time.ts';
import { findEnrollment, updateEnrollmentIfUnchanged } from '../db/enrollments.ts';
import type { EnrollmentStatus } from '../db/schema.ts';
import { renameSubscriber } from '../db/subscribers.ts';
import type { Deps } from '../deps.ts';
import type { Enrollment, EnrollmentChange } from './enrollment.ts';
import type { Settings } from './preferences-input.ts';
import { courseOver, nextCheckinAt, nextLessonAt } from './preferences-schedule.ts';

/** Statuses whose owner still gets mail, and so has a schedule to change. */
export const RECEIVING: readonly EnrollmentStatus[] = ['active', 'paused', 'completed'];

export type ChangeOutcome =
  | { readonly ok: true; readonly subscriber: Enrollment }
  | { readonly ok: false; readonly reason: 'gone' | 'not-now' };

/**
 * Reads a subscriber, works out a change, and writes it only if nothing moved in between
 * (the scheduler advancing them, another tab); otherwise starts over from a fresh read, so a
 * change is never computed from a stale place in the course. `decide` returns null when the
 * change does not apply to the subscriber as they are now.
 */
export async function changeSubscriber(
  deps: Pick<Deps, 'db' | 'clock'>,
  id: number,
  decide: (subscriber: Enrollment, now: Date) => Promise<EnrollmentChange | null>,
): Promise<ChangeOutcome> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const subscriber = await findEnrollment(deps.db, id);
    if (!subscriber) return { ok: false, reason: 'gone' };
    const now = deps.clock();
    const changes = await decide(subscriber, now);
    if (!changes) return { ok: false, reason: 'not-now' };
    const written = { ...changes, updatedAt: now };
    if (await updateEnrollmentIfUnchanged(deps.db, subscriber, written)) {
      return { ok: true, subscriber: { ...subscriber, ...written } };
    }
  }
  throw new Error('subscriber kept changing; try again');
}

/**
 * Saves profile and schedule. A new send time, time zone or set of weekdays moves the next
 * lesson by the rules of nextSlotAfterChange (never twice, never skipped, never two within
 * 12 hours or on one local day); a break keeps its end date; check-ins follow the new zone.
 */
export async function saveSettings(
  deps: Pick<Deps, 'db' | 'clock' | 'courses'>,
  id: number,
  input: Settings,
): Promise<ChangeOutcome> {
  const outcome = await changeSettings(deps, id, input);
  // The name is the person's, in every course: written once the rest was.
  if (!outcome.ok) return outcome;
  await renameSubscriber(deps.db, outcome.subscriber.subscriberId, input.name, deps.clock());
  return { ok: true, subscriber: { ...outcome.subscriber, name: input.name } };
}

function changeSettings(deps: Pick<Deps, 'db' | 'clock' | 'courses'>, id: number, input: Settings) {
  return changeSubscriber(deps, id, async (subscriber, now) => {
    if (subscriber.status !== 'pending' && !RECEIVING.includes(subscriber.status)) return null;
    const changes: { -readonly [K in keyof EnrollmentChange]: EnrollmentChange[K] } = {
      role: input.role,
      timezone: input.timezone,
      sendTime: input.sendTime,
      sendDays: input.sendDays,
      discreet: input.discreet,
      acknowledgeReplies: input.acknowledgeReplies,
    };
    const after = { ...subscriber, ...changes };
    const scheduleMoved =
      subscriber.sendTime !== after.sendTime ||
      subscriber.timezone !== after.timezone ||
      weekdaysToDigits(subscriber.sendDays) !== weekdaysToDigits(after.sendDays);
    // The welcome (step 0) goes out at once whatever the schedule; later steps follow it.
    if (
      scheduleMoved &&
      subscriber.status === 'active' &&
      subscriber.nextSendAt !== null &&
      subscriber.nextStep > 0 &&
      !courseOver(subscriber, deps.courses.of(subscriber.courseId).lessons.length)
    ) {
      changes.nextSendAt = await nextLessonAt(deps.db, after, now);
    }
    if (scheduleMoved && subscriber.status === 'paused' && subscriber.pausedUntil) {
      changes.pausedUntil = movedBreakEnd(
        subscriber.pausedUntil,
        { zone: subscriber.timezone },
        { sendTime: after.sendTime, zone: after.timezone },
      );
    }
    if (subscriber.timezone !== after.timezone && checkinsRunning(subscriber)) {
      changes.nextCheckinAt = await nextCheckinAt(deps.db, after, now);
    }
    return changes;
  });
}

/** Check-ins on chosen weekdays at a time; no weekdays turns them off. */
export function saveCheckins(
  deps: Pick<Deps, 'db' | 'clock'>,
  id: number,
  input: { days: readonly Weekday[]; time: string; together: boolean },
) {
  return changeSubscriber(deps, id, async (subscriber, now) => {
    if (!RECEIVING.includes(subscriber.status)) return null;
    const after = { ...subscriber, checkinDays: input.days, checkinTime: input.time };
    // While paused nothing is scheduled: resuming schedules the next one.
    const next = checkinsRunning(after) ? await nextCheckinAt(deps.db, after, now) : null;
    return {
      checkinDays: input.days,
      checkinTime: input.time,
      checkinsTogether: input.together,
      nextCheckinAt: next,
    };
  });
}

export function stopCheckins(deps: Pick<Deps, 'db' | 'clock'>, id: number) {
  return changeSubscriber(deps, id, async () => ({ checkinDays: [], nextCheckinAt: null }));
}

function checkinsRunning(subscriber: Pick<Enrollment, 'status' | 'checkinDays'>): boolean {
  return (
    subscriber.checkinDays.length > 0 &&
    (subscriber.status === 'active' || subscriber.status === 'completed')
  );
}
