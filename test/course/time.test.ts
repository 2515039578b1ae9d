import { describe, expect, it } from 'vitest';
import {
  atLocalTime,
  courseSendTime,
  firstSendTimeFrom,
  isValidTimeZone,
  nextSendTime,
} from '../../src/course/time.ts';

const at = (iso: string) => new Date(iso);

describe('nextSendTime', () => {
  it('is the send time on the next local day', () => {
    const next = nextSendTime({
      after: at('2026-06-10T12:00:00Z'),
      sendTime: '08:00',
      zone: 'Europe/London',
    });
    expect(next.toISOString()).toBe('2026-06-11T07:00:00.000Z');
  });

  it('counts days in the subscriber zone, not in UTC (a signup at 23:59 local)', () => {
    // 23:59 in Kolkata is 18:29 UTC: the next local day starts 31 minutes later.
    const next = nextSendTime({
      after: at('2026-06-10T18:29:00Z'),
      sendTime: '08:00',
      zone: 'Asia/Kolkata',
    });
    expect(next.toISOString()).toBe('2026-06-11T02:30:00.000Z');
  });

  it('moves a time that does not exist forward (New York, 2026-03-08)', () => {
    const next = nextSendTime({
      after: at('2026-03-07T15:00:00Z'),
      sendTime: '02:30',
      zone: 'America/New_York',
    });
    expect(next.toISOString()).toBe('2026-03-08T07:30:00.000Z'); // 03:30 EDT
  });

  it('keeps the wall-clock time across the autumn change (New York, 2026-11-01)', () => {
    const before = nextSendTime({
      after: at('2026-10-30T16:00:00Z'),
      sendTime: '08:00',
      zone: 'America/New_York',
    });
    const after = nextSendTime({ after: before, sendTime: '08:00', zone: 'America/New_York' });
    expect(before.toISOString()).toBe('2026-10-31T12:00:00.000Z'); // 08:00 EDT
    expect(after.toISOString()).toBe('2026-11-01T13:00:00.000Z'); // 08:00 EST
  });

  it('resolves an ambiguous time to one instant', () => {
    const first = atLocalTime('2026-11-01', '01:30', 'America/New_York');
    const again = atLocalTime('2026-11-01', '01:30', 'America/New_York');
    expect(first.getTime()).toBe(again.getTime());
  });

  it("handles Lord Howe's half-hour shift", () => {
    // 2026-10-04: clocks go from 02:00 to 02:30 (+10:30 -> +11:00).
    const gap = nextSendTime({
      after: at('2026-10-03T00:00:00Z'),
      sendTime: '02:15',
      zone: 'Australia/Lord_Howe',
    });
    expect(gap.toISOString()).toBe('2026-10-03T15:45:00.000Z'); // 02:45 +11:00
    const normal = nextSendTime({
      after: at('2026-10-03T00:00:00Z'),
      sendTime: '08:00',
      zone: 'Australia/Lord_Howe',
    });
    expect(normal.toISOString()).toBe('2026-10-03T21:00:00.000Z'); // 08:00 +11:00
  });

  it('skips weekdays that are not allowed', () => {
    // 2026-06-12 is a Friday; Monday to Friday only -> Monday the 15th.
    const next = nextSendTime({
      after: at('2026-06-12T09:00:00Z'),
      sendTime: '08:00',
      zone: 'UTC',
      weekdays: [1, 2, 3, 4, 5],
    });
    expect(next.toISOString()).toBe('2026-06-15T08:00:00.000Z');
  });
});

describe('firstSendTimeFrom', () => {
  it("is today's slot when it has not passed, else tomorrow's", () => {
    const early = firstSendTimeFrom({
      from: at('2026-06-10T06:00:00Z'),
      sendTime: '08:00',
      zone: 'UTC',
    });
    const late = firstSendTimeFrom({
      from: at('2026-06-10T09:00:00Z'),
      sendTime: '08:00',
      zone: 'UTC',
    });
    expect(early.toISOString()).toBe('2026-06-10T08:00:00.000Z');
    expect(late.toISOString()).toBe('2026-06-11T08:00:00.000Z');
  });
});

describe('isValidTimeZone', () => {
  it('takes canonical names, aliases and other spellings the runtime knows, and nothing else', () => {
    for (const zone of [
      'Europe/London',
      'America/New_York',
      'UTC',
      'Europe/Kyiv',
      'Asia/Kolkata',
    ]) {
      expect([zone, isValidTimeZone(zone)]).toEqual([zone, true]);
    }
    expect(isValidTimeZone('europe/london')).toBe(true);
    for (const zone of ['Mars/Olympus', '', 'Europe/London '.repeat(5), 42, null, undefined]) {
      expect([zone, isValidTimeZone(zone)]).toEqual([zone, false]);
    }
  });
});

describe('courseSendTime: lessons paced by delay_days', () => {
  const slots = { sendTime: '08:00', zone: 'Europe/London' };

  it('waits whole local days at the send time: 1, 2 or 3 days after', () => {
    const sent = at('2026-03-26T08:00:00Z'); // 08:00 in London, before the clocks go forward
    expect(courseSendTime({ after: sent, delayDays: 1, ...slots }).toISOString()).toBe(
      '2026-03-27T08:00:00.000Z',
    );
    // 29 March 2026: British Summer Time starts, 08:00 local is 07:00 UTC.
    expect(courseSendTime({ after: sent, delayDays: 3, ...slots }).toISOString()).toBe(
      '2026-03-29T07:00:00.000Z',
    );
    expect(courseSendTime({ after: sent, delayDays: 2, ...slots }).toISOString()).toBe(
      '2026-03-28T08:00:00.000Z',
    );
  });

  it('counts from the day of a late email, then takes the first allowed weekday', () => {
    // Sent late on Friday 27 March; three days on is Monday; weekdays only Tue and Thu.
    const sent = at('2026-03-27T21:00:00Z');
    const next = courseSendTime({ after: sent, delayDays: 3, ...slots, weekdays: [2, 4] });
    expect(next.toISOString()).toBe('2026-03-31T07:00:00.000Z');
  });

  it('with 0, comes the same local day twelve hours on, never within twelve hours', () => {
    const morning = at('2026-03-26T08:00:00Z');
    expect(courseSendTime({ after: morning, delayDays: 0, ...slots }).toISOString()).toBe(
      '2026-03-26T20:00:00.000Z',
    );
    // Sent at 15:00: twelve hours on is tomorrow, so tomorrow's slot, but not before 03:00.
    const afternoon = at('2026-03-26T15:00:00Z');
    expect(courseSendTime({ after: afternoon, delayDays: 0, ...slots }).toISOString()).toBe(
      '2026-03-27T08:00:00.000Z',
    );
    // Sent at 23:00 (a late catch-up): tomorrow 08:00 is nine hours on, so 11:00.
    const late = at('2026-03-26T23:00:00Z');
    expect(courseSendTime({ after: late, delayDays: 0, ...slots }).toISOString()).toBe(
      '2026-03-27T11:00:00.000Z',
    );
  });
});
