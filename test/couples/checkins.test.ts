import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import {
  nextCheckinTogether,
  sharedCheckinDays,
  sharedQuestionIndex,
} from '../../src/couples/checkins.ts';
import { localDate } from '../../src/course/time.ts';

const sydney = { days: [3, 7] as const, time: '19:00', zone: 'Australia/Sydney' };
const london = { days: [7] as const, time: '09:00', zone: 'Europe/London' };

describe('shared check-ins', () => {
  it('share the weekdays both chose, each at their own time', () => {
    expect(sharedCheckinDays(sydney, london)).toEqual([7]);
    // Across Sydney's change to standard time (2027-04-04) and London's to summer time.
    let a = new Date('2027-03-20T00:00:00Z');
    let b = a;
    for (let i = 0; i < 4; i++) {
      const mine = nextCheckinTogether(sydney, london, a);
      const theirs = nextCheckinTogether(london, sydney, b);
      expect(mine.shared && theirs.shared).toBe(true);
      const day = localDate(mine.at, sydney.zone);
      expect(localDate(theirs.at, london.zone)).toBe(day);
      expect(DateTime.fromJSDate(mine.at, { zone: sydney.zone }).toFormat('ccc HH:mm')).toBe(
        'Sun 19:00',
      );
      expect(DateTime.fromJSDate(theirs.at, { zone: london.zone }).toFormat('ccc HH:mm')).toBe(
        'Sun 09:00',
      );
      expect(sharedQuestionIndex(day, [7], 5)).toBe(sharedQuestionIndex(day, [7], 5));
      a = mine.at;
      b = theirs.at;
    }
  });

  it('asks the next question on the next shared day', () => {
    const seen = ['2027-03-21', '2027-03-28', '2027-04-04'].map((d) =>
      sharedQuestionIndex(d, [7], 5),
    );
    expect(new Set(seen).size).toBe(3);
    expect(sharedQuestionIndex('2027-03-24', [3, 7], 4)).not.toBe(
      sharedQuestionIndex('2027-03-28', [3, 7], 4),
    );
  });

  it('keeps each one’s own days without a partner or a common weekday', () => {
    const alone = nextCheckinTogether(sydney, null, new Date('2027-03-20T00:00:00Z'));
    expect(alone.shared).toBe(false);
    const apart = nextCheckinTogether(
      { ...london, days: [1] },
      sydney,
      new Date('2027-03-20T00:00:00Z'),
    );
    expect(apart.shared).toBe(false);
    expect(DateTime.fromJSDate(apart.at, { zone: london.zone }).weekday).toBe(1);
  });
});
