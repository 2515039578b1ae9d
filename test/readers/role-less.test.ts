import { afterEach, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.ts';
import { ImportRowChecker } from '../../src/cli/import-rows.ts';
import { bodyFor, type Course, lessonPrompt } from '../../src/course/course.ts';
import { adminDeps, post as adminPost, get, signedInApp } from '../admin/support.ts';
import { post, settingsForm } from '../preferences/support.ts';
import { PUBLIC_URL, rebuildingTrust, type TestDeps, testDeps } from '../support/deps.ts';
import {
  emailsTo,
  form,
  messageOf,
  ORIGIN,
  runScheduler,
  subscribeAndConfirm,
  tokenOf,
} from '../support/flows.ts';

let deps: TestDeps;
afterEach(() => deps?.close());

const roleOf = async (email: string) =>
  (
    await deps.db
      .selectFrom('subscribers')
      .select('role')
      .where('email', '=', email)
      .executeTakeFirstOrThrow()
  ).role;

const json = (body: unknown): RequestInit => ({
  method: 'POST',
  headers: { ...ORIGIN, 'Content-Type': 'application/json', Accept: 'application/json' },
  body: JSON.stringify(body),
});

/** The first words of a role's own section in an email, as they come out in the text part. */
function sectionStart(markdown: string): string {
  return markdown.replace(/[*_`]/g, '').split(/\s+/).slice(0, 6).join(' ');
}

describe('a reader without a role', () => {
  it('signs up through the form without choosing, and gets every perspective', async () => {
    deps = await testDeps({ start: '2026-06-01T10:00:00Z' });
    const app = createApp(deps);
    const page = await (await app.request('/')).text();
    // The question is still asked, nothing is chosen beforehand, and none is a choice.
    expect(page).toContain('Which fits you best?');
    expect(page).not.toMatch(/name="role"[^>]*checked/);
    expect(page).not.toMatch(/name="role"[^>]*required/);
    expect(page).toContain('<input type="radio" name="role" value=""/>');

    await subscribeAndConfirm(deps, { email: 'open@example.com', role: '' }, app);
    expect(await roleOf('open@example.com')).toBeNull();
    const welcome = emailsTo(deps, 'open@example.com').find((e) => messageOf(e) === 'welcome');
    if (!welcome) throw new Error('no welcome');
    // The welcome invites them to choose, with a link to their preferences.
    expect(welcome.text).toContain('You did not choose which description fits you');
    expect(welcome.text).toContain(
      `Choose what fits you ${PUBLIC_URL}/preferences/${tokenOf(welcome, 'preferences')}`,
    );

    await runScheduler(deps, '2026-06-04T09:00:00Z', 30);
    const lessons = deps.course.lessons;
    for (const step of [1, 2, 3]) {
      const lesson = lessons[step - 1];
      const email = emailsTo(deps, 'open@example.com').find(
        (e) => messageOf(e) === `lesson_${step}`,
      );
      if (!lesson || !email) throw new Error(`no lesson ${step}`);
      // Each role's own section, under its heading, in the order of the course.
      let from = 0;
      for (const part of lesson.body) {
        if (part.role === null) continue;
        const heading = email.text.indexOf(`\n${headingOf(deps.course, part.role)}\n`, from);
        expect(heading, `lesson ${step}: ${part.role}`).toBeGreaterThan(from);
        const start = email.text.indexOf(sectionStart(part.markdown), heading);
        expect(start, `lesson ${step}: ${part.role} section`).toBeGreaterThan(heading);
        from = start;
      }
      expect(new Set(lesson.body.map((part) => part.role))).toEqual(
        new Set([null, ...deps.course.roles.map((r) => r.id)]),
      );
      expect(email.text).toContain(lessonPrompt(lesson, null));
      expect(email.text).not.toMatch(/\n{3,}/);
    }
  });

  it('signs up through JSON with role left out or null, and is refused an unknown role', async () => {
    deps = await testDeps({ start: '2026-06-01T10:00:00Z' });
    const app = createApp(deps);
    const left = await app.request('/subscribe', json({ email: 'left@example.com' }));
    expect(left.status).toBe(202);
    const empty = await app.request('/subscribe', json({ email: 'null@example.com', role: null }));
    expect(empty.status).toBe(202);
    expect(await roleOf('left@example.com')).toBeNull();
    expect(await roleOf('null@example.com')).toBeNull();
    const wrong = await app.request('/subscribe', json({ email: 'x@example.com', role: 'nobody' }));
    expect(wrong.status).toBe(400);
    expect(await wrong.json()).toMatchObject({
      error: 'invalid',
      fields: { role: expect.any(String) },
    });
  });

  it('chooses a role in preferences, and clears it again', async () => {
    deps = await testDeps({ start: '2026-06-01T10:00:00Z' });
    const reader = await subscribeAndConfirm(deps, { email: 'pick@example.com', role: '' });
    const welcome = emailsTo(deps, 'pick@example.com').find((e) => messageOf(e) === 'welcome');
    if (!welcome) throw new Error('no welcome');
    const token = tokenOf(welcome, 'preferences');
    const page = await (await reader.app.request(`/preferences/${token}`)).text();
    expect(page).toContain('<input type="radio" name="role" value="" checked=""/>');

    const current = { timezone: 'UTC', send_time: '08:00' };
    const chosen = await post(reader, token, settingsForm({ ...current, role: 'broke' }));
    expect(chosen.status).toBe(200);
    expect(await roleOf('pick@example.com')).toBe('broke');
    const cleared = await post(reader, token, settingsForm({ ...current, role: '' }));
    expect(cleared.status).toBe(200);
    expect(await roleOf('pick@example.com')).toBeNull();
  });

  it('is imported from a CSV file with an empty role, or with no role column at all', () => {
    const header = { line: 1, fields: ['email', 'name'] };
    const checker = new ImportRowChecker(header, { timezone: 'UTC', course: rt });
    expect(checker.check({ line: 2, fields: ['ann@example.com', 'Ann'] })).toMatchObject({
      kind: 'row',
      row: { email: 'ann@example.com', role: null },
    });
    const withRole = new ImportRowChecker(
      { line: 1, fields: ['email', 'role'] },
      { timezone: 'UTC', course: rt },
    );
    expect(withRole.check({ line: 2, fields: ['bo@example.com', ''] })).toMatchObject({
      row: { role: null },
    });
    expect(withRole.check({ line: 3, fields: ['cy@example.com', 'Hurt'] })).toMatchObject({
      row: { role: 'hurt' },
    });
  });

  it('shows in the console as having no role, and can be previewed and resent', async () => {
    deps = await adminDeps();
    const app = createApp(deps);
    await app.request('/subscribe', form({ email: 'pending@example.com', timezone: 'UTC' }));
    const { cookie } = await signedInApp(deps);
    const row = await deps.db
      .selectFrom('subscribers')
      .select('id')
      .where('email', '=', 'pending@example.com')
      .executeTakeFirstOrThrow();
    const page = await (await app.request(`/admin/subscribers/${row.id}`, get(cookie))).text();
    expect(page).toContain('<th>Role</th><td>none chosen (reads every perspective)</td>');
    deps.clock.advance(11 * 60_000);
    const resent = await app.request(
      `/admin/subscribers/${row.id}/resend-confirmation`,
      adminPost({}, { cookie }),
    );
    expect(resent.status).toBe(200);
    expect(emailsTo(deps, 'pending@example.com').map(messageOf)).toEqual(['confirm', 'confirm']);

    const index = await (await app.request('/admin/previews', get(cookie))).text();
    expect(index).toContain('href="/admin/previews/rebuilding-trust/lesson-3?role=anyone"');
    const preview = await (
      await app.request('/admin/previews/rebuilding-trust/lesson-3?role=anyone', get(cookie))
    ).text();
    const lesson = deps.course.lessons[2];
    if (!lesson) throw new Error('no lesson 3');
    for (const role of deps.course.roles) expect(preview).toContain(role.heading);
    expect(bodyFor(lesson, null, deps.course.roles)).toContain(
      `### ${headingOf(deps.course, 'hurt')}`,
    );
  });
});

const rt = rebuildingTrust().all[0] as Course;

function headingOf(course: Course, role: string | null): string | undefined {
  return course.roles.find((r) => r.id === role)?.heading;
}
