import type { Hono } from 'hono';
import { DateTime } from 'luxon';
import { afterEach, describe, expect, it } from 'vitest';
import { findEnrollmentByEmail } from '../../src/db/enrollments.ts';
import { type TestDeps, testDeps } from '../support/deps.ts';
import { emailsTo, form, runScheduler, tokenOf } from '../support/flows.ts';
import { linkedCouple } from './support.ts';

let deps: TestDeps;
afterEach(() => deps?.close());

const A = 'ana@example.com';
const B = 'ben@example.net';
const LONDON = 'Europe/London';
const SYDNEY = 'Australia/Sydney';

function checkins(app: Hono, token: string, days: number[], time: string, together: boolean) {
  const fields: Record<string, string> = { action: 'checkins', checkin_time: time };
  for (const day of days) fields[`checkin_day_${day}`] = 'on';
  if (together) fields.checkins_together = 'on';
  return app.request(`/preferences/${token}`, form(fields));
}

/** Each check-in an address got: its local date, local hour, question, and email. */
async function checkinsOf(address: string, zone: string) {
  const enrollment = await findEnrollmentByEmail(deps.db, address, deps.course.id);
  const rows = await deps.db
    .selectFrom('deliveries')
    .select(['id', 'message_key', 'sent_at'])
    .where('enrollment_id', '=', enrollment?.id ?? 0)
    .where('message_key', 'like', 'checkin:%')
    .orderBy('id')
    .execute();
  const { questions } = deps.course.checkins;
  return rows.map((row) => {
    const email = emailsTo(deps, address).find((e) =>
      e.tags.some((t) => t.name === 'delivery' && t.value === String(row.id)),
    );
    const sent = DateTime.fromISO(row.sent_at ?? '', { zone });
    return {
      date: row.message_key.slice('checkin:'.length),
      weekday: sent.weekday,
      hour: sent.toFormat('HH:mm'),
      question: questions.findIndex((q) => email?.text.includes(q)),
      email,
    };
  });
}

async function couple(together: { ana: boolean; ben: boolean }) {
  // A Thursday: the first check-ins of both fall after the next Monday has begun for both.
  deps = await testDeps({ start: '2026-06-04T10:00:00Z' });
  const { app, aToken, bToken } = await linkedCouple(
    deps,
    { email: A, timezone: LONDON, send_time: '08:00' },
    { email: B, timezone: SYDNEY, send_time: '07:00' },
  );
  expect((await checkins(app, aToken, [1, 3], '19:00', together.ana)).status).toBe(200);
  expect((await checkins(app, bToken, [1, 5], '07:00', together.ben)).status).toBe(200);
  return { app, aToken };
}

describe('check-ins together', () => {
  it('gives both the same question on the same local day, each at their own time', async () => {
    const { app, aToken } = await couple({ ana: true, ben: true });
    const page = await (await app.request(`/preferences/${aToken}`)).text();
    expect(page).toMatch(/name="checkins_together"[^>]*checked/);
    await runScheduler(deps, '2026-06-30T12:00:00Z', 60);

    const ana = await checkinsOf(A, LONDON);
    const ben = await checkinsOf(B, SYDNEY);
    // Mondays only (the one day both chose): 8, 15, 22 and 29 June, local to each.
    expect(ana.map((c) => c.date)).toEqual([
      '2026-06-08',
      '2026-06-15',
      '2026-06-22',
      '2026-06-29',
    ]);
    expect(ben.map((c) => c.date)).toEqual(ana.map((c) => c.date));
    for (const c of [...ana, ...ben]) expect(c.weekday).toBe(1);
    expect(ana.every((c) => c.hour === '19:00')).toBe(true);
    expect(ben.every((c) => c.hour === '07:00')).toBe(true);
    // The same question each day, and the next one the next week.
    expect(ana.map((c) => c.question)).toEqual(ben.map((c) => c.question));
    expect(ana.every((c) => c.question >= 0)).toBe(true);
    expect(new Set(ana.map((c) => c.question)).size).toBe(4);
    // The reflection page of a shared check-in asks that same question.
    const first = ana[0];
    if (!first?.email) throw new Error('no check-in email');
    const reflect = await (await app.request(`/reflect/${tokenOf(first.email, 'reflect')}`)).text();
    const question = deps.course.checkins.questions[first.question] ?? '';
    expect(reflect).toContain(question.replaceAll("'", '&#39;'));
  });

  it('keeps each their own check-ins unless both chose to share them', async () => {
    await couple({ ana: true, ben: false });
    await runScheduler(deps, '2026-06-18T12:00:00Z', 60);
    const ana = await checkinsOf(A, LONDON);
    const ben = await checkinsOf(B, SYDNEY);
    expect(ana.map((c) => c.weekday)).toEqual([1, 3, 1, 3]);
    expect(ben.map((c) => c.weekday)).toEqual([5, 1, 5, 1]);
    // Each in their own rotation: the first, second, third... question.
    expect(ana.map((c) => c.question)).toEqual([0, 1, 2, 3]);
  });
});
