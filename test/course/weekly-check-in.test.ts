import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { composePreview, findPreviewMessage } from '../../src/admin/previews.ts';
import { parseConfig } from '../../src/config.ts';
import { bodyFor, type Course, courseLength, discreetSubject } from '../../src/course/course.ts';
import { CONTENT_DIR, readCourses } from '../../src/node/deps.ts';
import { rebuildingTrust, TEST_SECRET } from '../support/deps.ts';

const words = (text: string) => text.split(/\s+/).filter((word) => /\w/.test(word)).length;

describe('the second shipped course, The Weekly Check-in', () => {
  const course = readCourses(join(CONTENT_DIR, 'weekly-check-in')).all[0] as Course;
  const emails = [course.welcome, ...course.lessons, course.closing];

  it('is loaded beside Rebuilding Trust from the content folder', () => {
    const shipped = readCourses();
    expect(shipped.all.map((c) => c.id)).toEqual(['rebuilding-trust', 'weekly-check-in']);
    expect(shipped.only).toBeUndefined();
  });

  it('has a welcome, four lessons and a closing email, and no roles', () => {
    expect(course.title).toBe('The Weekly Check-in');
    expect(course.lessons.map((lesson) => lesson.step)).toEqual([1, 2, 3, 4]);
    expect(course.roles).toEqual([]);
    expect(course.couples).toBe(true);
    for (const email of emails) {
      expect(
        email.body.every((part) => part.role === null),
        email.file,
      ).toBe(true);
    }
    for (const lesson of course.lessons) {
      expect(Object.keys(lesson.prompts), lesson.file).toEqual(['anyone']);
      expect(lesson.prompts.anyone.length, lesson.file).toBeGreaterThan(30);
    }
  });

  it('paces its lessons three days apart, with the closing note three days later', () => {
    expect(course.lessons.map((lesson) => lesson.delayDays)).toEqual([3, 3, 3, 3]);
    expect(course.closing.delayDays).toBe(3);
    expect(courseLength(course)).toBe(
      'A welcome email as soon as you confirm, then 4 lessons, three days apart, and a closing note three days after the last lesson.',
    );
    expect(course.schedule).toEqual({ sendTime: '18:00', sendDays: [1, 2, 3, 4, 5, 6, 7] });
  });

  it('keeps lessons short, and gives every email an exercise', () => {
    for (const lesson of course.lessons) {
      const count = words(`${bodyFor(lesson, null)} ${lesson.exercise}`);
      expect(count, lesson.file).toBeGreaterThanOrEqual(250);
      expect(count, lesson.file).toBeLessThanOrEqual(500);
    }
    for (const email of emails) expect(words(email.exercise), email.file).toBeGreaterThan(20);
  });

  it('teaches the twenty-minute weekly talk and ends by offering check-in reminders', () => {
    expect(course.welcome.subject).toMatch(/twenty minutes/i);
    const closing = bodyFor(course.closing, null);
    expect(closing).toMatch(/twenty-minute/);
    expect(closing).toMatch(/check-in reminders/);
    expect(closing).toMatch(/preferences/);
    expect(course.checkins.questions.length).toBeGreaterThanOrEqual(5);
  });

  it('is not Rebuilding Trust with the names changed', () => {
    const other = rebuildingTrust().all[0] as Course;
    const subjects = new Set(
      [other.welcome, ...other.lessons, other.closing].map((email) => email.subject),
    );
    for (const email of emails) expect(subjects.has(email.subject), email.file).toBe(false);
    expect(course.lessons.length).not.toBe(other.lessons.length);
  });

  it('has subjects that fit a phone, and discreet ones that never name the topic', () => {
    const topic =
      /affair|infidel|cheat|\blies?\b|betray|trust|couple|relationship|partner|check-in|conversation|talk/i;
    const alarming = /affair|infidel|cheat|\blies?\b|betray|abuse|danger|crisis|urgent/i;
    for (const email of emails) {
      expect(email.subject.length, email.file).toBeLessThanOrEqual(45);
      expect(email.subject, email.file).not.toMatch(alarming);
      expect(email.preheader, email.file).not.toMatch(alarming);
    }
    const discreet = emails.map((_, position) => discreetSubject(course, position));
    expect(new Set(discreet).size).toBe(emails.length);
    for (const text of [
      ...discreet,
      course.discreet.senderName,
      course.discreet.subject,
      course.discreet.preheader,
      course.discreet.helpText,
      course.checkins.discreetSubject,
    ]) {
      expect(text).not.toMatch(topic);
    }
  });

  it('points to help for fear and self-harm, with numbers to tap', () => {
    expect(course.helpText).toMatch(/afraid/i);
    expect(course.helpText).toMatch(/harming yourself/i);
    expect(bodyFor(course.welcome, null)).toMatch(/afraid of your partner/);
    expect(bodyFor(course.closing, null)).toMatch(/help page/);
    const { markdown } = course.helpPage;
    const headings = markdown.match(/^## .*$/gm) ?? [];
    expect(headings[0]).toMatch(/danger right now/);
    expect(headings[1]).toMatch(/harming yourself/);
    expect(headings[2]).toMatch(/afraid of your partner/);
    for (const number of ['911', '999', '112', '000', '988', '116123', '131114', '+18007997233']) {
      expect(markdown).toContain(`(tel:${number})`);
    }
    const targets = [...markdown.matchAll(/\]\(([^)]*)\)/g)].map((match) => match[1] ?? '');
    for (const target of targets) expect(target).toMatch(/^(tel:\+?\d+|https:\/\/)/);
    const services = markdown.split('## About the numbers')[0] ?? '';
    const unlinked = services.replace(/\[[^\]]*\]\([^)]*\)/g, '').match(/\b\d[\d -]{5,}\d\b/g);
    expect(unlinked ?? []).toEqual([]);
    expect(course.checkins.questions.at(-1)).toMatch(/help page/);
  });

  it('welcomes a reader without inviting them to choose a role the course does not have', async () => {
    const config = parseConfig({ NODE_ENV: 'development', SECRET_KEY: TEST_SECRET });
    const message = findPreviewMessage(course, 'welcome');
    if (!message) throw new Error('no welcome');
    const welcome = await composePreview(
      { config },
      { course, message, role: null, discreet: false },
    );
    expect(welcome.subject).toBe('Welcome: twenty minutes, once a week');
    expect(welcome.text).toContain('Your first lesson arrives in three days.');
    expect(welcome.text).not.toContain('You did not choose which description fits you');
  });
});
