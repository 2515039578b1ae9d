import type { Course } from './course.ts';
import { CourseError, parseCourse } from './parse.ts';

/** Every course of the instance, in the order the home page lists them. */
export interface Courses {
  readonly all: readonly Course[];
  byId(id: string): Course | undefined;
  /** The course an enrollment is in; a course removed from the content folder throws. */
  of(id: string): Course;
  /** The one course when the instance runs exactly one (its signup page is then `/`). */
  readonly only: Course | undefined;
}

/**
 * An enrollment's course is no longer in the content folder (its operator removed it). Pages
 * about that enrollment answer 410 (src/app.ts); the person's journal, export and erasure
 * still work, since they do not need the course.
 */
export class CourseGone extends Error {
  constructor(readonly courseId: string) {
    super(`no course "${courseId}" in the content folder`);
  }
}

/**
 * Pure: the courses from their folders' files (folder -> name -> text), in folder order.
 * A course's error names its folder, so `content/weekly/lesson-02.md: prompts: ...`.
 */
export function parseCourses(
  folders: Readonly<Record<string, Readonly<Record<string, string>>>>,
): Courses {
  const names = Object.keys(folders).sort();
  if (names.length === 0) throw new CourseError('content', 'folder', 'holds no course');
  const courses = names.map((folder) => {
    try {
      return parseCourse(folders[folder] ?? {});
    } catch (error) {
      if (!(error instanceof CourseError)) throw error;
      throw new CourseError(`${folder}/${error.file}`, error.field, error.reason);
    }
  });
  return courseCatalog(courses);
}

export function courseCatalog(courses: readonly Course[]): Courses {
  const byId = new Map<string, Course>();
  for (const course of courses) {
    if (byId.has(course.id)) {
      throw new CourseError(`${course.id}/course.yaml`, 'id', 'another course has this id');
    }
    byId.set(course.id, course);
  }
  return {
    all: courses,
    byId: (id) => byId.get(id),
    of: (id) => {
      const course = byId.get(id);
      if (!course) throw new CourseGone(id);
      return course;
    },
    only: courses.length === 1 ? courses[0] : undefined,
  };
}
