import { DateTime } from 'luxon';
import type { Course, Role } from '../course/course.ts';
import { dayInWords } from '../course/human-time.ts';
import { roleFromSlug } from '../course/roles.ts';
import {
  isValidSendTime,
  isValidTimeZone,
  type Weekday,
  weekdaysFromDigits,
} from '../course/time.ts';
import { cleanName } from './signup-input.ts';

/** What the settings form holds, as the page shows it (strings and ticks, never lost). */
export interface SettingsValues {
  readonly name: string;
  readonly role: string;
  readonly timezone: string;
  readonly send_time: string;
  /** ISO weekdays, e.g. '12345'. */
  readonly send_days: string;
  readonly discreet: boolean;
  readonly acknowledge_replies: boolean;
}

export interface Settings {
  readonly name: string | null;
  /** null: no role; the reader gets every perspective. */
  readonly role: Role | null;
  readonly timezone: string;
  readonly sendTime: string;
  readonly sendDays: readonly Weekday[];
  readonly discreet: boolean;
  readonly acknowledgeReplies: boolean;
}

export interface CheckinValues {
  readonly checkin_days: string;
  readonly checkin_time: string;
  /** Couples mode: share check-ins with the partner (the box shows only when linked). */
  readonly checkins_together: boolean;
}

/** Field name -> a sentence a person can act on. */
export type PreferenceErrors = Partial<
  Record<
    'name' | 'role' | 'timezone' | 'send_time' | 'send_days' | 'until' | 'checkin_time',
    string
  >
>;

export type Parsed<T, V> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly errors: PreferenceErrors; readonly values: V };

/** A longer break is better taken by unsubscribing; this keeps dates sane. */
export const LONGEST_BREAK_DAYS = 366;

type Body = Record<string, unknown>;

/** A single text field: first of repeated values, '' when absent, null when not text. */
export function text(body: Body, name: string): string | null {
  const raw = body[name];
  const value = Array.isArray(raw) ? raw[0] : raw;
  if (value === undefined) return '';
  return typeof value === 'string' ? value : null;
}

function ticked(body: Body, name: string): boolean {
  const value = text(body, name);
  return value === 'on' || value === 'true' || value === '1' || body[name] === true;
}

/**
 * Weekdays from a form (one checkbox per day, `<prefix>_1` .. `<prefix>_7`, since a plain
 * form body keeps only one value per name) or from JSON (`<prefix>s: "12345"`).
 */
export function weekdaysOf(body: Body, prefix: 'send_day' | 'checkin_day'): string {
  const joined = text(body, `${prefix}s`);
  const days = new Set<string>();
  if (joined) for (const char of joined) if (/^[1-7]$/.test(char)) days.add(char);
  for (let day = 1; day <= 7; day++) if (ticked(body, `${prefix}_${day}`)) days.add(String(day));
  return [...days].sort().join('');
}

export function parseSettings(
  body: Body,
  course: Pick<Course, 'roles'>,
): Parsed<Settings, SettingsValues> {
  const values: SettingsValues = {
    name: (text(body, 'name') ?? '').slice(0, 60),
    role: text(body, 'role') ?? '',
    timezone: (text(body, 'timezone') ?? '').trim().slice(0, 64),
    send_time: (text(body, 'send_time') ?? '').trim().slice(0, 5),
    send_days: weekdaysOf(body, 'send_day'),
    discreet: ticked(body, 'discreet'),
    acknowledge_replies: ticked(body, 'acknowledge_replies'),
  };
  const errors: PreferenceErrors = {};
  if (text(body, 'name') === null) errors.name = 'Please enter your first name as text.';
  // No choice (or the "none" choice, sent empty) clears the role: every perspective.
  const role = values.role === '' ? null : roleFromSlug(course, values.role);
  if (role === undefined) errors.role = 'Please choose one of the sentences, or none.';
  if (!isValidTimeZone(values.timezone)) {
    errors.timezone = 'Please choose your time zone from the list, such as Europe/Berlin.';
  }
  if (!isValidSendTime(values.send_time)) errors.send_time = 'Please give a time such as 08:00.';
  if (values.send_days === '') errors.send_days = 'Please choose at least one day.';
  if (role === undefined || Object.keys(errors).length > 0) return { ok: false, errors, values };
  return {
    ok: true,
    value: {
      name: cleanName(values.name),
      role,
      timezone: values.timezone,
      sendTime: values.send_time,
      sendDays: weekdaysFromDigits(values.send_days),
      discreet: values.discreet,
      acknowledgeReplies: values.acknowledge_replies,
    },
  };
}

/** Check-in days and time; no days means check-ins are off. */
export function parseCheckins(
  body: Body,
): Parsed<{ days: readonly Weekday[]; time: string; together: boolean }, CheckinValues> {
  const values: CheckinValues = {
    checkin_days: weekdaysOf(body, 'checkin_day'),
    checkin_time: (text(body, 'checkin_time') ?? '').trim().slice(0, 5),
    checkins_together: ticked(body, 'checkins_together'),
  };
  if (!isValidSendTime(values.checkin_time)) {
    return { ok: false, errors: { checkin_time: 'Please give a time such as 19:00.' }, values };
  }
  return {
    ok: true,
    value: {
      days: weekdaysFromDigits(values.checkin_days),
      time: values.checkin_time,
      together: values.checkins_together,
    },
  };
}

/**
 * A break's end: blank for "until I resume", or a local date after `today` and within
 * LONGEST_BREAK_DAYS of it.
 */
export function parseBreakUntil(
  body: Body,
  today: string,
): Parsed<{ until: string | null }, { until: string }> {
  const until = (text(body, 'until') ?? '').trim().slice(0, 10);
  if (until === '') return { ok: true, value: { until: null } };
  const date = /^\d{4}-\d{2}-\d{2}$/.test(until) ? DateTime.fromISO(until) : null;
  const first = DateTime.fromISO(today).plus({ days: 1 });
  const last = DateTime.fromISO(today).plus({ days: LONGEST_BREAK_DAYS });
  if (!date?.isValid || date < first || date > last) {
    return {
      ok: false,
      errors: {
        until: `Please choose a date between ${dayInWords(first.toISODate() ?? '')} and ${dayInWords(last.toISODate() ?? '', first.toJSDate())}, or leave it empty.`,
      },
      values: { until },
    };
  }
  return { ok: true, value: { until } };
}
