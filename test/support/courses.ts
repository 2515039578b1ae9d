import { join } from 'node:path';
import { type Courses, parseCourses } from '../../src/course/courses.ts';
import { readCourseFiles } from '../../src/node/course-files.ts';
import { CONTENT_DIR } from '../../src/node/deps.ts';
import { rebuildingTrust } from './deps.ts';

/**
 * The files of a small course for tests of many courses: `delays` gives each lesson's
 * delay_days (its length is the number of lessons), `roles` the course's role ids (none: a
 * course without roles). Help page as the shipped course's, so the loader's checks pass.
 */
export function courseFiles(course: {
  id: string;
  title: string;
  roles?: readonly string[];
  delays: readonly number[];
  closingDelay?: number;
  sendTime?: string;
}): Record<string, string> {
  const roles = course.roles ?? [];
  const help = rebuildingTrust().all[0]?.helpPage.markdown ?? '';
  const prompts = [...roles.map((role) => `${role}: Q for ${role}?`), 'anyone: Q for anyone?'];
  const files: Record<string, string> = {
    'course.yaml': [
      `id: ${course.id}`,
      `title: ${course.title}`,
      `tagline: ${course.title} in a few emails`,
      `description: A course called ${course.title}.`,
      `sender_name: ${course.title}`,
      ...(roles.length > 0
        ? ['roles:', ...roles.map((role) => `  - { id: ${role}, label: I am ${role} }`)]
        : []),
      `schedule: { send_time: "${course.sendTime ?? '08:00'}" }`,
      'discreet: { sender_name: Notes, subject: Your note, preheader: A short read }',
      'help: { text: Help is here }',
      'checkins: { subject: S, preheader: P, discreet_subject: D, intro: I, questions: [Q] }',
    ].join('\n'),
    'welcome.md': `---\ntitle: Welcome to ${course.title}\nsubject: Welcome to ${course.title}\npreheader: P\nexercise: E\n---\nHello.`,
    'closing.md': `---\ntitle: The end\nsubject: ${course.title} ends\npreheader: P\nexercise: E\ndelay_days: ${course.closingDelay ?? 1}\n---\nGoodbye.`,
    'help.md': `---\ntitle: Help\n---\n${help}`,
  };
  course.delays.forEach((delay, index) => {
    const step = index + 1;
    const sections = roles.map((role) => `::: ${role}\nFor ${role}.\n:::`).join('\n');
    files[`lesson-${String(step).padStart(2, '0')}.md`] = [
      '---',
      `step: ${step}`,
      `delay_days: ${delay}`,
      `title: ${course.title} lesson ${step}`,
      `subject: ${course.title} ${step}`,
      'preheader: P',
      'exercise: Do it',
      `prompts: { ${prompts.join(', ')} }`,
      '---',
      `Lesson ${step} of ${course.title}.`,
      sections,
    ].join('\n');
  });
  return files;
}

/**
 * Three courses unlike each other: Rebuilding Trust as shipped; "Alpha" with two roles,
 * a lesson the same day as the welcome and one two days on; "Beta" without roles, three
 * days between lessons, an evening send time.
 */
export function threeCourses(): Courses {
  return parseCourses({
    alpha: courseFiles({ id: 'alpha', title: 'Alpha', roles: ['left', 'right'], delays: [0, 2] }),
    beta: courseFiles({ id: 'beta', title: 'Beta', delays: [3, 3], sendTime: '19:00' }),
    'rebuilding-trust': readCourseFiles(join(CONTENT_DIR, 'rebuilding-trust')),
  });
}
