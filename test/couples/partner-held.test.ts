import { afterEach, describe, expect, it } from 'vitest';
import { findEnrollmentByEmail } from '../../src/db/enrollments.ts';
import { planCourseMail } from '../../src/delivery/plan.ts';
import { type TestDeps, testDeps } from '../support/deps.ts';
import { emailsTo, form, messageOf, runScheduler } from '../support/flows.ts';
import { linkedCouple } from './support.ts';

let deps: TestDeps;
afterEach(() => deps?.close());

const A = 'ana@example.com';
const B = 'ben@example.net';

const heldNotes = (address: string) =>
  emailsTo(deps, address).filter((e) => messageOf(e).startsWith('partner-held'));
const lessons = (address: string) =>
  emailsTo(deps, address)
    .map(messageOf)
    .filter((m) => m.startsWith('lesson_'));

/** Linked, both in UTC at 08:00; both have lesson 1, then Ana takes a break. */
async function anaTakesABreak(ben: { discreet?: string } = {}) {
  deps = await testDeps({ start: '2026-06-01T10:00:00Z' });
  const couple = await linkedCouple(deps, { email: A }, { email: B, ...ben });
  await runScheduler(deps, '2026-06-02T09:00:00Z', 30);
  expect(lessons(B)).toEqual(['lesson_1']);
  const paused = await couple.app.request(
    `/preferences/${couple.aToken}`,
    form({ action: 'break', until: '2026-06-06' }),
  );
  expect(paused.status).toBe(200);
  return couple;
}

describe('the partner held by the other one’s break', () => {
  it('gets one short neutral note, with help and unsubscribe links, and no reason', async () => {
    await anaTakesABreak();
    await runScheduler(deps, '2026-06-05T12:00:00Z', 30);
    // Held for three days: lesson 2 waits, and one note says so, once.
    expect(lessons(B)).toEqual(['lesson_1']);
    const [note, ...more] = heldNotes(B);
    expect(more).toEqual([]);
    if (!note) throw new Error('no note');
    expect(note.subject).toBe('Rebuilding Trust: your next lesson comes a little later');
    expect(note.text).toContain('Your next lesson will come a little later than usual.');
    expect(note.text).toContain('There is nothing you need to do');
    // Above the footer (whose own link says "take a break"): nothing of why.
    const body = note.text.split('\n---')[0] ?? '';
    expect(body).toContain('Your next lesson will come');
    expect(`${note.subject}\n${body}`).not.toMatch(/break|pause|because|Ana|away/i);
    expect(note.text).toContain('https://tend.test/courses/rebuilding-trust/help');
    expect(note.text).toMatch(/https:\/\/tend\.test\/unsubscribe\/[a-z2-7]+/);
    expect(note.headers['List-Unsubscribe']).toMatch(/^<https:\/\/tend\.test\/unsubscribe\//);
    // Ana, on her break, gets nothing.
    expect(heldNotes(A)).toEqual([]);

    // The break ends: lesson 2 comes to both on the same day, and no second note.
    await runScheduler(deps, '2026-06-07T12:00:00Z', 30);
    expect(lessons(B)).toContain('lesson_2');
    expect(lessons(A)).toContain('lesson_2');
    expect(heldNotes(B)).toHaveLength(1);
  });

  it('is discreet for a discreet partner', async () => {
    await anaTakesABreak({ discreet: 'on' });
    await runScheduler(deps, '2026-06-03T12:00:00Z', 30);
    const [note] = heldNotes(B);
    expect(note?.subject).toBe('Your next note comes a little later');
    expect(note?.from).not.toContain('Rebuilding Trust');
    expect(note?.text).toContain('Your next note will come a little later than usual.');
    expect(note?.text).not.toMatch(/trust|lesson|partner/i);
  });

  it('is planned once even when a crash makes the planner decide again', async () => {
    await anaTakesABreak();
    await runScheduler(deps, '2026-06-03T09:00:00Z', 30);
    const ben = await findEnrollmentByEmail(deps.db, B, deps.course.id);
    // As if a pass crashed after writing the note but before moving Ben's next time on.
    for (let i = 0; i < 3; i++) {
      await deps.db
        .updateTable('enrollments')
        .set({ next_send_at: '2026-06-03T08:00:00.000Z' })
        .where('id', '=', ben?.id ?? 0)
        .execute();
      await planCourseMail(deps, deps.clock());
    }
    await runScheduler(deps, '2026-06-04T09:00:00Z', 30);
    const rows = await deps.db
      .selectFrom('deliveries')
      .select('message_key')
      .where('enrollment_id', '=', ben?.id ?? 0)
      .where('message_key', 'like', 'partner-held:%')
      .execute();
    expect(rows).toEqual([{ message_key: 'partner-held:2' }]);
    expect(heldNotes(B)).toHaveLength(1);
  });
});
