import { movedBreakEnd } from '../course/reschedule.ts';
import { findEnrollment, updateEnrollmentIfUnchanged } from '../db/enrollments.ts';
import type { EnrollmentRow, EnrollmentStatus, EnrollmentUpdate } from '../db/schema.ts';
import { renameSubscriber } from '../db/subscribers.ts';
import type { Deps } from '../deps.ts';
import type { Settings } from './preferences-input.ts';
import { courseOver, nextCheckinAt, nextLessonAt } from './preferences-schedule.ts';

/** Statuses whose owner still gets mail, and so has a schedule to change. */
export const RECEIVING: readonly EnrollmentStatus[] = ['active', 'paused', 'completed'];

export type ChangeOutcome =
  | { readonly ok: true; readonly subscriber: EnrollmentRow }
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
  decide: (subscriber: EnrollmentRow, now: Date) => Promise<EnrollmentUpdate | null>,
): Promise<ChangeOutcome> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const subscriber = await findEnrollment(deps.db, id);
    if (!subscriber) return { ok: false, reason: 'gone' };
    const now = deps.clock();
    const changes = await decide(subscriber, now);
    if (!changes) return { ok: false, reason: 'not-now' };
    const written = { ...changes, updated_at: now.toISOString() };
    if (await updateEnrollmentIfUnchanged(deps.db, subscriber, written)) {
      return { ok: true, subscriber: { ...subscriber, ...written } as EnrollmentRow };
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
  await renameSubscriber(deps.db, outcome.subscriber.subscriber_id, input.name, deps.clock());
  return { ok: true, subscriber: { ...outcome.subscriber, name: input.name } };
}

function changeSettings(deps: Pick<Deps, 'db' | 'clock' | 'courses'>, id: number, input: Settings) {
  return changeSubscriber(deps, id, async (subscriber, now) => {
    if (subscriber.status !== 'pending' && !RECEIVING.includes(subscriber.status)) return null;
    const changes: EnrollmentUpdate = {
      role: input.role,
      timezone: input.timezone,
      send_time: input.sendTime,
      send_days: input.sendDays,
      discreet: input.discreet ? 1 : 0,
      acknowledge_replies: input.acknowledgeReplies ? 1 : 0,
    };
    const after = { ...subscriber, ...changes } as EnrollmentRow;
    const scheduleMoved =
      subscriber.send_time !== after.send_time ||
      subscriber.timezone !== after.timezone ||
      subscriber.send_days !== after.send_days;
    // The welcome (step 0) goes out at once whatever the schedule; later steps follow it.
    if (
      scheduleMoved &&
      subscriber.status === 'active' &&
      subscriber.next_send_at !== null &&
      subscriber.next_step > 0 &&
      !courseOver(subscriber, deps.courses.of(subscriber.course_id).lessons.length)
    ) {
      changes.next_send_at = (await nextLessonAt(deps.db, after, now)).toISOString();
    }
    if (scheduleMoved && subscriber.status === 'paused' && subscriber.paused_until) {
      changes.paused_until = movedBreakEnd(
        new Date(subscriber.paused_until),
        { zone: subscriber.timezone },
        { sendTime: after.send_time, zone: after.timezone },
      ).toISOString();
    }
    if (subscriber.timezone !== after.timezone && checkinsRunning(subscriber)) {
      changes.next_checkin_at = (await nextCheckinAt(deps.db, after, now))?.toISOString() ?? null;
    }
    return changes;
  });
}

/** Check-ins on chosen weekdays at a time; no weekdays turns them off. */
export function saveCheckins(
  deps: Pick<Deps, 'db' | 'clock'>,
  id: number,
  input: { days: string; time: string; together: boolean },
) {
  return changeSubscriber(deps, id, async (subscriber, now) => {
    if (!RECEIVING.includes(subscriber.status)) return null;
    const after = { ...subscriber, checkin_days: input.days, checkin_time: input.time };
    // While paused nothing is scheduled: resuming schedules the next one.
    const next = checkinsRunning(after) ? await nextCheckinAt(deps.db, after, now) : null;
    return {
      checkin_days: input.days,
      checkin_time: input.time,
      checkins_together: input.together ? 1 : 0,
      next_checkin_at: next?.toISOString() ?? null,
    };
  });
}

export function stopCheckins(deps: Pick<Deps, 'db' | 'clock'>, id: number) {
  return changeSubscriber(deps, id, async () => ({ checkin_days: '', next_checkin_at: null }));
}

function checkinsRunning(subscriber: Pick<EnrollmentRow, 'status' | 'checkin_days'>): boolean {
  return (
    subscriber.checkin_days !== '' &&
    (subscriber.status === 'active' || subscriber.status === 'completed')
  );
}
