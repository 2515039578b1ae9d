import { afterEach, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.ts';
import { courseCatalog } from '../../src/course/courses.ts';
import { tick } from '../../src/delivery/tick.ts';
import { threeCourses } from '../support/courses.ts';
import { type TestDeps, testDeps } from '../support/deps.ts';
import { enrollmentByEmail } from '../support/enrollments.ts';
import {
  emailsTo,
  form,
  runScheduler,
  signInCookie,
  subscribeAndConfirm,
  tokenOf,
  withCookie,
} from '../support/flows.ts';

let deps: TestDeps | undefined;
afterEach(async () => {
  await deps?.close();
  deps = undefined;
});

const ADDRESS = 'kim@example.com';

/** When each course message of an enrollment became due, by message key. */
async function dueTimes(d: TestDeps, courseId: string): Promise<Record<string, string>> {
  const enrollment = await enrollmentByEmail(d.db, ADDRESS, courseId);
  const rows = await d.db
    .selectFrom('deliveries')
    .select(['message_key', 'due_at', 'status'])
    .where('enrollment_id', '=', enrollment?.id ?? 0)
    .where('message_key', 'not like', 'confirm:%')
    .orderBy('id')
    .execute();
  return Object.fromEntries(rows.map((row) => [row.message_key, row.due_at]));
}

describe('several courses in one Tend', () => {
  it('lists the courses at / and gives each its own signup page', async () => {
    deps = await testDeps({ courses: threeCourses() });
    const app = createApp(deps);
    const home = await (await app.request('/')).text();
    for (const id of ['alpha', 'beta', 'rebuilding-trust']) {
      expect(home).toContain(`href="/courses/${id}"`);
    }
    const beta = await (await app.request('/courses/beta')).text();
    expect(beta).toContain('<input type="hidden" name="course" value="beta"/>');
    // A course without roles asks no role question.
    expect(beta).not.toContain('name="role"');
    expect(beta).toContain('value="19:00"');
    const alpha = await (await app.request('/courses/alpha')).text();
    expect(alpha).toContain('I am left');
    expect((await app.request('/courses/nothing')).status).toBe(404);

    // With several courses a signup must say which one.
    const none = await app.request('/subscribe', form({ email: ADDRESS }));
    expect(none.status).toBe(400);
    const unknown = await app.request('/subscribe', form({ email: ADDRESS, course: 'nothing' }));
    expect(unknown.status).toBe(400);
    expect(deps.sent).toHaveLength(0);
  });

  it('enrolls one address in two courses, each paced its own way across a DST change', async () => {
    // Thursday 26 March 2026, 10:00 in London; the clocks go forward on Sunday the 29th.
    deps = await testDeps({ courses: threeCourses(), start: '2026-03-26T10:00:00.000Z' });
    const app = createApp(deps);
    const zone = { timezone: 'Europe/London' };
    await subscribeAndConfirm(
      deps,
      { email: ADDRESS, course: 'alpha', role: 'left', ...zone },
      app,
    );
    await subscribeAndConfirm(
      deps,
      { email: ADDRESS, course: 'beta', role: '', send_time: '19:00', ...zone },
      app,
    );
    expect(await deps.db.selectFrom('subscribers').selectAll().execute()).toHaveLength(1);
    const enrollments = await deps.db.selectFrom('enrollments').selectAll().execute();
    expect(enrollments.map((e) => [e.course_id, e.role, e.status])).toEqual([
      ['alpha', 'left', 'active'],
      ['beta', null, 'active'],
    ]);

    await runScheduler(deps, '2026-04-03T00:00:00.000Z', 30);

    expect(await dueTimes(deps, 'alpha')).toEqual({
      welcome: '2026-03-26T10:00:00.000Z',
      // delay_days 0: the same day, twelve hours after the welcome.
      'lesson:1': '2026-03-26T22:00:00.000Z',
      // delay_days 2: two local days on, at 08:00.
      'lesson:2': '2026-03-28T08:00:00.000Z',
      // The closing email the day after, 08:00 in summer time.
      closing: '2026-03-29T07:00:00.000Z',
    });
    expect(await dueTimes(deps, 'beta')).toEqual({
      welcome: '2026-03-26T10:00:00.000Z',
      // Three days apart at 19:00 London time, before and after the change.
      'lesson:1': '2026-03-29T18:00:00.000Z',
      'lesson:2': '2026-04-01T18:00:00.000Z',
      closing: '2026-04-02T18:00:00.000Z',
    });
    const subjects = emailsTo(deps, ADDRESS).map((email) => email.subject);
    expect(subjects.filter((s) => s.startsWith('Alpha '))).toEqual([
      'Alpha 1',
      'Alpha 2',
      'Alpha ends',
    ]);
    expect(subjects.filter((s) => s.startsWith('Beta '))).toEqual([
      'Beta 1',
      'Beta 2',
      'Beta ends',
    ]);
    // The role-less course sends its common text; the other only the reader's own part.
    const alphaLesson = emailsTo(deps, ADDRESS).find((email) => email.subject === 'Alpha 1');
    expect(alphaLesson?.text).toContain('For left.');
    expect(alphaLesson?.text).not.toContain('For right.');
    const states = await deps.db.selectFrom('enrollments').select('status').execute();
    expect(states.map((s) => s.status)).toEqual(['completed', 'completed']);
  });

  it('unsubscribes from one course and leaves the other; "stop everything" stops both', async () => {
    deps = await testDeps({ courses: threeCourses(), start: '2026-06-01T07:00:00.000Z' });
    const app = createApp(deps);
    await subscribeAndConfirm(deps, { email: ADDRESS, course: 'alpha', role: 'right' }, app);
    await subscribeAndConfirm(deps, { email: ADDRESS, course: 'rebuilding-trust' }, app);
    const alphaWelcome = emailsTo(deps, ADDRESS).find((e) => e.subject === 'Welcome to Alpha');
    if (!alphaWelcome) throw new Error('no welcome from Alpha');
    const left = await app.request(
      `/unsubscribe/${tokenOf(alphaWelcome, 'unsubscribe')}`,
      form({}),
    );
    expect(left.status).toBe(200);
    const status = async (course: string) =>
      (await enrollmentByEmail((deps as TestDeps).db, ADDRESS, course))?.status;
    expect(await status('alpha')).toBe('unsubscribed');
    expect(await status('rebuilding-trust')).toBe('active');

    // The other course goes on: its lesson 1 the next morning.
    const before = emailsTo(deps, ADDRESS).length;
    await runScheduler(deps, '2026-06-02T09:00:00.000Z', 30);
    const later = emailsTo(deps, ADDRESS).slice(before);
    expect(later.map((e) => e.tags.find((t) => t.name === 'course')?.value)).toEqual([
      'rebuilding-trust',
    ]);

    // The unsubscribe page of a lesson offers to stop everything.
    const lesson = later[0];
    if (!lesson) throw new Error('no lesson');
    const token = tokenOf(lesson, 'unsubscribe');
    const page = await (await app.request(`/unsubscribe/${token}`)).text();
    expect(page).toContain('Stop everything');
    await app.request(`/unsubscribe/${token}`, form({ scope: 'everything' }));
    expect(await status('rebuilding-trust')).toBe('unsubscribed');
    expect(await status('alpha')).toBe('unsubscribed');
  });

  it('stops every course of an address that hard-bounced', async () => {
    deps = await testDeps({ courses: threeCourses(), start: '2026-06-01T07:00:00.000Z' });
    const app = createApp(deps);
    await subscribeAndConfirm(deps, { email: ADDRESS, course: 'alpha', role: 'left' }, app);
    await subscribeAndConfirm(deps, { email: ADDRESS, course: 'beta', role: '' }, app);
    const { stopMail } = await import('../../src/subscribers/stop.ts');
    const person = await deps.db.selectFrom('subscribers').select('id').executeTakeFirstOrThrow();
    expect(await stopMail(deps, person.id, { status: 'bounced', reason: 'hard bounce' })).toBe(
      true,
    );
    const states = await deps.db.selectFrom('enrollments').select('status').execute();
    expect(states.map((s) => s.status)).toEqual(['bounced', 'bounced']);
  });

  it('exports and erases every course of a signed-in person', async () => {
    deps = await testDeps({ courses: threeCourses(), start: '2026-06-01T07:00:00.000Z' });
    const app = createApp(deps);
    await subscribeAndConfirm(deps, { email: ADDRESS, course: 'alpha', role: 'left' }, app);
    await subscribeAndConfirm(deps, { email: ADDRESS, course: 'beta', role: '' }, app);
    await subscribeAndConfirm(deps, { email: 'other@example.com', course: 'beta', role: '' }, app);
    const cookie = await signInCookie(deps, app, ADDRESS);

    const exported = await app.request('/account', withCookie(form({ action: 'export' }), cookie));
    expect(exported.status).toBe(200);
    const data = (await exported.json()) as {
      profile: { email: string };
      enrollments: { course: { id: string } }[];
    };
    expect(data.profile.email).toBe(ADDRESS);
    expect(data.enrollments.map((e) => e.course.id)).toEqual(['alpha', 'beta']);
    expect(JSON.stringify(data)).not.toContain('other@example.com');

    const erased = await app.request(
      '/account',
      withCookie(form({ action: 'erase-confirmed', confirm: 'erase' }), cookie),
    );
    expect(erased.status).toBe(200);
    const people = await deps.db.selectFrom('subscribers').select('email').execute();
    expect(people).toEqual([{ email: 'other@example.com' }]);
    const left = await deps.db.selectFrom('enrollments').select('course_id').execute();
    expect(left).toEqual([{ course_id: 'beta' }]);
  });

  it('keeps the readers of a removed course safe: its pages say so, their journal stays', async () => {
    deps = await testDeps({ courses: threeCourses(), start: '2026-06-01T07:00:00.000Z' });
    await subscribeAndConfirm(deps, { email: ADDRESS, course: 'alpha', role: 'left' });
    await subscribeAndConfirm(deps, { email: ADDRESS, course: 'beta', role: '' });
    const welcomes = emailsTo(deps, ADDRESS).filter((e) => e.text.includes('/preferences/'));
    const betaWelcome = welcomes.find((e) => e.text.includes('/courses/beta/help'));
    if (!betaWelcome) throw new Error('no welcome of beta linking to its help page');
    const preferences = tokenOf(betaWelcome, 'preferences');

    // The operator removes beta's folder and restarts.
    const remaining = courseCatalog(threeCourses().all.filter((course) => course.id !== 'beta'));
    const restarted = { ...deps, courses: remaining };
    const app = createApp(restarted);
    const page = await app.request(`/preferences/${preferences}`);
    expect(page.status).toBe(410);
    expect(await page.text()).toContain('no longer offered on this site');
    expect((await app.request('/courses/beta/help')).status).toBe(404);
    expect(await (await app.request('/courses/alpha/help')).text()).toContain('<h1>');

    // The next passes go on with alpha and leave beta's enrollment waiting.
    for (let i = 0; i < 3 * 24 * 60; i += 30) {
      deps.clock.advance(30 * 60_000);
      await tick(restarted, deps.clock());
    }
    const alpha = await enrollmentByEmail(deps.db, ADDRESS, 'alpha');
    expect(alpha?.next_step).toBeGreaterThan(1);
    const beta = await enrollmentByEmail(deps.db, ADDRESS, 'beta');
    expect([beta?.status, beta?.next_step]).toEqual(['active', 1]);

    // What the person wrote is still theirs: the journal opens and the export has both.
    const cookie = await signInCookie(deps, app, ADDRESS);
    expect((await app.request('/journal', withCookie({}, cookie))).status).toBe(200);
    const exported = await app.request('/account', withCookie(form({ action: 'export' }), cookie));
    expect(exported.status).toBe(200);
    const data = (await exported.json()) as { enrollments: { course: { id: string } }[] };
    expect(data.enrollments.map((e) => e.course.id)).toEqual(['alpha', 'beta']);
  });

  it('gives each course its own help page, linked from its emails unless they are discreet', async () => {
    deps = await testDeps({ courses: threeCourses(), start: '2026-06-01T07:00:00.000Z' });
    const app = createApp(deps);
    const rt = await (await app.request('/courses/rebuilding-trust/help')).text();
    expect(rt).toContain('<h1>Help if you feel unsafe</h1>');
    expect(await (await app.request('/courses/alpha/help')).text()).toContain('<h1>Help</h1>');
    await subscribeAndConfirm(deps, { email: ADDRESS, course: 'alpha', role: 'left' }, app);
    const response = await app.request(
      '/subscribe',
      form({ email: 'quiet@example.com', course: 'beta', discreet: 'on', timezone: 'UTC' }),
    );
    expect(response.status).toBeLessThan(400);
    const [confirmation] = emailsTo(deps, 'quiet@example.com');
    if (!confirmation) throw new Error('no confirmation');
    await app.request(`/confirm/${tokenOf(confirmation)}`, form({}));
    await tick(deps, deps.clock());
    const alphaMail = emailsTo(deps, ADDRESS).at(-1);
    expect(alphaMail?.html).toContain('https://tend.test/courses/alpha/help');
    const quiet = emailsTo(deps, 'quiet@example.com').at(-1);
    expect(quiet?.html).toContain('https://tend.test/help"');
    expect(quiet?.html).not.toContain('/courses/beta');
  });
});
