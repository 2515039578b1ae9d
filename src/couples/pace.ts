import { DateTime } from 'luxon';
import {
  atLocalTime,
  firstSendTimeFrom,
  localDate,
  nextSendTime,
  type Weekday,
} from '../course/time.ts';

/**
 * One partner's place in the course, as pacing together needs it. `step` is the next
 * message the partner will be sent (0 the welcome, 1..N the lessons), `dueAt` when the plan
 * has it due. `state` says whether the partner takes part in pacing: `active` and `paused`
 * do; `apart` (not confirmed yet, finished, left) does not, and the other goes on alone.
 */
export interface Pace {
  readonly step: number;
  readonly dueAt: Date | null;
  /** Whole local days the course puts between the previous message and `step`. */
  readonly delayDays: number;
  /** The local date (own zone) on which the previous message (`step - 1`) was sent. */
  readonly lastSentOn: string | null;
  readonly zone: string;
  readonly sendTime: string;
  readonly weekdays: readonly Weekday[];
  readonly state: 'active' | 'paused' | 'apart';
}

/** Why a lesson waits: the partner has not reached it yet, or the partner is on a break. */
export type WaitReason = 'partner-behind' | 'partner-break';

export type PaceDecision =
  | { readonly kind: 'send' }
  | { readonly kind: 'wait'; readonly until: Date; readonly because: WaitReason };

const SEND = { kind: 'send' } as const;

/**
 * Pure: may `self`, due now for its step, be sent it, or must it wait for its partner?
 * Linked partners get lesson k on the same local calendar date, each at their own send time
 * in their own zone: the date is the later of the two dates each would get it alone, so the
 * later confirmation sets day 0 and whoever is ahead waits. A break by either holds both.
 *
 * A wait is re-checked at `until` (always after `now`), never trusted as final: the partner
 * may change time, pause or leave meanwhile, and the answer then is computed afresh.
 */
export function paceTogether(self: Pace, partner: Pace | null, now: Date): PaceDecision {
  // The welcome goes at once: it answers the reader's own confirmation.
  if (self.step === 0 || !partner || partner.state === 'apart') return SEND;
  if (partner.state === 'paused') {
    return { kind: 'wait', until: nextSlot(self, now), because: 'partner-break' };
  }
  const own = localDate(self.dueAt ?? now, self.zone);
  if (partner.step === self.step + 1) {
    // The partner had this message already: on the same date, unless that date is past.
    return partner.lastSentOn ? sendOn(self, maxDate(own, partner.lastSentOn), now) : SEND;
  }
  if (partner.step > self.step) return SEND;
  if (partner.step === self.step && partner.dueAt) {
    return sendOn(self, togetherDate(self, partner, now), now);
  }
  if (partner.step === self.step - 1 && partner.dueAt) {
    // A partner one message behind in absolute time may still be on the same day: an
    // evening in London is the next morning in Sydney. Their date for this step is the
    // date they have the previous one due, plus the course's delay.
    const theirs = plusDays(localDate(partner.dueAt, partner.zone), self.delayDays);
    return sendOn(self, togetherDate(self, { ...partner, dueAt: null }, now, theirs), now);
  }
  // Further behind: look again on the day their next message is due for them.
  const from = partner.dueAt ? startOfLocalDate(partner.dueAt, partner.zone, self.zone) : now;
  const slot = firstSendTimeFrom({ ...schedule(self), from });
  return {
    kind: 'wait',
    until: slot.getTime() > now.getTime() ? slot : nextSlot(self, now),
    because: 'partner-behind',
  };
}

/** Send now when `self`'s time on `date` has come, else wait for it. */
function sendOn(self: Pace, date: string, now: Date): PaceDecision {
  const slot = atLocalTime(date, self.sendTime, self.zone);
  if (slot.getTime() <= now.getTime()) return SEND;
  return { kind: 'wait', until: slot, because: 'partner-behind' };
}

/**
 * The local calendar date on which two partners due for the same step both get it: the
 * later of the dates each has it due, moved on until it is a chosen weekday for both (when
 * their weekdays share none, the later partner's own date).
 */
export function togetherDate(a: Pace, b: Pace, now: Date, bDate?: string): string {
  const first = maxDate(
    localDate(a.dueAt ?? now, a.zone),
    bDate ?? localDate(b.dueAt ?? now, b.zone),
  );
  let date = first;
  for (let i = 0; i < 8; i++) {
    if (allows(a, date) && allows(b, date)) return date;
    date = plusDays(date, 1);
  }
  return first;
}

/** `self`'s send time on the first allowed local date after `now`'s. */
function nextSlot(self: Pace, now: Date): Date {
  return nextSendTime({ ...schedule(self), after: now });
}

function schedule(self: Pace) {
  return { sendTime: self.sendTime, zone: self.zone, weekdays: self.weekdays };
}

/** The start, in `zone`, of the calendar date that `instant` has in `theirs`. */
function startOfLocalDate(instant: Date, theirs: string, zone: string): Date {
  return DateTime.fromISO(localDate(instant, theirs), { zone }).toJSDate();
}

function allows(pace: Pace, date: string): boolean {
  if (pace.weekdays.length === 0) return true;
  const weekday = DateTime.fromISO(date, { zone: 'UTC' }).weekday as Weekday;
  return pace.weekdays.includes(weekday);
}

function plusDays(date: string, days: number): string {
  return DateTime.fromISO(date, { zone: 'UTC' }).plus({ days }).toISODate() ?? date;
}

const maxDate = (a: string, b: string) => (a >= b ? a : b);
