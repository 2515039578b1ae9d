import { DateTime } from 'luxon';
import { afterEach, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.ts';
import { localDate } from '../../src/course/time.ts';
import { findEnrollmentByEmail } from '../../src/db/enrollments.ts';
import { type TestDeps, testDeps } from '../support/deps.ts';
import { form, runScheduler } from '../support/flows.ts';
import { linkedCouple } from './support.ts';

let deps: TestDeps;
afterEach(() => deps?.close());

const A = 'ana@example.com';
const B = 'ben@example.net';
const LONDON = 'Europe/London';
const SYDNEY = 'Australia/Sydney';

async function lessonDays(email: string, zone: string) {
  const enrollment = await findEnrollmentByEmail(deps.db, email, deps.course.id);
  const rows = await deps.db
    .selectFrom('deliveries')
    .select(['message_key', 'due_at'])
    .where('enrollment_id', '=', enrollment?.id ?? 0)
    .where('message_key', 'like', 'lesson:%')
    .execute();
  return new Map(
    rows.map((r) => [Number(r.message_key.slice(7)), localDate(new Date(r.due_at), zone)]),
  );
}

describe('the planner paces linked partners together', () => {
  it('London (ahead, across its clock change) waits for Sydney, then both share each day', async () => {
    deps = await testDeps({ start: '2027-03-23T10:00:00Z' });
    const app = createApp(deps);
    await linkedCouple(
      deps,
      { email: A, timezone: LONDON, send_time: '08:00' },
      { email: B, timezone: SYDNEY, send_time: '07:00' },
      app,
      // Ana has lessons 1 and 2 alone before Ben joins.
      () => runScheduler(deps, '2027-03-25T09:00:00Z', 30),
    );
    await runScheduler(deps, '2027-04-03T12:00:00Z', 30);
    const ana = await lessonDays(A, LONDON);
    const ben = await lessonDays(B, SYDNEY);
    expect(ana.get(1)).toBe('2027-03-24');
    expect(ana.get(2)).toBe('2027-03-25');
    expect(ben.get(1)).toBe('2027-03-26');
    // From lesson 3 on, the same local date for both, across London's change on the 28th.
    for (let k = 3; k <= 8; k++) {
      expect(ana.get(k), `lesson ${k}`).toBeDefined();
      expect(ana.get(k), `lesson ${k}`).toBe(ben.get(k));
    }
    // At their own wall-clock time, before and after the change.
    const enrollment = await findEnrollmentByEmail(deps.db, A, deps.course.id);
    const times = await deps.db
      .selectFrom('deliveries')
      .select('sent_at')
      .where('enrollment_id', '=', enrollment?.id ?? 0)
      .where('message_key', 'in', ['lesson:3', 'lesson:8'])
      .execute();
    for (const row of times) {
      const wall = DateTime.fromISO(row.sent_at ?? '', { zone: LONDON }).toFormat('HH');
      expect(wall).toBe('08');
    }
    const waits = await deps.db.selectFrom('couple_waits').selectAll().execute();
    expect(waits.map((w) => [w.enrollment_id, w.step, w.reason])).toContainEqual([
      enrollment?.id,
      3,
      'partner-behind',
    ]);
  });

  it('goes on alone after unlinking mid-course', async () => {
    deps = await testDeps({ start: '2027-03-23T10:00:00Z' });
    const app = createApp(deps);
    const { aToken } = await linkedCouple(
      deps,
      { email: A, timezone: LONDON, send_time: '08:00' },
      { email: B, timezone: SYDNEY, send_time: '07:00' },
      app,
      () => runScheduler(deps, '2027-03-25T09:00:00Z', 30),
    );
    await app.request(`/preferences/${aToken}/partner`, form({ action: 'unlink' }));
    await runScheduler(deps, '2027-03-29T12:00:00Z', 30);
    const ana = await lessonDays(A, LONDON);
    // No waiting for Ben any more: one lesson a day from where she was.
    expect([ana.get(3), ana.get(4), ana.get(5)]).toEqual([
      '2027-03-26',
      '2027-03-27',
      '2027-03-28',
    ]);
  });
});
