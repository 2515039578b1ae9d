import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import {
  breakEndsAt,
  movedBreakEnd,
  nextSlotAfterChange,
  type Slots,
} from '../../src/course/reschedule.ts';
import type { Weekday } from '../../src/course/time.ts';
import { MIN_GAP_MS } from '../../src/course/time.ts';

const at = (iso: string) => new Date(iso);
const every: Weekday[] = [];
const slots = (sendTime: string, zone: string, weekdays: Weekday[] = every): Slots => ({
  sendTime,
  zone,
  weekdays,
});
const local = (instant: Date, zone: string) =>
  DateTime.fromJSDate(instant, { zone }).toFormat('yyyy-MM-dd HH:mm ccc');

describe('nextSlotAfterChange: a schedule changed mid-course', () => {
  it('23:30 -> 00:30 right after a lesson waits a day rather than following an hour later', () => {
    const last = at('2026-06-01T23:30:00Z');
    const next = nextSlotAfterChange({
      slots: slots('00:30', 'UTC'),
      last,
      now: at('2026-06-01T23:45:00Z'),
    });
    expect(next.toISOString()).toBe('2026-06-03T00:30:00.000Z');
    expect(next.getTime() - last.getTime()).toBeGreaterThanOrEqual(MIN_GAP_MS);
  });

  it('00:30 -> 23:30 the morning after a lesson: still one a day, that evening is fine', () => {
    const next = nextSlotAfterChange({
      slots: slots('23:30', 'UTC'),
      last: at('2026-06-02T00:30:00Z'),
      now: at('2026-06-02T09:00:00Z'),
    });
    // Same local day as the last lesson: not today, tomorrow evening.
    expect(next.toISOString()).toBe('2026-06-03T23:30:00.000Z');
  });

  it('an earlier time the same day waits for tomorrow (never two on one local day)', () => {
    const next = nextSlotAfterChange({
      slots: slots('20:00', 'Europe/Berlin'),
      last: at('2026-06-01T06:00:00Z'), // 08:00 Berlin
      now: at('2026-06-01T08:00:00Z'),
    });
    expect(local(next, 'Europe/Berlin')).toBe('2026-06-02 20:00 Tue');
  });

  it('20:00 -> 07:00 keeps at least twelve hours between lessons', () => {
    const next = nextSlotAfterChange({
      slots: slots('07:00', 'UTC'),
      last: at('2026-06-01T20:00:00Z'),
      now: at('2026-06-01T21:00:00Z'),
    });
    expect(next.toISOString()).toBe('2026-06-03T07:00:00.000Z');
  });

  it('a later time before the next lesson was due just moves it', () => {
    const next = nextSlotAfterChange({
      slots: slots('09:15', 'UTC'),
      last: at('2026-06-01T08:00:00Z'),
      now: at('2026-06-01T12:00:00Z'),
    });
    expect(next.toISOString()).toBe('2026-06-02T09:15:00.000Z');
  });

  it('a zone change east -> west counts the local day in the new zone', () => {
    // Last lesson 08:00 in Berlin (06:00Z) = 02:00 in New York, the same New York date.
    const next = nextSlotAfterChange({
      slots: slots('08:00', 'America/New_York'),
      last: at('2026-06-01T06:00:00Z'),
      now: at('2026-06-01T10:00:00Z'),
    });
    expect(local(next, 'America/New_York')).toBe('2026-06-02 08:00 Tue');
  });

  it('a zone change west -> east does not send a second lesson within twelve hours', () => {
    // Last lesson 08:00 in Los Angeles (15:00Z), already the next day in Tokyo (00:00).
    const next = nextSlotAfterChange({
      slots: slots('08:00', 'Asia/Tokyo'),
      last: at('2026-06-01T15:00:00Z'),
      now: at('2026-06-01T16:00:00Z'),
    });
    // 08:00 Tokyo on the 2nd is 23:00Z on the 1st: eight hours after; the 3rd it is.
    expect(local(next, 'Asia/Tokyo')).toBe('2026-06-03 08:00 Wed');
  });

  it('follows the allowed weekdays', () => {
    const next = nextSlotAfterChange({
      slots: slots('08:00', 'Europe/London', [1, 2, 3, 4, 5]),
      last: at('2026-06-05T07:00:00Z'), // Friday 08:00 BST
      now: at('2026-06-05T12:00:00Z'),
    });
    expect(local(next, 'Europe/London')).toBe('2026-06-08 08:00 Mon');
  });

  it("without a last lesson it is today's slot if it has not passed", () => {
    const next = nextSlotAfterChange({
      slots: slots('18:00', 'UTC'),
      last: null,
      now: at('2026-06-01T12:00:00Z'),
    });
    expect(next.toISOString()).toBe('2026-06-01T18:00:00.000Z');
  });

  it('a restart (laterDay) begins on the next local day even if today is still open', () => {
    const next = nextSlotAfterChange({
      slots: slots('18:00', 'UTC'),
      last: null,
      now: at('2026-06-01T12:00:00Z'),
      laterDay: true,
    });
    expect(next.toISOString()).toBe('2026-06-02T18:00:00.000Z');
  });

  it('a lesson still queued counts as sent now', () => {
    // (The caller passes max(due_at, now) as `last` for a queued one; see anchorOf.)
    const next = nextSlotAfterChange({
      slots: slots('12:30', 'UTC'),
      last: at('2026-06-01T12:00:00Z'),
      now: at('2026-06-01T12:00:00Z'),
    });
    expect(next.toISOString()).toBe('2026-06-02T12:30:00.000Z');
  });

  it('honours a DST gap on the day it lands (New York 02:30 on 2026-03-08)', () => {
    const next = nextSlotAfterChange({
      slots: slots('02:30', 'America/New_York'),
      last: at('2026-03-07T13:00:00Z'),
      now: at('2026-03-07T15:00:00Z'),
    });
    expect(local(next, 'America/New_York')).toBe('2026-03-08 03:30 Sun');
  });
});

describe('breaks', () => {
  it('end at the send time on the chosen local date, across a DST change', () => {
    // Berlin goes to summer time on 2026-03-29: 08:00 is 07:00Z before, 06:00Z after.
    expect(breakEndsAt('2026-04-02', { sendTime: '08:00', zone: 'Europe/Berlin' })).toEqual(
      at('2026-04-02T06:00:00Z'),
    );
    expect(breakEndsAt('2026-03-25', { sendTime: '08:00', zone: 'Europe/Berlin' })).toEqual(
      at('2026-03-25T07:00:00Z'),
    );
  });

  it('keep their end date when the time or zone changes', () => {
    const moved = movedBreakEnd(
      at('2026-04-02T06:00:00Z'),
      { zone: 'Europe/Berlin' },
      { sendTime: '19:00', zone: 'America/New_York' },
    );
    expect(local(moved, 'America/New_York')).toBe('2026-04-02 19:00 Thu');
  });
});
