import { afterEach, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.ts';
import { type TestDeps, testDeps } from '../support/deps.ts';
import { runScheduler } from '../support/flows.ts';
import {
  enroll,
  expectOrderlyCourse,
  post,
  sentLocally,
  settingsForm,
  subscriberRow,
} from './support.ts';

let deps: TestDeps;
afterEach(() => deps?.close());

describe('changing the schedule mid-course (through the page and the scheduler)', () => {
  it('a send time moved across midnight (23:30 -> 00:30) neither bunches nor skips', async () => {
    deps = await testDeps({ start: '2026-06-01T10:00:00Z' });
    const reader = await enroll(deps, { email: 'night@example.com', send_time: '23:30' });
    await runScheduler(deps, '2026-06-03T23:45:00Z', 5); // lessons 1 and 2 at 23:30
    const response = await post(
      reader,
      reader.token,
      settingsForm({ timezone: 'UTC', send_time: '00:30' }),
    );
    expect(response.status).toBe(200);
    expect(response.html).toContain('Saved. Your next email arrives on Friday 5 June, 00:30');
    await runScheduler(deps, '2026-06-14T00:00:00Z', 15);

    const sent = await sentLocally(deps, 'night@example.com', 'UTC');
    expectOrderlyCourse(sent, () => 'UTC');
    expect(sent.slice(2, 5).map((row) => `${row.key} ${row.date} ${row.time}`)).toEqual([
      'lesson:2 2026-06-03 23:30',
      'lesson:3 2026-06-05 00:30',
      'lesson:4 2026-06-06 00:30',
    ]);
  });

  it('a time zone change mid-course: no lesson twice, none skipped, one a local day', async () => {
    deps = await testDeps({ start: '2026-06-01T10:00:00Z' });
    const reader = await enroll(deps, {
      email: 'traveller@example.com',
      timezone: 'America/Los_Angeles',
      send_time: '08:00',
    });
    // Lessons 1-3 in Los Angeles at 08:00 (15:00Z); then they fly to Tokyo.
    await runScheduler(deps, '2026-06-04T16:00:00Z', 5);
    const moved = await post(
      reader,
      reader.token,
      settingsForm({ timezone: 'Asia/Tokyo', send_time: '08:00' }),
    );
    expect(moved.status).toBe(200);
    await runScheduler(deps, '2026-06-16T00:00:00Z', 15);

    const switchedAt = Date.parse('2026-06-04T16:00:00Z');
    const zoneAt = (row: { sentAt: string }) =>
      Date.parse(row.sentAt) < switchedAt ? 'America/Los_Angeles' : 'Asia/Tokyo';
    const sent = await sentLocally(deps, 'traveller@example.com', 'Asia/Tokyo');
    expectOrderlyCourse(sent, zoneAt);
    const afterMove = sent.filter((row) => Date.parse(row.sentAt) > switchedAt);
    // 08:00 Tokyo on the 5th is 23:00Z on the 4th, eight hours after lesson 3: too soon.
    expect(afterMove[0]).toMatchObject({ key: 'lesson:4', date: '2026-06-06', time: '08:00' });
    expect(afterMove.every((row) => row.time === '08:00')).toBe(true);
  });

  it('a time zone change the other way (Berlin -> New York) moves lessons, once each', async () => {
    deps = await testDeps({ start: '2026-06-01T10:00:00Z' });
    const reader = await enroll(deps, {
      email: 'west@example.com',
      timezone: 'Europe/Berlin',
      send_time: '08:00',
    });
    await runScheduler(deps, '2026-06-03T07:00:00Z', 5); // lessons 1-2 at 08:00 Berlin
    await post(
      reader,
      reader.token,
      settingsForm({ timezone: 'America/New_York', send_time: '07:00' }),
    );
    await runScheduler(deps, '2026-06-15T00:00:00Z', 15);
    const sent = await sentLocally(deps, 'west@example.com', 'America/New_York');
    const switchedAt = Date.parse('2026-06-03T07:00:00Z');
    expectOrderlyCourse(sent, (row) =>
      Date.parse(row.sentAt) < switchedAt ? 'Europe/Berlin' : 'America/New_York',
    );
    // Lesson 2 went at 02:00 New York time on the 3rd; lesson 3 follows at 07:00 on the 4th.
    expect(sent[3]).toMatchObject({ key: 'lesson:3', date: '2026-06-04', time: '07:00' });
  });

  it('weekday restrictions: after choosing Monday to Friday, no lesson on a weekend', async () => {
    // 2026-06-03 is a Wednesday.
    deps = await testDeps({ start: '2026-06-03T10:00:00Z' });
    const reader = await enroll(deps, { email: 'weekdays@example.com', send_time: '08:00' });
    await runScheduler(deps, '2026-06-04T09:00:00Z', 5); // lesson 1 on Thursday
    const saved = await post(
      reader,
      reader.token,
      settingsForm({ timezone: 'UTC', send_time: '08:00', days: '12345' }),
    );
    expect(saved.status).toBe(200);
    expect((await subscriberRow(deps, 'weekdays@example.com')).send_days).toBe('12345');
    await runScheduler(deps, '2026-06-20T00:00:00Z', 15);

    const sent = await sentLocally(deps, 'weekdays@example.com', 'UTC');
    expectOrderlyCourse(sent, () => 'UTC');
    const later = sent.filter((row) => row.key !== 'welcome' && row.key !== 'lesson:1');
    expect(later.every((row) => row.weekday <= 5)).toBe(true);
    expect(later.slice(0, 4).map((row) => `${row.key} ${row.date}`)).toEqual([
      'lesson:2 2026-06-05',
      'lesson:3 2026-06-08',
      'lesson:4 2026-06-09',
      'lesson:5 2026-06-10',
    ]);
  });

  it('a later send time the same day just moves the next lesson', async () => {
    deps = await testDeps({ start: '2026-06-01T10:00:00Z' });
    const reader = await enroll(deps, { email: 'later@example.com', send_time: '08:00' });
    await runScheduler(deps, '2026-06-02T09:00:00Z', 5);
    await post(reader, reader.token, settingsForm({ timezone: 'UTC', send_time: '18:45' }));
    await runScheduler(deps, '2026-06-04T00:00:00Z', 5);
    const sent = await sentLocally(deps, 'later@example.com', 'UTC');
    expect(sent.slice(1).map((row) => `${row.key} ${row.date} ${row.time}`)).toEqual([
      'lesson:1 2026-06-02 08:00',
      'lesson:2 2026-06-03 18:45',
    ]);
  });

  it('saves profile fields (name, role, discreet, acknowledgements) and says so', async () => {
    deps = await testDeps({ start: '2026-06-01T10:00:00Z' });
    const reader = await enroll(deps, { email: 'profile@example.com' });
    const response = await post(
      reader,
      reader.token,
      settingsForm(
        { timezone: 'UTC', send_time: '08:00', role: 'broke', name: 'Robin' },
        { discreet: 'on', acknowledge_replies: '' },
      ),
    );
    expect(response.status).toBe(200);
    expect(response.html).toContain('Saved.');
    expect(await subscriberRow(deps, 'profile@example.com')).toMatchObject({
      name: 'Robin',
      role: 'broke',
      discreet: 1,
      acknowledge_replies: 0,
    });
    const page = await (await createApp(deps).request(`/preferences/${reader.token}`)).text();
    expect(page).toContain('value="Robin"');
  });

  it('bad input gets a clear 400, keeps what was typed and changes nothing', async () => {
    deps = await testDeps({ start: '2026-06-01T10:00:00Z' });
    const reader = await enroll(deps, { email: 'typo@example.com' });
    const before = await subscriberRow(deps, 'typo@example.com');
    const cases: [Record<string, string>, string][] = [
      [{ timezone: 'Mars/Olympus_Mons' }, 'choose your time zone from the list'],
      [{ send_time: '25:99' }, 'Please give a time such as 08:00.'],
      [{ role: 'admin' }, 'Please choose one of the sentences, or none.'],
    ];
    for (const [change, message] of cases) {
      const response = await post(
        reader,
        reader.token,
        settingsForm({ timezone: 'UTC', send_time: '08:00', name: 'Kept Name' }, change),
      );
      expect(response.status).toBe(400);
      expect(response.html).toContain(message);
      expect(response.html).toContain('value="Kept Name"');
    }
    const noDays = settingsForm({ timezone: 'UTC', send_time: '08:00' });
    for (const day of '1234567') delete noDays[`send_day_${day}`];
    const response = await post(reader, reader.token, noDays);
    expect(response.status).toBe(400);
    expect(response.html).toContain('Please choose at least one day.');
    expect(await subscriberRow(deps, 'typo@example.com')).toEqual(before);
  });
});
