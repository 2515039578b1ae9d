import { DateTime, IANAZone } from 'luxon';

/** ISO weekday numbers, Monday = 1 ... Sunday = 7 (Luxon's and ISO 8601's convention). */
export type Weekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;
export const ALL_WEEKDAYS: readonly Weekday[] = [1, 2, 3, 4, 5, 6, 7];

/** Weekdays written as digits ('135'), as forms and the database hold them: sorted, once each. */
export function weekdaysFromDigits(digits: string): Weekday[] {
  return [...new Set(digits)]
    .map(Number)
    .filter((d): d is Weekday => d >= 1 && d <= 7)
    .sort((a, b) => a - b);
}

export function weekdaysToDigits(days: readonly Weekday[]): string {
  return [...new Set(days)].sort((a, b) => a - b).join('');
}

const SEND_TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;

/**
 * The zones the runtime lists as canonical, which is what browsers send: checked by lookup.
 * Luxon's check builds an Intl.DateTimeFormat each time (about 160 µs, more than the rest of
 * reading a signup together); it stays for the rest (aliases such as Europe/Kyiv on an older
 * ICU, other spellings), uncached, so that no one can grow a cache with made-up names.
 */
const LISTED_ZONES = new Set(Intl.supportedValuesOf?.('timeZone') ?? []);

export function isValidTimeZone(zone: unknown): zone is string {
  return (
    typeof zone === 'string' &&
    zone.length <= 64 &&
    (LISTED_ZONES.has(zone) || IANAZone.isValidZone(zone))
  );
}

export function isValidSendTime(value: unknown): value is string {
  return typeof value === 'string' && SEND_TIME.test(value);
}

/** The calendar date (YYYY-MM-DD) of an instant in a zone. */
export function localDate(instant: Date, zone: string): string {
  return DateTime.fromJSDate(instant, { zone }).toISODate() ?? '';
}

/**
 * The instant at which a wall-clock time happens on a local date. A time that does not
 * exist that day (the spring-forward gap) moves forward by the gap, as Luxon resolves it;
 * an ambiguous one (the autumn overlap) resolves to a single instant, so it fires once.
 */
export function atLocalTime(date: string, time: string, zone: string): Date {
  return DateTime.fromISO(`${date}T${time}`, { zone }).toJSDate();
}

/**
 * The first send time strictly on a later local date than `after`, on an allowed weekday.
 * "Strictly later date" is what keeps lessons to one a day: after downtime the next one
 * waits for tomorrow rather than following the late one within the same local day.
 */
export function nextSendTime(input: {
  after: Date;
  sendTime: string;
  zone: string;
  weekdays?: readonly Weekday[];
}): Date {
  const allowed = input.weekdays && input.weekdays.length > 0 ? input.weekdays : ALL_WEEKDAYS;
  let day = DateTime.fromJSDate(input.after, { zone: input.zone }).startOf('day');
  for (let i = 0; i < 8; i++) {
    day = day.plus({ days: 1 });
    if (allowed.includes(day.weekday as Weekday)) {
      return atLocalTime(day.toISODate() ?? '', input.sendTime, input.zone);
    }
  }
  throw new Error('unreachable: some weekday is always allowed');
}

/**
 * The first allowed send time at or after `from` (today's slot if it has not passed yet).
 * Used when a schedule starts or resumes rather than continues.
 */
export function firstSendTimeFrom(input: {
  from: Date;
  sendTime: string;
  zone: string;
  weekdays?: readonly Weekday[];
}): Date {
  const today = localDate(input.from, input.zone);
  const allowed = input.weekdays && input.weekdays.length > 0 ? input.weekdays : ALL_WEEKDAYS;
  const weekday = DateTime.fromJSDate(input.from, { zone: input.zone }).weekday as Weekday;
  const slot = atLocalTime(today, input.sendTime, input.zone);
  if (allowed.includes(weekday) && slot.getTime() >= input.from.getTime()) return slot;
  return nextSendTime({ after: input.from, ...input });
}

/** No two course emails (or two check-ins) arrive closer together than this. */
export const MIN_GAP_MS = 12 * 60 * 60 * 1000;

/**
 * When a course message `delayDays` local days after the one sent at `after` is due: the
 * send time on the first allowed weekday at least that many local dates later. With 0 the
 * message comes the same local day, MIN_GAP_MS after the last one; when the day has no room
 * left, at the next allowed send time, or MIN_GAP_MS after the last one if that is later.
 */
export function courseSendTime(input: {
  after: Date;
  delayDays: number;
  sendTime: string;
  zone: string;
  weekdays?: readonly Weekday[];
}): Date {
  const { after, delayDays, zone } = input;
  if (delayDays === 0) {
    const soon = new Date(after.getTime() + MIN_GAP_MS);
    if (localDate(soon, zone) === localDate(after, zone)) return soon;
    const tomorrow = DateTime.fromJSDate(after, { zone }).startOf('day').plus({ days: 1 });
    return maxDate(soon, firstSendTimeFrom({ ...input, from: tomorrow.toJSDate() }));
  }
  const day = DateTime.fromJSDate(after, { zone }).startOf('day').plus({ days: delayDays });
  return firstSendTimeFrom({ ...input, from: day.toJSDate() });
}

function maxDate(a: Date, b: Date): Date {
  return a.getTime() >= b.getTime() ? a : b;
}
