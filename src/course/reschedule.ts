import { DateTime } from 'luxon';
import { atLocalTime, firstSendTimeFrom, localDate, MIN_GAP_MS, type Weekday } from './time.ts';

/** When, in a subscriber's own time, a kind of email may arrive. */
export interface Slots {
  readonly sendTime: string;
  readonly zone: string;
  /** Allowed ISO weekdays; empty means every day. */
  readonly weekdays: readonly Weekday[];
}

/**
 * Pure: the next slot after the schedule changed mid-course (a new send time, time zone or
 * weekdays), after a break, or on a restart. The place in the course is not this function's
 * business (the caller keeps next_step), so nothing is skipped or sent twice; it only decides
 * *when*. The slot is the first allowed one of the new schedule that is
 * - not in the past (today's, if it has not passed yet),
 * - on a later local date, in the new zone, than the last email of this kind, and
 * - at least MIN_GAP_MS after that email,
 * - and with `laterDay`, on a later local date than `now` (a restart begins tomorrow).
 *
 * `last` is when the last email of the kind went out (or will, if it is still queued); it
 * is what keeps 23:30 -> 00:30 from giving two lessons an hour apart: that change makes the
 * next one wait a day rather than follow at 00:30.
 */
export function nextSlotAfterChange(input: {
  readonly slots: Slots;
  readonly last: Date | null;
  readonly now: Date;
  readonly laterDay?: boolean;
}): Date {
  const { slots, last, now } = input;
  const bounds = [now.getTime()];
  if (last) bounds.push(last.getTime() + MIN_GAP_MS, startOfNextDay(last, slots.zone).getTime());
  if (input.laterDay) bounds.push(startOfNextDay(now, slots.zone).getTime());
  return firstSendTimeFrom({
    from: new Date(Math.max(...bounds)),
    sendTime: slots.sendTime,
    zone: slots.zone,
    weekdays: slots.weekdays,
  });
}

/** The first instant of the local day after the one `instant` falls on. */
export function startOfNextDay(instant: Date, zone: string): Date {
  return DateTime.fromJSDate(instant, { zone }).startOf('day').plus({ days: 1 }).toJSDate();
}

/**
 * When a break "until <date>" ends: at the send time on that local date, so the next lesson
 * arrives that day at the usual time (the pass that ends the break plans it at once).
 */
export function breakEndsAt(date: string, slots: Pick<Slots, 'sendTime' | 'zone'>): Date {
  return atLocalTime(date, slots.sendTime, slots.zone);
}

/**
 * A break keeps its end *date* when the send time or time zone changes during it: the end
 * moves to the new send time on the same local date.
 */
export function movedBreakEnd(
  pausedUntil: Date,
  before: Pick<Slots, 'zone'>,
  after: Pick<Slots, 'sendTime' | 'zone'>,
): Date {
  return breakEndsAt(localDate(pausedUntil, before.zone), after);
}
