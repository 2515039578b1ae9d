import type { Role } from '../db/schema.ts';

/** A piece of an email body: shown to everyone, or only to readers of one role. */
export interface BodyPart {
  readonly role: Role | null;
  readonly markdown: string;
}

export interface CourseEmail {
  readonly file: string;
  readonly title: string;
  readonly subject: string;
  readonly preheader: string;
  readonly body: readonly BodyPart[];
}

export interface Lesson extends CourseEmail {
  readonly step: number;
  readonly exercise: string;
  readonly prompts: Readonly<Record<Role, string>>;
}

export interface CheckinSettings {
  readonly subject: string;
  readonly preheader: string;
  readonly discreetSubject: string;
  readonly intro: string;
  readonly questions: readonly string[];
}

export interface Course {
  readonly id: string;
  readonly title: string;
  readonly tagline: string;
  readonly description: string;
  readonly senderName: string;
  readonly roles: Readonly<Record<Role, string>>;
  readonly discreet: {
    readonly senderName: string;
    readonly subject: string;
    readonly preheader: string;
  };
  readonly helpText: string;
  readonly checkins: CheckinSettings;
  readonly welcome: CourseEmail;
  readonly lessons: readonly Lesson[];
  readonly closing: CourseEmail;
  readonly helpPage: { readonly title: string; readonly markdown: string };
}

/** The Markdown a reader of `role` sees: the common parts plus that role's own. */
export function bodyFor(email: CourseEmail, role: Role): string {
  return email.body
    .filter((part) => part.role === null || part.role === role)
    .map((part) => part.markdown)
    .join('\n\n');
}

/**
 * Course messages are numbered steps: 1..N are the lessons, N+1 the closing email.
 * A subscriber's next_step walks through them; N+2 means the course is finished.
 */
export type CourseMessage =
  | { readonly kind: 'lesson'; readonly key: string; readonly lesson: Lesson }
  | { readonly kind: 'closing'; readonly key: 'closing' };

export function messageForStep(course: Course, step: number): CourseMessage | null {
  const lesson = course.lessons[step - 1];
  if (lesson) return { kind: 'lesson', key: `lesson:${step}`, lesson };
  if (step === course.lessons.length + 1) return { kind: 'closing', key: 'closing' };
  return null;
}

/**
 * What a subscriber receives, in one sentence derived from the course: the signup page, the
 * confirmation email and the README say it in these words. "A welcome email as soon as you
 * confirm, then 10 lessons, one a day, and a closing note the day after the last lesson."
 */
export function courseLength(course: Pick<Course, 'lessons'>): string {
  const count = course.lessons.length;
  const lessons = count === 1 ? '1 lesson the next day' : `${count} lessons, one a day`;
  return `A welcome email as soon as you confirm, then ${lessons}, and a closing note the day after the last lesson.`;
}
