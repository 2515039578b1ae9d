import type { z } from '@hono/zod-openapi';
import type { Course } from '../course/course.ts';
import { consentSourcesOf, lessonsSentOf } from '../db/api-subscribers.ts';
import type { SubscriberRow } from '../db/schema.ts';
import type { Deps } from '../deps.ts';
import type { CourseSchema, EnrollmentSchema, SubscriberSchema } from './schemas.ts';

/**
 * Where the API meets courses and subscribers as stored: the one file (with
 * src/db/api-subscribers.ts) that knows how a person and their enrollments are kept.
 */

export function apiCourses(deps: Pick<Deps, 'courses'>): readonly Course[] {
  return deps.courses.all;
}

export function apiCourse(deps: Pick<Deps, 'courses'>, id: string): Course | undefined {
  return deps.courses.byId(id.slice(0, 100));
}

export function courseView(course: Course): z.infer<typeof CourseSchema> {
  return {
    id: course.id,
    title: course.title,
    tagline: course.tagline,
    lessons: course.lessons.length,
    roles: course.roles.map((role) => ({ id: role.id, label: role.label })),
  };
}

/** A role id the course knows, null for none, undefined for one it does not know. */
export function courseRole(course: Course, role: string | null | undefined) {
  if (role === null || role === undefined || role === '') return null;
  return course.roles.find((known) => known.id === role)?.id;
}

type SubscriberView = z.infer<typeof SubscriberSchema>;
type EnrollmentView = z.infer<typeof EnrollmentSchema>;

/** The API's view of subscribers: profile, enrollments and progress; no text, no token. */
export async function subscriberViews(
  deps: Pick<Deps, 'db' | 'courses'>,
  rows: readonly SubscriberRow[],
): Promise<SubscriberView[]> {
  const [sent, consent] = await Promise.all([
    lessonsSentOf(deps.db, rows),
    consentSourcesOf(
      deps.db,
      rows.map((row) => row.id),
    ),
  ]);
  return rows.map((row) => ({
    id: row.id,
    email: row.email,
    name: row.name,
    created_at: row.created_at,
    enrollments: [enrollmentView(deps, row, sent.get(row.id) ?? 0, consent.get(row.id))],
  }));
}

function enrollmentView(
  deps: Pick<Deps, 'courses'>,
  row: SubscriberRow,
  lessonsSent: number,
  consent: string | undefined,
): EnrollmentView {
  const course = apiCourse(deps, row.course_id);
  return {
    course: row.course_id,
    role: row.role,
    status: row.status,
    timezone: row.timezone,
    send_time: row.send_time,
    send_days: [...row.send_days].map(Number),
    discreet: row.discreet === 1,
    paused_until: row.paused_until,
    confirmed_at: row.confirmed_at,
    unsubscribed_at: row.unsubscribed_at,
    consent: consent ?? (row.confirmed_at ? 'confirmation link' : 'not yet given'),
    progress: {
      lessons_sent: lessonsSent,
      lessons_total: course?.lessons.length ?? 0,
      next_send_at: row.next_send_at,
      completed: row.status === 'completed',
    },
  };
}

/** The subscriber's enrollment in a course, by the subscriber's id. */
export function enrollmentOf(row: SubscriberRow, courseId: string): SubscriberRow | undefined {
  return row.course_id === courseId ? row : undefined;
}
