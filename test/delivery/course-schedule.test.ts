import { DateTime } from 'luxon';
import { afterEach, describe, expect, it } from 'vitest';
import { tick } from '../../src/delivery/tick.ts';
import { type TestDeps, testDeps } from '../support/deps.ts';
import { emailsTo, messageOf, runScheduler, subscribeAndConfirm } from '../support/flows.ts';

const COURSE = ['welcome', ...Array.from({ length: 10 }, (_, i) => `lesson_${i + 1}`), 'closing'];

let deps: TestDeps;
afterEach(() => deps?.close());

/** Sent deliveries of one address: message key and the local date and time they went out. */
async function sentLocally(address: string, zone: string) {
  const rows = await deps.db
    .selectFrom('deliveries')
    .innerJoin('enrollments', 'enrollments.id', 'deliveries.enrollment_id')
    .innerJoin('subscribers', 'subscribers.id', 'enrollments.subscriber_id')
    .select(['deliveries.message_key', 'deliveries.sent_at', 'deliveries.status'])
    .where('subscribers.email', '=', address)
    .orderBy('deliveries.id')
    .execute();
  return rows.map((row) => {
    const local = DateTime.fromISO(row.sent_at ?? '', { zone });
    return { key: row.message_key, date: local.toISODate(), time: local.toFormat('HH:mm') };
  });
}

/** Local calendar date `days` after `date`. */
const plusDays = (date: string, days: number) => DateTime.fromISO(date).plus({ days }).toISODate();

async function simulate(zone: string, start: string, sendTime: string) {
  deps = await testDeps({ start });
  const address = `reader@${zone.toLowerCase().replace(/[^a-z]/g, '')}.test`;
  await subscribeAndConfirm(deps, { email: address, timezone: zone, send_time: sendTime });
  const confirmDate = DateTime.fromJSDate(deps.clock(), { zone }).toISODate() ?? '';
  // Every five minutes: all the send times here fall on that grid, so "at the right minute"
  // is still exact, and an email sent early would show up.
  await runScheduler(deps, DateTime.fromISO(start).plus({ days: 13 }).toISO() ?? '', 5);
  return { address, confirmDate, sent: await sentLocally(address, zone) };
}

function expectEveryEmailOnceOnItsDay(
  result: Awaited<ReturnType<typeof simulate>>,
  expectedTime: (day: number) => string,
) {
  const messages = emailsTo(deps, result.address).map(messageOf);
  expect(messages).toEqual(['confirm', ...COURSE]);
  const courseRows = result.sent.filter((row) => !row.key.startsWith('confirm:'));
  expect(courseRows.map((row) => row.key)).toEqual([
    'welcome',
    ...Array.from({ length: 10 }, (_, i) => `lesson:${i + 1}`),
    'closing',
  ]);
  courseRows.slice(1).forEach((row, index) => {
    const day = index + 1;
    expect({ key: row.key, date: row.date, time: row.time }).toEqual({
      key: row.key,
      date: plusDays(result.confirmDate, day),
      time: expectedTime(day),
    });
  });
}

describe('a whole course, one minute at a time', () => {
  it('sends welcome, ten lessons and the closing email, each once, at 08:00 local', async () => {
    const result = await simulate('Europe/Berlin', '2026-06-01T10:00:00Z', '08:00');
    expectEveryEmailOnceOnItsDay(result, () => '08:00');
    // The welcome went out at confirmation, not at the next send time.
    expect(result.sent[1]).toMatchObject({ key: 'welcome', date: '2026-06-01', time: '12:00' });
  });

  it('keeps local time across the spring change in New York (2026-03-08)', async () => {
    const result = await simulate('America/New_York', '2026-03-03T15:00:00Z', '07:30');
    expectEveryEmailOnceOnItsDay(result, () => '07:30');
  });

  it('moves a send time that does not exist to after the gap, once (New York 02:30)', async () => {
    const result = await simulate('America/New_York', '2026-03-04T15:00:00Z', '02:30');
    // 2026-03-08 has no 02:30: that day's lesson comes at 03:30, every other day at 02:30.
    expectEveryEmailOnceOnItsDay(result, (day) =>
      plusDays('2026-03-04', day) === '2026-03-08' ? '03:30' : '02:30',
    );
  });

  it('sends an ambiguous time once on the autumn change (New York 01:30, 2026-11-01)', async () => {
    const result = await simulate('America/New_York', '2026-10-28T15:00:00Z', '01:30');
    expectEveryEmailOnceOnItsDay(result, () => '01:30');
  });

  it('follows Europe/London into summer time (2026-03-29)', async () => {
    const result = await simulate('Europe/London', '2026-03-24T12:00:00Z', '08:00');
    expectEveryEmailOnceOnItsDay(result, () => '08:00');
  });

  it("follows Lord Howe's half-hour shift (2026-10-04)", async () => {
    const result = await simulate('Australia/Lord_Howe', '2026-09-29T00:00:00Z', '02:15');
    expectEveryEmailOnceOnItsDay(result, (day) =>
      plusDays('2026-09-29', day) === '2026-10-04' ? '02:45' : '02:15',
    );
  });

  it('handles a half-hour zone with no DST (Asia/Kolkata)', async () => {
    const result = await simulate('Asia/Kolkata', '2026-06-01T03:00:00Z', '06:45');
    expectEveryEmailOnceOnItsDay(result, () => '06:45');
  });

  it('a signup at 23:59 local gets the welcome then, and lesson 1 the next morning', async () => {
    // 23:59 in Kolkata on 2026-06-01 is 18:29 UTC.
    deps = await testDeps({ start: '2026-06-01T18:29:00Z' });
    const address = 'late@night.test';
    await subscribeAndConfirm(deps, {
      email: address,
      timezone: 'Asia/Kolkata',
      send_time: '08:00',
    });
    await runScheduler(deps, '2026-06-03T00:00:00Z');
    const sent = await sentLocally(address, 'Asia/Kolkata');
    expect(sent.slice(1, 3)).toEqual([
      { key: 'welcome', date: '2026-06-01', time: '23:59' },
      { key: 'lesson:1', date: '2026-06-02', time: '08:00' },
    ]);
  });
});

describe('ticks that repeat or stop', () => {
  it('a tick repeated at the same instant sends nothing new', async () => {
    deps = await testDeps({ start: '2026-06-01T10:00:00Z' });
    await subscribeAndConfirm(deps, { email: 'twice@tick.test' });
    deps.clock.set('2026-06-02T08:00:00Z');
    const first = await tick(deps, deps.clock());
    const count = deps.sent.length;
    const again = await tick(deps, deps.clock());
    const thrice = await tick(deps, deps.clock());
    expect(first).toMatchObject({ planned: 1, sent: 1 });
    expect(again).toMatchObject({ planned: 0, sent: 0 });
    expect(thrice).toMatchObject({ planned: 0, sent: 0 });
    expect(deps.sent.length).toBe(count);
  });

  it('after three days of downtime, missed lessons go out one a day, none skipped', async () => {
    deps = await testDeps({ start: '2026-06-01T10:00:00Z' });
    const address = 'downtime@tick.test';
    await subscribeAndConfirm(deps, { email: address });
    await runScheduler(deps, '2026-06-02T12:00:00Z', 5); // lesson 1 on the 2nd
    // The server is down from the 2nd at noon until the 5th at 09:00 (lessons 2-4 missed).
    deps.clock.set('2026-06-05T09:00:00Z');
    await tick(deps, deps.clock());
    await runScheduler(deps, '2026-06-09T12:00:00Z', 5);
    const sent = await sentLocally(address, 'UTC');
    expect(sent.slice(2).map((row) => `${row.key} ${row.date} ${row.time}`)).toEqual([
      'lesson:1 2026-06-02 08:00',
      'lesson:2 2026-06-05 09:00',
      'lesson:3 2026-06-06 08:00',
      'lesson:4 2026-06-07 08:00',
      'lesson:5 2026-06-08 08:00',
      'lesson:6 2026-06-09 08:00',
    ]);
  });
});
