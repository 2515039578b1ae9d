import type { z } from '@hono/zod-openapi';
import type { Course } from '../course/course.ts';
import { consentSourcesOf, enrollmentsOfPeople, lessonsSentOf } from '../db/api-subscribers.ts';
import { findEnrollmentByEmail } from '../db/enrollments.ts';
import type { EnrollmentRow, SubscriberRow } from '../db/schema.ts';
import { findSubscriber } from '../db/subscribers.ts';
import type { Deps } from '../deps.ts';
import type { CourseSchema, EnrollmentSchema, SubscriberSchema } from './schemas.ts';

/**
 * Where the API meets courses, people and enrollments as stored: the one file (with
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

/** The API's view of people: profile, enrollments and progress; no text, no token. */
export async function subscriberViews(
  deps: Pick<Deps, 'db' | 'courses'>,
  people: readonly SubscriberRow[],
): Promise<SubscriberView[]> {
  const ids = people.map((person) => person.id);
  const enrollments = await enrollmentsOfPeople(deps.db, ids);
  const [sent, consent] = await Promise.all([
    lessonsSentOf(deps.db, enrollments),
    consentSourcesOf(deps.db, ids),
  ]);
  return people.map((person) => ({
    id: person.id,
    email: person.email,
    name: person.name,
    created_at: person.created_at,
    enrollments: enrollments
      .filter((enrollment) => enrollment.subscriber_id === person.id)
      .map((enrollment) =>
        enrollmentView(
          deps,
          enrollment,
          sent.get(enrollment.id) ?? 0,
          consent.get(`${person.id}:${enrollment.course_id}`),
        ),
      ),
  }));
}

function enrollmentView(
  deps: Pick<Deps, 'courses'>,
  row: EnrollmentRow,
  lessonsSent: number,
  consent: string | undefined,
): EnrollmentView {
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
      lessons_total: deps.courses.byId(row.course_id)?.lessons.length ?? 0,
      next_send_at: row.next_send_at,
      completed: row.status === 'completed',
    },
  };
}

/** One person's view, or undefined when there is no such person. */
export async function subscriberView(
  deps: Pick<Deps, 'db' | 'courses'>,
  id: number,
): Promise<SubscriberView | undefined> {
  const person = await findSubscriber(deps.db, id);
  return person ? (await subscriberViews(deps, [person]))[0] : undefined;
}

/** A person's enrollment in a course, by the person's id. */
export async function enrollmentOf(
  deps: Pick<Deps, 'db'>,
  subscriberId: number,
  courseId: string,
): Promise<EnrollmentRow | undefined> {
  const person = await findSubscriber(deps.db, subscriberId);
  return person ? findEnrollmentByEmail(deps.db, person.email, courseId.slice(0, 100)) : undefined;
}
