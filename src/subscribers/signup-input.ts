import { z } from 'zod';
import type { Course, Role } from '../course/course.ts';
import type { Courses } from '../course/courses.ts';
import { roleFromSlug } from '../course/roles.ts';
import { isValidSendTime, isValidTimeZone } from '../course/time.ts';

export interface SignupInput {
  readonly course: Course;
  readonly email: string;
  readonly name: string | null;
  /** null: no role chosen; the reader gets every perspective. */
  readonly role: Role | null;
  readonly timezone: string;
  readonly sendTime: string;
  readonly discreet: boolean;
}

/** Field name -> a sentence a person can act on. */
export type FieldErrors = Partial<
  Record<'course' | 'email' | 'name' | 'role' | 'send_time', string>
>;

/** Built once: building a zod schema costs twenty times checking with it (an import checks 100,000). */
const EMAIL = z.email();

/** Trims, keeps the local part as typed, lower-cases the domain (which is case-blind). */
export function normalizeEmail(raw: string): string | null {
  const email = raw.trim();
  if (email.length > 254 || /[\s<>()[\]\\,;:"\p{Cc}]/u.test(email)) return null;
  const at = email.lastIndexOf('@');
  if (at < 1 || at > 64) return null;
  const local = email.slice(0, at);
  const domain = email.slice(at + 1).toLowerCase();
  if (!EMAIL.safeParse(`${local}@${domain}`).success) return null;
  return `${local}@${domain}`;
}

/** Removes control characters and markup-looking brackets; a name is only ever a greeting. */
export function cleanName(raw: string): string | null {
  const name = raw
    .normalize('NFC')
    .replace(/[\p{Cc}\p{Cf}\u2028\u2029<>]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 60);
  return name === '' ? null : name;
}

const field = z.preprocess((value) => (Array.isArray(value) ? value[0] : value), z.unknown());

/**
 * Validates a signup (form or JSON). A time zone the browser sent that we do not know falls
 * back to the default rather than failing: it is filled in by a script, not by the person.
 */
export function parseSignup(
  body: Record<string, unknown>,
  defaults: { timezone: string; courses: Courses },
): { ok: true; value: SignupInput } | { ok: false; errors: FieldErrors } {
  const get = (name: string) => {
    const value = field.parse(body[name]);
    return typeof value === 'string' ? value : value === undefined ? '' : null;
  };
  const errors: FieldErrors = {};
  const rawCourse = get('course');
  // With one course the field may be left out; with several it says which.
  const course =
    rawCourse === '' || rawCourse === null
      ? defaults.courses.only
      : defaults.courses.byId(rawCourse.slice(0, 64));
  if (!course) errors.course = 'Please choose one of the courses.';
  const rawEmail = get('email');
  const email = rawEmail === null ? null : normalizeEmail(rawEmail);
  if (!email) errors.email = 'Please enter a valid email address, like name@example.com.';
  const rawName = get('name');
  if (rawName === null) errors.name = 'Please enter your first name as text.';
  // Optional: left out, empty or null, the reader gets every perspective.
  const rawRole = body.role === null ? '' : get('role');
  const role = rawRole === '' ? null : course ? roleFromSlug(course, rawRole) : null;
  if (role === undefined) errors.role = 'Please choose one of the sentences, or none.';
  const rawTime = get('send_time');
  const sendTime = rawTime === '' ? (course?.schedule.sendTime ?? '08:00') : rawTime;
  if (!isValidSendTime(sendTime)) errors.send_time = 'Please give a time such as 08:00.';
  const rawZone = get('timezone');
  const timezone = isValidTimeZone(rawZone) ? rawZone : defaults.timezone;
  const rawDiscreet = field.parse(body.discreet);
  const discreet = rawDiscreet === true || rawDiscreet === 'on' || rawDiscreet === 'true';

  if (!course || !email || role === undefined || !isValidSendTime(sendTime) || rawName === null)
    return { ok: false, errors };
  return {
    ok: true,
    value: { course, email, name: cleanName(rawName), role, timezone, sendTime, discreet },
  };
}
