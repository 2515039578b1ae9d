import type { z } from '@hono/zod-openapi';
import type { Course } from '../course/course.ts';
import { consentSourcesOf, enrollmentsOfPeople, lessonsSentOf } from '../db/api-subscribers.ts';
import { findEnrollmentByEmail } from '../db/enrollments.ts';
import { findSubscriber } from '../db/subscribers.ts';
import type { Deps } from '../deps.ts';
import type { Enrollment, Subscriber } from '../subscribers/enrollment.ts';
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
  people: readonly Subscriber[],
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
    created_at: person.createdAt.toISOString(),
    enrollments: enrollments
      .filter((enrollment) => enrollment.subscriberId === person.id)
      .map((enrollment) =>
        enrollmentView(
          deps,
          enrollment,
          sent.get(enrollment.id) ?? 0,
          consent.get(`${person.id}:${enrollment.courseId}`),
        ),
      ),
  }));
}

function enrollmentView(
  deps: Pick<Deps, 'courses'>,
  row: Enrollment,
  lessonsSent: number,
  consent: string | undefined,
): EnrollmentView {
  return {
    course: row.courseId,
    role: row.role,
    status: row.status,
    timezone: row.timezone,
    send_time: row.sendTime,
    send_days: [...row.sendDays],
    discreet: row.discreet,
    paused_until: iso(row.pausedUntil),
    confirmed_at: iso(row.confirmedAt),
    unsubscribed_at: iso(row.unsubscribedAt),
    consent: consent ?? (row.confirmedAt ? 'confirmation link' : 'not yet given'),
    progress: {
      lessons_sent: lessonsSent,
      lessons_total: deps.courses.byId(row.courseId)?.lessons.length ?? 0,
      next_send_at: iso(row.nextSendAt),
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
): Promise<Enrollment | undefined> {
  const person = await findSubscriber(deps.db, subscriberId);
  return person ? findEnrollmentByEmail(deps.db, person.email, courseId.slice(0, 100)) : undefined;
}

/** Instants in the API are ISO 8601 strings in UTC, as the OpenAPI document says. */
function iso(instant: Date | null): string | null {
  return instant?.toISOString() ?? null;
}
