import type { Course } from '../course/course.ts';
import type { Deps } from '../deps.ts';
import { CliError } from './io.ts';

/** The course a `--course ID` names; without one, the only course (several need the option). */
export function courseOption(
  deps: Pick<Deps, 'courses'>,
  command: string,
  id: string | undefined,
): Course {
  const known = deps.courses.all.map((course) => course.id).join(', ');
  if (id === undefined) {
    if (deps.courses.only) return deps.courses.only;
    throw new CliError(`${command}: --course ID is needed with several courses (${known})`);
  }
  const course = deps.courses.byId(id);
  if (!course) throw new CliError(`${command}: --course: no course "${id}" (${known})`);
  return course;
}
