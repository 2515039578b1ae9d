import { afterEach, describe, expect, it } from 'vitest';
import { checkinStep } from '../../src/delivery/checkins.ts';
import { tick } from '../../src/delivery/tick.ts';
import { type TestDeps, testDeps } from '../support/deps.ts';
import { emailsTo, messageOf, runScheduler, tokenOf } from '../support/flows.ts';
import { enroll, post, sentLocally, subscriberRow } from './support.ts';

let deps: TestDeps;
afterEach(() => deps?.close());

const checkinsOf = async (address: string, zone: string) =>
  (await sentLocally(deps, address, zone)).filter((row) => row.key.startsWith('checkin:'));

describe('check-in reminders', () => {
  it('arrive every Sunday at 19:00 for weeks, across the DST change, questions in rotation', async () => {
    // New York leaves summer time on Sunday 2026-11-01 (19:00 is 23:00Z before, 00:00Z after).
    deps = await testDeps({ start: '2026-10-05T14:00:00Z' });
    const zone = 'America/New_York';
    const reader = await enroll(deps, { email: 'sundays@example.com', timezone: zone });
    const saved = await post(reader, reader.token, {
      action: 'checkins',
      checkin_day_7: 'on',
      checkin_time: '19:00',
    });
    expect(saved.status).toBe(200);
    expect(saved.html).toContain('Your next check-in arrives on Sunday 11 October, 19:00');
    // Hourly passes: every send time here is on the hour, so "at 19:00" is still exact.
    await runScheduler(deps, '2026-11-16T12:00:00Z', 60);

    const checkins = await checkinsOf('sundays@example.com', zone);
    expect(checkins.map((row) => `${row.key} ${row.date} ${row.time}`)).toEqual([
      'checkin:2026-10-11 2026-10-11 19:00',
      'checkin:2026-10-18 2026-10-18 19:00',
      'checkin:2026-10-25 2026-10-25 19:00',
      'checkin:2026-11-01 2026-11-01 19:00',
      'checkin:2026-11-08 2026-11-08 19:00',
      'checkin:2026-11-15 2026-11-15 19:00',
    ]);
    // They continued after the course ended (closing on 2026-10-16).
    expect((await subscriberRow(deps, 'sundays@example.com')).status).toBe('completed');

    const { questions, subject } = deps.course.checkins;
    const emails = emailsTo(deps, 'sundays@example.com').filter(
      (email) => messageOf(email) === 'checkin',
    );
    expect(emails).toHaveLength(6);
    emails.forEach((email, n) => {
      expect(email.subject).toBe(subject);
      expect(email.text).toContain(questions[n % questions.length]);
      for (const other of questions.filter((_, i) => i !== n % questions.length)) {
        expect(email.text).not.toContain(other);
      }
      expect(email.replyTo).toBe(`reply+${tokenOf(email, 'reply')}@reply.tend.test`);
      expect(email.html).toContain(`https://tend.test/reflect/${tokenOf(email, 'reflect')}`);
      expect(email.html).toContain(
        `https://tend.test/preferences/${tokenOf(email, 'preferences')}`,
      );
      expect(email.headers['List-Unsubscribe']).toBe(
        `<https://tend.test/unsubscribe/${tokenOf(email, 'unsubscribe')}>`,
      );
    });

    // The reflect link of a check-in asks that check-in's question.
    const third = emails[2];
    if (!third) throw new Error('no third check-in');
    const reflect = await reader.app.request(`/reflect/${tokenOf(third, 'reflect')}`);
    expect(await reflect.text()).toContain(questions[2]?.slice(0, 40));

    // One click from the email's preferences link, one button: they stop.
    const stopped = await post(reader, tokenOf(third, 'preferences'), { action: 'stop-checkins' });
    expect(stopped.html).toContain('Check-ins are off.');
    expect(await subscriberRow(deps, 'sundays@example.com')).toMatchObject({
      checkin_days: '',
      next_checkin_at: null,
    });
    await runScheduler(deps, '2026-11-30T12:00:00Z', 180);
    expect(await checkinsOf('sundays@example.com', zone)).toHaveLength(6);
  });

  it('none while on a break, none after unsubscribing; a missed one after downtime goes once', async () => {
    deps = await testDeps({ start: '2026-06-01T10:00:00Z' });
    const reader = await enroll(deps, { email: 'daily@example.com' });
    await post(reader, reader.token, {
      action: 'checkins',
      checkin_days: '1234567',
      checkin_time: '19:00',
    });
    await runScheduler(deps, '2026-06-03T20:00:00Z', 60); // 1st, 2nd and 3rd
    await post(reader, reader.token, { action: 'break', until: '2026-06-06' });
    await runScheduler(deps, '2026-06-06T20:00:00Z', 60); // break ends at 08:00 on the 6th
    // Down from the 6th at 20:00 until the 9th at 21:00: the 7th and 8th are folded into one.
    deps.clock.set('2026-06-09T21:00:00Z');
    await tick(deps, deps.clock());
    await runScheduler(deps, '2026-06-10T20:00:00Z', 60);
    await post(reader, reader.token, { action: 'unsubscribe' });
    await runScheduler(deps, '2026-06-14T20:00:00Z', 60);

    const checkins = await checkinsOf('daily@example.com', 'UTC');
    expect(checkins.map((row) => `${row.key} ${row.date} ${row.time}`)).toEqual([
      'checkin:2026-06-01 2026-06-01 19:00',
      'checkin:2026-06-02 2026-06-02 19:00',
      'checkin:2026-06-03 2026-06-03 19:00',
      'checkin:2026-06-06 2026-06-06 19:00',
      'checkin:2026-06-07 2026-06-09 21:00',
      'checkin:2026-06-10 2026-06-10 19:00',
    ]);
  });

  it('a changed time does not give two check-ins on one day', async () => {
    deps = await testDeps({ start: '2026-06-01T10:00:00Z' });
    const reader = await enroll(deps, { email: 'twice@example.com' });
    await post(reader, reader.token, {
      action: 'checkins',
      checkin_day_1: 'on',
      checkin_time: '12:00',
    });
    await runScheduler(deps, '2026-06-01T12:30:00Z', 15); // Monday's at 12:00
    const moved = await post(reader, reader.token, {
      action: 'checkins',
      checkin_day_1: 'on',
      checkin_time: '20:00',
    });
    expect(moved.html).toContain('Your next check-in arrives on Monday 8 June, 20:00');
  });

  it('refuses a bad time with a 400 and keeps the days ticked', async () => {
    deps = await testDeps({ start: '2026-06-01T10:00:00Z' });
    const reader = await enroll(deps, { email: 'badtime@example.com' });
    const response = await post(reader, reader.token, {
      action: 'checkins',
      checkin_day_3: 'on',
      checkin_time: '7pm',
    });
    expect(response.status).toBe(400);
    expect(response.html).toContain('Please give a time such as 19:00.');
    expect(response.html).toMatch(/name="checkin_day_3" checked/);
    expect((await subscriberRow(deps, 'badtime@example.com')).checkin_days).toBe('');
  });
});

describe('checkinStep (pure)', () => {
  it('keys a check-in by its local date and schedules the next on a later day', () => {
    const step = checkinStep(
      {
        nextCheckinAt: new Date('2026-11-02T00:00:00.000Z'), // Sunday 1 November, 19:00 in New York
        checkinDays: [7],
        checkinTime: '19:00',
        timezone: 'America/New_York',
      },
      new Date('2026-11-02T00:00:30Z'),
    );
    expect(step?.messageKey).toBe('checkin:2026-11-01');
    expect(step?.nextAt.toISOString()).toBe('2026-11-09T00:00:00.000Z');
  });

  it('is nothing when check-ins are off', () => {
    const off = { nextCheckinAt: null, checkinDays: [], checkinTime: '19:00', timezone: 'UTC' };
    expect(checkinStep(off, new Date())).toBeNull();
  });
});
