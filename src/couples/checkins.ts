import { DateTime } from 'luxon';
import { localDate, nextSendTime, type Weekday } from '../course/time.ts';

/**
 * Shared check-ins, pure. Linked partners who both asked for check-ins and chose at least
 * one weekday in common share them: the same question on the same local date, each at their
 * own time in their own zone. Partners with no weekday in common keep their own.
 */
export interface CheckinPlan {
  readonly days: readonly Weekday[];
  readonly time: string;
  readonly zone: string;
}

/** The weekdays two partners' check-ins share, or none (then each keeps their own). */
export function sharedCheckinDays(a: CheckinPlan, b: CheckinPlan): Weekday[] {
  return a.days.filter((day) => b.days.includes(day));
}

/**
 * The question for a shared check-in on a local date: chosen by the date (the number of
 * shared check-in days since the epoch), not by how many check-ins each partner had before,
 * so both get the same one that day and the next shared day brings the next question.
 */
export function sharedQuestionIndex(
  date: string,
  days: readonly Weekday[],
  questions: number,
): number {
  const day = DateTime.fromISO(date, { zone: 'UTC' });
  const sorted = [...new Set(days)].sort();
  const weeks = Math.floor(day.toSeconds() / (7 * 86_400));
  const within = Math.max(0, sorted.indexOf(day.weekday as Weekday));
  const count = weeks * Math.max(1, sorted.length) + within;
  return ((count % questions) + questions) % questions;
}

/**
 * When `self`'s next check-in is due after `after`: on a day both chose when the partners
 * share any (a shared check-in), else on `self`'s own days.
 */
export function nextCheckinTogether(
  self: CheckinPlan,
  partner: CheckinPlan | null,
  after: Date,
): { at: Date; shared: boolean } {
  const shared = partner ? sharedCheckinDays(self, partner) : [];
  const weekdays = shared.length > 0 ? shared : self.days;
  return {
    at: nextSendTime({ after, sendTime: self.time, zone: self.zone, weekdays }),
    shared: shared.length > 0,
  };
}

export interface SharedCheckinStep {
  /** Whether the check-in due now falls on a day both chose: only then is it sent. */
  readonly onSharedDay: boolean;
  /** The question both partners get for it. */
  readonly question: number;
  /** When `self`'s next check-in is due: on the next shared day. */
  readonly nextAt: Date;
}

/**
 * The check-in `self` has due at `dueAt`, when both partners share check-ins: null when they
 * chose no weekday in common (each keeps their own). A check-in scheduled before sharing
 * began may fall on a day the other did not choose; it is skipped, so that from then on both
 * get each one on the same local date.
 */
export function sharedCheckinStep(
  self: CheckinPlan,
  partner: CheckinPlan,
  dueAt: Date,
  now: Date,
  questions: number,
): SharedCheckinStep | null {
  const days = sharedCheckinDays(self, partner);
  if (days.length === 0) return null;
  const date = localDate(dueAt, self.zone);
  const weekday = DateTime.fromISO(date, { zone: 'UTC' }).weekday as Weekday;
  return {
    onSharedDay: days.includes(weekday),
    question: sharedQuestionIndex(date, days, Math.max(1, questions)),
    nextAt: nextCheckinTogether(self, partner, now).at,
  };
}
