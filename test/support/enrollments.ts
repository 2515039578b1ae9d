import { sql } from 'kysely';
import type { Db } from '../../src/db/database.ts';
import type { EnrollmentRow } from '../../src/db/schema.ts';

/**
 * The enrollment of an address (in any letter case): its only one in a single-course test,
 * or the one in `courseId`. With its person's address and name, as the app reads it.
 */
export function enrollmentByEmail(
  db: Db,
  email: string,
  courseId?: string,
): Promise<EnrollmentRow | undefined> {
  return db
    .selectFrom('enrollments')
    .innerJoin('subscribers', 'subscribers.id', 'enrollments.subscriber_id')
    .selectAll('enrollments')
    .select(['subscribers.email', 'subscribers.name'])
    .where(sql`lower(subscribers.email)`, '=', email.toLowerCase())
    .$if(courseId !== undefined, (qb) => qb.where('enrollments.course_id', '=', courseId ?? ''))
    .orderBy('enrollments.id')
    .executeTakeFirst();
}
