import type { Course, Role } from './course.ts';

/** Where "no role" must be a word (a URL, a file name, a command option, a prompt key). */
export const NO_ROLE = 'anyone';

/** Every role a reader of the course may have, null (none chosen: every perspective) last. */
export function roleChoices(course: Pick<Course, 'roles'>): readonly (Role | null)[] {
  return [...course.roles.map((role) => role.id), null];
}

export function roleSlug(role: Role | null): string {
  return role ?? NO_ROLE;
}

/** One of the course's roles or NO_ROLE as written (any case) -> the role or null; else undefined. */
export function roleFromSlug(
  course: Pick<Course, 'roles'>,
  value: unknown,
): Role | null | undefined {
  if (typeof value !== 'string' || value.length > 64) return undefined;
  const word = value.toLowerCase();
  if (word === NO_ROLE) return null;
  return course.roles.find((role) => role.id === word)?.id;
}

/** The form's words for a role ("I was hurt"), or undefined for none or an unknown one. */
export function roleLabel(course: Pick<Course, 'roles'>, role: Role | null): string | undefined {
  return course.roles.find((r) => r.id === role)?.label;
}
