import { afterEach, describe, expect, it } from 'vitest';
import { tick } from '../../src/delivery/tick.ts';
import { type TestDeps, testDeps } from '../support/deps.ts';
import { emailsTo, runScheduler } from '../support/flows.ts';
import { enroll, post, sentLocally, subscriberRow } from './support.ts';

let deps: TestDeps;
afterEach(() => deps?.close());

const summary = (rows: { key: string; date: string; time: string }[]) =>
  rows.map((row) => `${row.key} ${row.date} ${row.time}`);

describe('take a break', () => {
  it('until a date across the DST change: nothing meanwhile, then the next lesson that day', async () => {
    // Berlin moves to summer time on 2026-03-29; 08:00 is 07:00Z before and 06:00Z after.
    deps = await testDeps({ start: '2026-03-20T10:00:00Z' });
    const reader = await enroll(deps, {
      email: 'break@example.com',
      timezone: 'Europe/Berlin',
      send_time: '08:00',
    });
    await runScheduler(deps, '2026-03-22T09:00:00Z', 15); // lessons 1 and 2
    const response = await post(reader, reader.token, { action: 'break', until: '2026-04-02' });
    expect(response.status).toBe(200);
    expect(response.html).toContain('emails start again on Thursday 2 April, 08:00');
    expect(await subscriberRow(deps, 'break@example.com')).toMatchObject({
      status: 'paused',
      next_step: 3,
      paused_until: '2026-04-02T06:00:00.000Z',
    });
    const before = emailsTo(deps, 'break@example.com').length;
    await runScheduler(deps, '2026-04-02T05:45:00Z', 15);
    expect(emailsTo(deps, 'break@example.com')).toHaveLength(before);

    await runScheduler(deps, '2026-04-05T00:00:00Z', 15);
    const sent = await sentLocally(deps, 'break@example.com', 'Europe/Berlin');
    expect(summary(sent.slice(1))).toEqual([
      'lesson:1 2026-03-21 08:00',
      'lesson:2 2026-03-22 08:00',
      'lesson:3 2026-04-02 08:00',
      'lesson:4 2026-04-03 08:00',
      'lesson:5 2026-04-04 08:00',
    ]);
    expect((await subscriberRow(deps, 'break@example.com')).status).toBe('active');
  });

  it('a break whose end passed during downtime resumes on the next pass, then one a day', async () => {
    deps = await testDeps({ start: '2026-06-01T10:00:00Z' });
    const reader = await enroll(deps, { email: 'late@example.com', send_time: '08:00' });
    await runScheduler(deps, '2026-06-02T09:00:00Z', 15); // lesson 1
    await post(reader, reader.token, { action: 'break', until: '2026-06-05' });
    deps.clock.set('2026-06-07T12:00:00Z'); // the server was down from the 2nd to the 7th
    await tick(deps, deps.clock());
    await runScheduler(deps, '2026-06-09T09:00:00Z', 15);
    const sent = await sentLocally(deps, 'late@example.com', 'UTC');
    expect(summary(sent.slice(1))).toEqual([
      'lesson:1 2026-06-02 08:00',
      'lesson:2 2026-06-07 12:00',
      'lesson:3 2026-06-08 08:00',
      'lesson:4 2026-06-09 08:00',
    ]);
  });

  it('until I resume: nothing meanwhile; "Resume now" continues at the next send time', async () => {
    deps = await testDeps({ start: '2026-06-01T10:00:00Z' });
    const reader = await enroll(deps, { email: 'resume@example.com', send_time: '08:00' });
    await runScheduler(deps, '2026-06-03T09:00:00Z', 15); // lessons 1 and 2
    const paused = await post(reader, reader.token, { action: 'break', until: '' });
    expect(paused.html).toContain('You are on a break until you resume.');
    await runScheduler(deps, '2026-06-10T10:00:00Z', 30);
    expect(await sentLocally(deps, 'resume@example.com', 'UTC')).toHaveLength(3);

    const resumed = await post(reader, reader.token, { action: 'resume' });
    expect(resumed.status).toBe(200);
    expect(resumed.html).toContain('Welcome back. Your next email arrives on Thursday 11 June');
    await runScheduler(deps, '2026-06-12T09:00:00Z', 15);
    const sent = await sentLocally(deps, 'resume@example.com', 'UTC');
    expect(summary(sent.slice(1))).toEqual([
      'lesson:1 2026-06-02 08:00',
      'lesson:2 2026-06-03 08:00',
      'lesson:3 2026-06-11 08:00',
      'lesson:4 2026-06-12 08:00',
    ]);
  });

  it('refuses a date in the past or too far away with a 400, and stays active', async () => {
    deps = await testDeps({ start: '2026-06-01T10:00:00Z' });
    const reader = await enroll(deps, { email: 'dates@example.com' });
    for (const until of ['2026-05-01', '2026-06-01', '2030-01-01', 'tomorrow', '2026-02-30']) {
      const response = await post(reader, reader.token, { action: 'break', until });
      expect(response.status, until).toBe(400);
      expect(response.html).toContain('Please choose a date between Tuesday 2 June and');
    }
    expect((await subscriberRow(deps, 'dates@example.com')).status).toBe('active');
    const resumeWhileActive = await post(reader, reader.token, { action: 'resume' });
    expect(resumeWhileActive.status).toBe(409);
    expect(resumeWhileActive.html).toContain('nothing was changed');
  });
});

describe('restart the course', () => {
  it('begins again at lesson 1 the next local day, in a new round, without a new welcome', async () => {
    deps = await testDeps({ start: '2026-06-01T10:00:00Z' });
    const reader = await enroll(deps, { email: 'again@example.com', send_time: '08:00' });
    await runScheduler(deps, '2026-06-05T10:00:00Z', 15); // lessons 1-4
    const response = await post(reader, reader.token, { action: 'restart' });
    expect(response.status).toBe(200);
    expect(response.html).toContain('starts again with lesson 1 on Saturday 6 June, 08:00');
    expect(await subscriberRow(deps, 'again@example.com')).toMatchObject({
      round: 2,
      next_step: 1,
      status: 'active',
    });
    await runScheduler(deps, '2026-06-18T00:00:00Z', 15);
    const sent = await sentLocally(deps, 'again@example.com', 'UTC');
    const round = (n: number) => sent.filter((row) => row.round === n).map((row) => row.key);
    expect(round(1)).toEqual(['welcome', 'lesson:1', 'lesson:2', 'lesson:3', 'lesson:4']);
    expect(round(2)).toEqual([
      ...Array.from({ length: 10 }, (_, i) => `lesson:${i + 1}`),
      'closing',
    ]);
    expect(sent.find((row) => row.round === 2)).toMatchObject({
      date: '2026-06-06',
      time: '08:00',
    });
    const dates = sent.map((row) => row.date);
    expect(new Set(dates).size).toBe(dates.length);
  });

  it('restarts a paused or completed subscriber too', async () => {
    deps = await testDeps({ start: '2026-06-01T10:00:00Z' });
    const reader = await enroll(deps, { email: 'done@example.com', send_time: '08:00' });
    await runScheduler(deps, '2026-06-12T10:00:00Z', 30);
    expect((await subscriberRow(deps, 'done@example.com')).status).toBe('completed');
    await post(reader, reader.token, { action: 'break' });
    const response = await post(reader, reader.token, { action: 'restart' });
    expect(response.status).toBe(200);
    expect(await subscriberRow(deps, 'done@example.com')).toMatchObject({
      status: 'active',
      round: 2,
      next_step: 1,
      paused_until: null,
      next_send_at: '2026-06-13T08:00:00.000Z',
    });
  });
});
