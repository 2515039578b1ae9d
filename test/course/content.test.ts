import { describe, expect, it } from 'vitest';
import { bodyFor, type Course, courseLength } from '../../src/course/course.ts';
import { parseCourses } from '../../src/course/courses.ts';
import { CourseError, parseCourse } from '../../src/course/parse.ts';
import { rebuildingTrust } from '../support/deps.ts';

const words = (text: string) => text.split(/\s+/).filter((word) => /\w/.test(word)).length;

const readCourse = () => rebuildingTrust().all[0] as Course;

describe('the shipped course, Rebuilding Trust', () => {
  const course = readCourse();
  const ROLES = course.roles.map((role) => role.id);

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
        expect(lesson.prompts[role]?.length).toBeGreaterThan(20);
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

  it('speaks to couples in every lesson and the closing, and gives every email an exercise', () => {
    for (const email of [...course.lessons, course.closing]) {
      const together = email.body.filter((part) => part.role === 'together');
      expect(words(together.map((part) => part.markdown).join(' ')), email.file).toBeGreaterThan(
        30,
      );
    }
    for (const email of [course.welcome, ...course.lessons, course.closing]) {
      expect(words(email.exercise), email.file).toBeGreaterThan(20);
    }
  });

  it('has subjects that fit a phone and nothing alarming on a lock screen', () => {
    const alarming = /affair|infidel|cheat|\blies\b|\blie\b|betray/i;
    for (const email of [course.welcome, ...course.lessons, course.closing]) {
      expect(email.subject.length, email.file).toBeLessThanOrEqual(45);
      expect(email.subject, email.file).not.toMatch(alarming);
      expect(email.preheader, email.file).not.toMatch(alarming);
    }
  });

  it('names harming yourself as well as fear in every footer, and in the lesson on feelings', () => {
    expect(course.helpText).toMatch(/afraid/i);
    expect(course.helpText).toMatch(/harming yourself/i);
    const feelings = course.lessons[1];
    const text = feelings ? bodyFor(feelings, 'hurt') : '';
    expect(text).toMatch(/hurting yourself/);
    for (const link of ['(tel:988)', '(tel:116123)', '(tel:131114)']) expect(text).toContain(link);
  });
});

describe('the help page', () => {
  const { markdown } = readCourse().helpPage;
  const headings = markdown.match(/^## .*$/gm) ?? [];

  it('puts immediate danger first, then self-harm, then abuse and control', () => {
    expect(headings[0]).toMatch(/danger right now/);
    expect(headings[1]).toMatch(/harming yourself/);
    expect(headings[2]).toMatch(/afraid of your partner|controlled/);
  });

  it('makes every number tappable and every site https', () => {
    for (const number of [
      '911',
      '999',
      '112',
      '000',
      '988',
      '116123',
      '131114',
      '+18007997233',
      '08082000247',
      '1800737732',
    ]) {
      expect(markdown).toContain(`(tel:${number})`);
    }
    for (const site of ['https://findahelpline.com', 'https://sheltersafe.ca']) {
      expect(markdown).toContain(`(${site})`);
    }
    const targets = [...markdown.matchAll(/\]\(([^)]*)\)/g)].map((match) => match[1] ?? '');
    for (const target of targets) expect(target).toMatch(/^(tel:\+?\d+|https:\/\/)/);
    // A number written out but not linked is one a phone cannot tap (the closing note on
    // how the numbers were checked names them again, as a record rather than as a way in).
    const services = markdown.split('## About the numbers')[0] ?? '';
    const unlinked = services.replace(/\[[^\]]*\]\([^)]*\)/g, '').match(/\b\d[\d -]{5,}\d\b/g);
    expect(unlinked ?? []).toEqual([]);
  });

  it('says when and how the numbers were checked', () => {
    expect(markdown).toMatch(/Checked on 2026-12-03/);
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
      'roles:',
      '  - { id: broke, label: A }',
      '  - { id: hurt, label: B, heading: If hurt }',
      '  - { id: together, label: C }',
      'discreet: { sender_name: Notes, subject: Your note, preheader: A short read }',
      'help: { text: Help is here }',
      'checkins: { subject: S, preheader: P, discreet_subject: D, intro: I, questions: [Q] }',
    ].join('\n');
    const email = '---\ntitle: T\nsubject: S\npreheader: P\nexercise: E\n---\nBody';
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
      'prompts: { broke: a, hurt: b, together: c, anyone: d }',
      '---',
      'Common',
      '::: hurt',
      'Only for the hurt',
      ':::',
      '::: together',
      'For both',
      ':::',
    ].join('\n');
    return files;
  };

  it('loads a minimal course and splits role sections', () => {
    const course = parseCourse(base());
    const lesson = course.lessons[0];
    expect(lesson && bodyFor(lesson, 'hurt')).toBe('Common\n\nOnly for the hurt');
    expect(lesson && bodyFor(lesson, 'broke')).toBe('Common');
    expect(lesson && bodyFor(lesson, null, course.roles)).toBe(
      'Common\n\n### If hurt\n\nOnly for the hurt\n\n### C\n\nFor both',
    );
    expect(course.roles.map((role) => role.id)).toEqual(['broke', 'hurt', 'together']);
    expect(course.schedule).toEqual({ sendTime: '08:00', sendDays: [1, 2, 3, 4, 5, 6, 7] });
    expect(course.couples).toBe(false);
    expect(lesson?.delayDays).toBe(1);
  });

  it('loads a course without roles, with its own pace and default schedule', () => {
    const files = base();
    files['course.yaml'] = `${(files['course.yaml'] ?? '').replace(/roles:\n( {2}- .*\n)+/, '')}
schedule: { send_time: "19:30", send_days: "67" }
couples: true
couples_safety: Only for two people who feel safe together; unlinking is silent.`;
    files['lesson-01.md'] = (files['lesson-01.md'] ?? '')
      .replace('prompts: { broke: a, hurt: b, together: c, anyone: d }', 'prompts: { anyone: d }')
      .replace('step: 1', 'step: 1\ndelay_days: 3')
      .replace(/::: \w+\n|:::\n?/g, '');
    files['closing.md'] = (files['closing.md'] ?? '').replace(
      'title: T',
      'title: T\ndelay_days: 0',
    );
    const course = parseCourse(files);
    expect(course.roles).toEqual([]);
    expect(course.schedule).toEqual({ sendTime: '19:30', sendDays: [6, 7] });
    expect(course.couples).toBe(true);
    expect(course.couplesSafety).toBe(
      'Only for two people who feel safe together; unlinking is silent.',
    );
    expect(course.lessons[0]?.delayDays).toBe(3);
    expect(course.closing.delayDays).toBe(0);
    expect(courseLength(course)).toBe(
      'A welcome email as soon as you confirm, then 1 lesson, and a closing note later the same day as the last lesson.',
    );
    files['lesson-01.md'] = `${files['lesson-01.md']}\n::: hurt\nx\n:::`;
    expect(() => parseCourse(files)).toThrow('unknown role "hurt" (the course has no roles)');
  });

  it('requires a safety note of a couples course, and only of one', () => {
    const files = base();
    const yaml = files['course.yaml'] ?? '';
    files['course.yaml'] = `${yaml}\ncouples: true`;
    expect(() => parseCourse(files)).toThrow('course.yaml: couples_safety: a couples course needs');
    files['course.yaml'] = `${yaml}\ncouples_safety: Only for two people who feel safe.`;
    expect(() => parseCourse(files)).toThrow('only for a course with couples: true');
    files['course.yaml'] = `${yaml}\ncouples: true\ncouples_safety: "${'x'.repeat(601)}"`;
    expect(() => parseCourse(files)).toThrow('keep it to a short paragraph');
  });

  it('loads several courses, names the folder of a broken one, and refuses a repeated id', () => {
    const other = {
      ...base(),
      'course.yaml': (base()['course.yaml'] ?? '').replace('id: demo', 'id: other'),
    };
    const courses = parseCourses({ b: other, a: base() });
    expect(courses.all.map((course) => course.id)).toEqual(['demo', 'other']);
    expect(courses.only).toBeUndefined();
    expect(courses.byId('other')?.id).toBe('other');
    expect(parseCourses({ a: base() }).only?.id).toBe('demo');
    const broken = { ...other, 'closing.md': '' };
    expect(() => parseCourses({ a: base(), b: broken })).toThrow('b/closing.md: front matter');
    expect(() => parseCourses({ a: base(), b: base() })).toThrow('another course has this id');
    expect(() => parseCourses({})).toThrow('holds no course');
  });

  const failures: [string, (files: Record<string, string>) => void, string][] = [
    ['a missing file', (f) => delete f['closing.md'], 'closing.md: file: is missing'],
    [
      'a missing field',
      (f) => {
        f['welcome.md'] = '---\ntitle: T\nsubject: S\nexercise: E\n---\nBody';
      },
      'welcome.md: preheader:',
    ],
    [
      'a welcome without an exercise',
      (f) => {
        f['welcome.md'] = '---\ntitle: T\nsubject: S\npreheader: P\n---\nBody';
      },
      'welcome.md: exercise:',
    ],
    [
      'a closing email without an exercise',
      (f) => {
        f['closing.md'] = '---\ntitle: T\nsubject: S\npreheader: P\n---\nBody';
      },
      'closing.md: exercise:',
    ],
    [
      'a lesson without an exercise',
      (f) => {
        f['lesson-01.md'] = (f['lesson-01.md'] ?? '').replace('exercise: Do it\n', '');
      },
      'lesson-01.md: exercise:',
    ],
    [
      'a prompt for a role the course does not have',
      (f) => {
        f['lesson-01.md'] = (f['lesson-01.md'] ?? '').replace('anyone: d', 'anyone: d, other: e');
      },
      'lesson-01.md: prompts.other: is not a role',
    ],
    [
      'a lesson without a question for anyone',
      (f) => {
        f['lesson-01.md'] = (f['lesson-01.md'] ?? '').replace(', anyone: d', '');
      },
      'lesson-01.md: prompts.anyone: is missing',
    ],
    [
      'a negative delay',
      (f) => {
        f['lesson-01.md'] = (f['lesson-01.md'] ?? '').replace('step: 1', 'step: 1\ndelay_days: -1');
      },
      'lesson-01.md: delay_days:',
    ],
    [
      'a role named like "no role"',
      (f) => {
        f['course.yaml'] = (f['course.yaml'] ?? '').replace('id: broke', 'id: anyone');
      },
      'course.yaml: roles.0.id:',
    ],
    [
      'a default send time that is no time',
      (f) => {
        f['course.yaml'] += '\nschedule: { send_time: "25:00" }';
      },
      'course.yaml: schedule.send_time:',
    ],
    [
      'a subject too long for a phone',
      (f) => {
        f['lesson-01.md'] = (f['lesson-01.md'] ?? '').replace(
          'subject: S',
          `subject: ${'x'.repeat(51)}`,
        );
      },
      'lesson-01.md: subject: keep subjects to 50 characters or fewer',
    ],
    [
      'a help page without a number to tap',
      (f) => {
        f['help.md'] = '---\ntitle: Help\n---\nCall 988 if you need to.';
      },
      'help.md: body: needs crisis numbers as tel: links',
    ],
    [
      'a tel: link that cannot be dialled',
      (f) => {
        f['help.md'] = '---\ntitle: Help\n---\nCall [116 123](tel:116 123).';
      },
      'help.md: body: tel:116 123 cannot be dialled',
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
      'lesson-01.md: body: the "together" section is never closed',
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
      'lesson-01.md: prompts.together: is missing',
    ],
  ];

  it.each(failures)('names the file, field and reason for %s', (_, breakIt, message) => {
    const files = base();
    breakIt(files);
    expect(() => parseCourse(files)).toThrow(CourseError);
    expect(() => parseCourse(files)).toThrow(message);
  });
});
