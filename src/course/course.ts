import { CLOSING_KEY, lessonKey } from './message-key.ts';
import type { Weekday } from './time.ts';

/** A reader role's id, as a course defines it (`hurt`, `broke`...); null: none chosen. */
export type Role = string;

/** One of the roles a course offers its readers on the signup form. */
export interface CourseRole {
  readonly id: Role;
  /** What the signup form offers ("I was hurt"). */
  readonly label: string;
  /** Over this role's section for a reader without a role ("If you were hurt"). */
  readonly heading: string;
}

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
  /** Markdown: a small exercise, shown in its own box. */
  readonly exercise: string;
  readonly body: readonly BodyPart[];
  /** Whole local days after the previous email (0: the same day, at least 12 hours later). */
  readonly delayDays: number;
}

export interface Lesson extends CourseEmail {
  readonly step: number;
  /** One question per role of the course, and one that fits any reader (`anyone`). */
  readonly prompts: Readonly<Record<Role, string>> & { readonly anyone: string };
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
  /** The roles a reader may choose, in the form's order; none: one text for everyone. */
  readonly roles: readonly CourseRole[];
  /** Whether two partners may take the course together (couples mode). */
  readonly couples: boolean;
  /**
   * The course's safety note on couples mode (course.yaml `couples_safety`), set exactly when
   * `couples` is: who it is not for, and that unlinking is always available and silent.
   */
  readonly couplesSafety: string | null;
  /** When lessons arrive unless the reader chooses otherwise. */
  readonly schedule: { readonly sendTime: string; readonly sendDays: readonly Weekday[] };
  readonly discreet: {
    readonly senderName: string;
    readonly subject: string;
    /** Neutral subjects for the course emails in order (welcome, lessons, closing), reused in turn. */
    readonly subjects: readonly string[];
    readonly preheader: string;
    /** The footer's safety line in discreet mode: names no topic, links the same help page. */
    readonly helpText: string;
  };
  readonly helpText: string;
  readonly checkins: CheckinSettings;
  readonly welcome: CourseEmail;
  readonly lessons: readonly Lesson[];
  readonly closing: CourseEmail;
  readonly helpPage: { readonly title: string; readonly markdown: string };
}

/**
 * The Markdown a reader of `role` sees: the common parts plus that role's own. A reader
 * without a role (null) sees every role's section, each under its heading.
 */
export function bodyFor(
  email: CourseEmail,
  role: Role | null,
  roles?: readonly CourseRole[],
): string {
  return email.body
    .filter((part) => part.role === null || role === null || part.role === role)
    .map((part) => {
      const heading = role === null ? roles?.find((r) => r.id === part.role)?.heading : undefined;
      return heading ? `### ${heading}\n\n${part.markdown}` : part.markdown;
    })
    .join('\n\n');
}

/** The reflection question for a reader of `role`; without one, a question that fits anyone. */
export function lessonPrompt(lesson: Lesson, role: Role | null): string {
  return (role === null ? undefined : lesson.prompts[role]) ?? lesson.prompts.anyone;
}

/** The delay before a course message (1..N lessons, N+1 the closing email), in local days. */
export function delayBefore(course: Course, step: number): number {
  const lesson = course.lessons[step - 1];
  return (lesson ?? course.closing).delayDays;
}

/**
 * Course messages are numbered steps: 1..N are the lessons, N+1 the closing email.
 * A subscriber's next_step walks through them; N+2 means the course is finished.
 */
export type CourseMessage =
  | { readonly kind: 'lesson'; readonly key: string; readonly lesson: Lesson }
  | { readonly kind: 'closing'; readonly key: typeof CLOSING_KEY };

export function messageForStep(course: Course, step: number): CourseMessage | null {
  const lesson = course.lessons[step - 1];
  if (lesson) return { kind: 'lesson', key: lessonKey(step), lesson };
  if (step === course.lessons.length + 1) return { kind: 'closing', key: CLOSING_KEY };
  return null;
}

/**
 * The discreet subject of a course email by its place in the course (0 the welcome, 1..N the
 * lessons, N+1 the closing): the course's neutral subjects in turn, so that mail apps do not
 * thread every email into one conversation; without a list, the one subject with its day.
 */
export function discreetSubject(course: Course, position: number): string {
  const { subjects, subject } = course.discreet;
  if (subjects.length > 0) return subjects[position % subjects.length] ?? subject;
  return position === 0 ? subject : `${subject} (day ${position})`;
}

/**
 * What a subscriber receives, in one sentence derived from the course: the signup page, the
 * confirmation email and the README say it in these words. "A welcome email as soon as you
 * confirm, then 10 lessons, one a day, and a closing note the day after the last lesson."
 */
export function courseLength(course: Pick<Course, 'lessons' | 'closing'>): string {
  const count = course.lessons.length;
  const delays = new Set(course.lessons.map((lesson) => lesson.delayDays));
  const [delay] = delays;
  const pace =
    delays.size > 1 || delay === undefined
      ? 'each after its own pause'
      : delay === 0
        ? 'several a day'
        : delay === 1
          ? 'one a day'
          : `${DAYS[delay] ?? delay} days apart`;
  const lessons = count === 1 ? '1 lesson' : `${count} lessons, ${pace}`;
  const closing = course.closing.delayDays;
  const after =
    closing === 0
      ? 'later the same day as'
      : closing === 1
        ? 'the day after'
        : `${DAYS[closing] ?? closing} days after`;
  return `A welcome email as soon as you confirm, then ${lessons}, and a closing note ${after} the last lesson.`;
}

const DAYS: Readonly<Record<number, string>> = {
  2: 'two',
  3: 'three',
  4: 'four',
  5: 'five',
  6: 'six',
  7: 'seven',
};
