import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { type Pace, type PaceDecision, paceTogether } from '../../src/couples/pace.ts';
import { courseSendTime, firstSendTimeFrom, localDate } from '../../src/course/time.ts';

const SYDNEY = 'Australia/Sydney';
const LONDON = 'Europe/London';
const LESSONS = 10;

interface Partner {
  name: string;
  zone: string;
  sendTime: string;
  step: number;
  dueAt: Date | null;
  state: Pace['state'];
  confirmAt: Date;
  /** A break from one instant to another: no mail is sent and the partner is held. */
  breakFrom?: Date;
  breakUntil?: Date;
  sent: { step: number; at: Date }[];
  waits: { step: number; because: string }[];
}

const at = (iso: string) => new Date(iso);
const wall = (instant: Date, zone: string) =>
  DateTime.fromJSDate(instant, { zone }).toFormat('yyyy-MM-dd HH:mm');

function partner(name: string, zone: string, sendTime: string, confirmAt: string): Partner {
  return {
    name,
    zone,
    sendTime,
    step: 0,
    dueAt: null,
    state: 'apart',
    confirmAt: at(confirmAt),
    sent: [],
    waits: [],
  };
}

function lastSent(p: Partner): string | null {
  const last = p.sent.at(-1);
  return last ? localDate(last.at, p.zone) : null;
}

const pace = (p: Partner): Pace => ({
  step: p.step,
  dueAt: p.dueAt,
  delayDays: 1,
  lastSentOn: lastSent(p),
  zone: p.zone,
  sendTime: p.sendTime,
  weekdays: [],
  state: p.state,
});

/**
 * The planner's rules in miniature, minute by minute: confirmation sends the welcome due at
 * once, each sent message schedules the next with courseSendTime (delay of a day), and a due
 * partner asks paceTogether before sending.
 */
function run(a: Partner, b: Partner, from: string, until: string) {
  const end = at(until).getTime();
  for (let t = at(from).getTime(); t <= end; t += 15 * 60_000) {
    const now = new Date(t);
    for (const p of [a, b]) {
      if (p.state === 'apart' && p.step === 0 && p.confirmAt.getTime() <= t && !p.dueAt) {
        p.state = 'active';
        p.dueAt = p.confirmAt;
      }
      // As src/subscribers/preferences-break.ts: nothing is due while paused; resuming
      // schedules the next message afresh from the instant the break ended.
      if (
        p.state === 'active' &&
        p.breakFrom &&
        p.breakFrom.getTime() <= t &&
        p.breakUntil &&
        p.breakUntil.getTime() > t
      ) {
        p.state = 'paused';
        p.dueAt = null;
      } else if (p.state === 'paused' && p.breakUntil && p.breakUntil.getTime() <= t) {
        p.state = 'active';
        p.dueAt = firstSendTimeFrom({ from: p.breakUntil, sendTime: p.sendTime, zone: p.zone });
      }
    }
    for (const [self, other] of [
      [a, b],
      [b, a],
    ] as const) {
      if (self.state !== 'active' || !self.dueAt || self.dueAt.getTime() > t) continue;
      const decision: PaceDecision = paceTogether(pace(self), pace(other), now);
      if (decision.kind === 'wait') {
        expect(decision.until.getTime()).toBeGreaterThan(t);
        self.dueAt = decision.until;
        self.waits.push({ step: self.step, because: decision.because });
        continue;
      }
      self.sent.push({ step: self.step, at: now });
      self.step += 1;
      self.dueAt =
        self.step > LESSONS
          ? null
          : courseSendTime({ after: now, delayDays: 1, sendTime: self.sendTime, zone: self.zone });
      if (self.step > LESSONS) self.state = 'apart';
    }
  }
}

function lessonDates(p: Partner) {
  return p.sent.filter((s) => s.step >= 1).map((s) => [s.step, localDate(s.at, p.zone)]);
}

describe('pacing together', () => {
  it('Sydney and London share every lesson day across London’s clock change', () => {
    // London moves to BST on 2027-03-28; Sydney stays on AEDT until 2027-04-04.
    const sydney = partner('Ana', SYDNEY, '07:00', '2027-03-23T22:00:00Z'); // Wed 09:00 AEDT
    const london = partner('Ben', LONDON, '21:30', '2027-03-24T10:00:00Z'); // Wed 10:00 GMT
    run(sydney, london, '2027-03-22T00:00:00Z', '2027-04-06T00:00:00Z');

    expect(sydney.sent.map((s) => s.step)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(london.sent.map((s) => s.step)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    // The later confirmation (London, Wednesday 24 March) sets day 0: lesson k on 24 + k.
    const expected = Array.from({ length: LESSONS }, (_, i) => [
      i + 1,
      DateTime.fromISO('2027-03-24')
        .plus({ days: i + 1 })
        .toISODate(),
    ]);
    expect(lessonDates(london)).toEqual(expected);
    expect(lessonDates(sydney)).toEqual(expected);
    // Each at their own wall-clock time, before and after London's change.
    for (const s of sydney.sent.filter((x) => x.step >= 1)) {
      expect(wall(s.at, SYDNEY).slice(11)).toBe('07:00');
    }
    for (const s of london.sent.filter((x) => x.step >= 1)) {
      expect(wall(s.at, LONDON).slice(11)).toBe('21:30');
    }
    const beforeChange = london.sent.find((s) => s.step === 3);
    const afterChange = london.sent.find((s) => s.step === 5);
    expect(beforeChange?.at.toISOString()).toBe('2027-03-27T21:30:00.000Z'); // GMT
    expect(afterChange?.at.toISOString()).toBe('2027-03-29T20:30:00.000Z'); // BST
    // Both confirmed before either's lesson 1: nobody had to wait.
    expect([...sydney.waits, ...london.waits]).toEqual([]);
  });

  it('the one ahead by several lessons waits until the other catches up', () => {
    const ahead = partner('Ana', LONDON, '08:00', '2027-05-01T09:00:00Z');
    const late = partner('Ben', LONDON, '08:00', '2027-05-05T12:00:00Z');
    run(ahead, late, '2027-05-01T00:00:00Z', '2027-05-20T00:00:00Z');
    // Ana had lessons 1..4 alone (Ben confirmed after her lesson 4), then waited for Ben's
    // lesson 5, which his confirmation on 5 May puts on 10 May.
    const anaDates = Object.fromEntries(lessonDates(ahead));
    const benDates = Object.fromEntries(lessonDates(late));
    expect(anaDates[1]).toBe('2027-05-02');
    expect(anaDates[4]).toBe('2027-05-05');
    expect(benDates[1]).toBe('2027-05-06');
    expect(anaDates[5]).toBe('2027-05-10');
    for (let k = 5; k <= LESSONS; k++) expect(anaDates[k]).toBe(benDates[k]);
    expect(new Set(ahead.waits.map((w) => w.step))).toEqual(new Set([5]));
    expect(late.waits).toEqual([]);
  });

  it('a break by either holds both, and both resume on the same day', () => {
    const a = partner('Ana', SYDNEY, '08:00', '2027-06-01T00:00:00Z');
    const b = partner('Ben', LONDON, '08:00', '2027-06-01T09:00:00Z');
    // Ben stops on Friday 4 June at noon in London (after Ana's lesson that day in Sydney)
    // until Tuesday 8 June, 08:00 in London.
    b.breakFrom = at('2027-06-04T11:00:00Z');
    b.breakUntil = at('2027-06-08T07:00:00Z');
    run(a, b, '2027-05-31T00:00:00Z', '2027-06-25T00:00:00Z');
    const aDates = Object.fromEntries(lessonDates(a));
    const bDates = Object.fromEntries(lessonDates(b));
    for (let k = 1; k <= LESSONS; k++) expect(aDates[k]).toBe(bDates[k]);
    // Lesson 3 on 4 June for both; then nobody had one until the break was over.
    expect(aDates[3]).toBe('2027-06-04');
    expect(bDates[3]).toBe('2027-06-04');
    for (const date of ['2027-06-05', '2027-06-06', '2027-06-07']) {
      expect(Object.values(aDates)).not.toContain(date);
      expect(Object.values(bDates)).not.toContain(date);
    }
    // Ben's break ended on the 8th at his send time, after Ana's (Sydney is ahead): the
    // 9th is the first day both can have lesson 4.
    expect(aDates[4]).toBe('2027-06-09');
    expect(new Set(a.waits.map((w) => `${w.step} ${w.because}`))).toEqual(
      new Set(['4 partner-break']),
    );
  });

  it('goes on alone while the partner is apart (unlinked, not confirmed, finished)', () => {
    const self: Pace = {
      step: 3,
      dueAt: at('2027-01-10T08:00:00Z'),
      delayDays: 1,
      lastSentOn: '2027-01-09',
      zone: LONDON,
      sendTime: '08:00',
      weekdays: [],
      state: 'active',
    };
    const now = at('2027-01-10T08:00:00Z');
    expect(paceTogether(self, null, now)).toEqual({ kind: 'send' });
    expect(paceTogether(self, { ...self, step: 1, state: 'apart' }, now)).toEqual({ kind: 'send' });
    expect(paceTogether({ ...self, step: 0 }, { ...self, state: 'paused' }, now)).toEqual({
      kind: 'send',
    });
    expect(paceTogether(self, { ...self, step: 5 }, now)).toEqual({ kind: 'send' });
    // A partner who had this lesson yesterday does not hold back one who is late.
    expect(paceTogether(self, { ...self, step: 4, lastSentOn: '2027-01-09' }, now)).toEqual({
      kind: 'send',
    });
    // One who had it on a later date (a day ahead in their zone) is caught up on that date.
    expect(paceTogether(self, { ...self, step: 4, lastSentOn: '2027-01-11' }, now)).toEqual({
      kind: 'wait',
      until: at('2027-01-11T08:00:00Z'),
      because: 'partner-behind',
    });
  });

  it('meets on a weekday both chose', () => {
    const now = at('2027-01-11T08:00:00Z'); // Monday
    const self: Pace = {
      step: 2,
      dueAt: now,
      delayDays: 1,
      lastSentOn: '2027-01-10',
      zone: LONDON,
      sendTime: '08:00',
      weekdays: [1, 3, 5],
      state: 'active',
    };
    const other: Pace = { ...self, zone: SYDNEY, dueAt: at('2027-01-10T21:00:00Z'), weekdays: [3] };
    const decision = paceTogether(self, other, now);
    expect(decision).toEqual({
      kind: 'wait',
      until: at('2027-01-13T08:00:00Z'),
      because: 'partner-behind',
    });
  });
});
