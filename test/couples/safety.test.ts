import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.ts';
import type { Course } from '../../src/course/course.ts';
import { courseCatalog } from '../../src/course/courses.ts';
import { readCourses } from '../../src/node/deps.ts';
import { rebuildingTrust, type TestDeps, testDeps } from '../support/deps.ts';
import { form, subscribeAndConfirm, tokenOf } from '../support/flows.ts';
import { invitationTo, invite, preferencesToken } from './support.ts';

let deps: TestDeps;
afterEach(() => deps?.close());

const NOTE = 'Only for two people who feel safe with each other. Unlinking is silent. (note 7f3k)';

describe('the safety note of couples mode comes from the course', () => {
  it('on the signup, help, preferences and invitation pages and in the invitation email', async () => {
    const shipped = rebuildingTrust().all[0] as Course;
    deps = await testDeps({
      start: '2026-06-01T10:00:00Z',
      courses: courseCatalog([{ ...shipped, couplesSafety: NOTE }]),
    });
    const app = createApp(deps);
    const page = async (path: string, init?: RequestInit) => (await app.request(path, init)).text();
    for (const path of ['/', '/help']) expect(await page(path), path).toContain(NOTE);

    await subscribeAndConfirm(deps, { email: 'ana@example.com', discreet: 'on' }, app);
    const prefs = preferencesToken(deps, 'ana@example.com');
    expect(await page(`/preferences/${prefs}`)).toContain(NOTE);

    expect((await invite(app, prefs, 'ben@example.net', 'Ana')).status).toBe(200);
    const email = invitationTo(deps, 'ben@example.net');
    if (!email) throw new Error('no invitation');
    // The inviter is discreet: the note is there all the same, the course title is not.
    expect(email.text).toContain(NOTE);
    expect(email.html).toContain(NOTE);
    expect(email.text).not.toContain(shipped.title);
    expect(email.text).toContain('https://tend.test/help');
    const token = tokenOf(email, 'invite');
    const invitation = await page(`/invite/${token}`);
    expect(invitation).toContain(NOTE);
    expect(invitation).toContain('href="/help"');
    const joining = await page(`/invite/${token}`, form({ action: 'accept' }));
    const join = await page(`/invite/${token}/join`);
    expect(joining + join).toContain(NOTE);
  });

  it('is written for both shipped couples courses, saying who it is not for', () => {
    const courses = readCourses(join(import.meta.dirname, '../../content'));
    const couples = courses.all.filter((course) => course.couples);
    expect(couples.map((course) => course.id).sort()).toEqual([
      'rebuilding-trust',
      'weekly-check-in',
    ]);
    for (const course of couples) {
      expect(course.couplesSafety, course.id).toMatch(/afraid of (your|their) partner/);
      expect(course.couplesSafety, course.id).toMatch(/unlink/i);
      expect(course.couplesSafety, course.id).toMatch(/silent|sends no message/);
      // Shown to discreet invitees as well: it names no topic.
      expect(course.couplesSafety, course.id).not.toMatch(/trust|affair|betray/i);
    }
  });
});
