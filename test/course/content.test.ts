import { describe, expect, it } from 'vitest';
import { bodyFor } from '../../src/course/course.ts';
import { CourseError, parseCourse } from '../../src/course/parse.ts';
import { ROLES } from '../../src/db/schema.ts';
import { readCourse } from '../../src/node/deps.ts';

const words = (text: string) => text.split(/\s+/).filter((word) => /\w/.test(word)).length;

describe('the shipped course, Rebuilding Trust', () => {
  const course = readCourse();

  it('has a welcome, ten lessons and a closing email', () => {
    expect(course.lessons.map((lesson) => lesson.step)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(course.welcome.subject).not.toBe('');
    expect(course.closing.subject).not.toBe('');
  });

  it('gives every role 300-600 words a lesson, an exercise and a reflection prompt', () => {
    for (const lesson of course.lessons) {
      for (const role of ROLES) {
        const count = words(`${bodyFor(lesson, role)} ${lesson.exercise}`);
        expect(count, `${lesson.file} as ${role}`).toBeGreaterThanOrEqual(300);
        expect(count, `${lesson.file} as ${role}`).toBeLessThanOrEqual(600);
        expect(lesson.prompts[role].length).toBeGreaterThan(20);
      }
      expect(words(lesson.exercise)).toBeGreaterThan(20);
    }
  });

  it('offers transparency rather than demanding it, and points to help', () => {
    const transparency = course.lessons[2];
    const text = ROLES.map((role) => (transparency ? bodyFor(transparency, role) : '')).join(' ');
    expect(text).toMatch(/offer/i);
    expect(course.helpText).toMatch(/afraid|unsafe|controlled/i);
    expect(course.helpPage.markdown).toMatch(/emergency/i);
  });

  it('has check-in questions for reminders', () => {
    expect(course.checkins.questions.length).toBeGreaterThanOrEqual(5);
  });
});

describe('the course loader', () => {
  const base = (): Record<string, string> => {
    const files: Record<string, string> = {};
    const course = readCourse();
    files['course.yaml'] = [
      'id: demo',
      'title: Demo',
      'tagline: A demo',
      'description: A demo course.',
      'sender_name: Demo',
      'roles: { broke: A, hurt: B, together: C }',
      'discreet: { sender_name: Notes, subject: Your note, preheader: A short read }',
      'help: { text: Help is here }',
      'checkins: { subject: S, preheader: P, discreet_subject: D, intro: I, questions: [Q] }',
    ].join('\n');
    const email = '---\ntitle: T\nsubject: S\npreheader: P\n---\nBody';
    files['welcome.md'] = email;
    files['closing.md'] = email;
    files['help.md'] = `---\ntitle: Help\n---\n${course.helpPage.markdown}`;
    files['lesson-01.md'] = [
      '---',
      'step: 1',
      'title: T',
      'subject: S',
      'preheader: P',
      'exercise: Do it',
      'prompts: { broke: a, hurt: b, together: c }',
      '---',
      'Common',
      '::: hurt',
      'Only for the hurt',
      ':::',
    ].join('\n');
    return files;
  };

  it('loads a minimal course and splits role sections', () => {
    const course = parseCourse(base());
    const lesson = course.lessons[0];
    expect(lesson && bodyFor(lesson, 'hurt')).toBe('Common\n\nOnly for the hurt');
    expect(lesson && bodyFor(lesson, 'broke')).toBe('Common');
  });

  const failures: [string, (files: Record<string, string>) => void, string][] = [
    ['a missing file', (f) => delete f['closing.md'], 'closing.md: file: is missing'],
    [
      'a missing field',
      (f) => {
        f['welcome.md'] = '---\ntitle: T\nsubject: S\n---\nBody';
      },
      'welcome.md: preheader:',
    ],
    [
      'a wrong step number',
      (f) => {
        f['lesson-01.md'] = (f['lesson-01.md'] ?? '').replace('step: 1', 'step: 2');
      },
      'lesson-01.md: step: expected 1',
    ],
    [
      'an unknown role section',
      (f) => {
        f['lesson-01.md'] = (f['lesson-01.md'] ?? '').replace('::: hurt', '::: partner');
      },
      'lesson-01.md: line 2 of the body: unknown role "partner"',
    ],
    [
      'an unclosed section',
      (f) => {
        f['lesson-01.md'] = (f['lesson-01.md'] ?? '').replace(/:::\s*$/, '');
      },
      'lesson-01.md: body: the "hurt" section is never closed',
    ],
    [
      'broken YAML',
      (f) => {
        f['course.yaml'] = 'id: [unclosed';
      },
      'course.yaml: yaml:',
    ],
    [
      'a missing prompt',
      (f) => {
        f['lesson-01.md'] = (f['lesson-01.md'] ?? '').replace(', together: c', '');
      },
      'lesson-01.md: prompts.together:',
    ],
  ];

  it.each(failures)('names the file, field and reason for %s', (_, breakIt, message) => {
    const files = base();
    breakIt(files);
    expect(() => parseCourse(files)).toThrow(CourseError);
    expect(() => parseCourse(files)).toThrow(message);
  });
});
