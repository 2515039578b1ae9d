import { sql } from 'kysely';
import type { Enrollment, Subscriber } from '../subscribers/enrollment.ts';
import type { Db } from './database.ts';
import { toEnrollment, toSubscriber } from './enrollment-mapping.ts';
import { MAX_IDS_PER_STATEMENT } from './enrollments.ts';
import { addressKey, ensureSubscriber } from './subscribers.ts';

/**
 * What the API reads and writes of people and their enrollments, kept apart so that a
 * change in how they are stored changes these queries and nothing in src/api/.
 */

/** People after `afterId` in id order, `limit` of them, maybe only one address. */
export async function subscriberPage(
  db: Db,
  options: { afterId: number; limit: number; email?: string },
): Promise<Subscriber[]> {
  const rows = await db
    .selectFrom('subscribers')
    .selectAll()
    .where('id', '>', options.afterId)
    .$if(options.email !== undefined, (qb) =>
      qb.where(sql`lower(email)`, '=', addressKey(options.email ?? '')),
    )
    .orderBy('id')
    .limit(options.limit)
    .execute();
  return rows.map(toSubscriber);
}

/** The enrollments of these people, in the order they enrolled, in chunks (D1's limit). */
export async function enrollmentsOfPeople(
  db: Db,
  subscriberIds: readonly number[],
): Promise<Enrollment[]> {
  const found: Enrollment[] = [];
  for (let start = 0; start < subscriberIds.length; start += MAX_IDS_PER_STATEMENT) {
    const rows = await db
      .selectFrom('enrollments')
      .innerJoin('subscribers', 'subscribers.id', 'enrollments.subscriber_id')
      .selectAll('enrollments')
      .select(['subscribers.email', 'subscribers.name'])
      .where(
        'enrollments.subscriber_id',
        'in',
        subscriberIds.slice(start, start + MAX_IDS_PER_STATEMENT),
      )
      .orderBy('enrollments.id')
      .execute();
    found.push(...rows.map(toEnrollment));
  }
  return found;
}

/** Lessons sent in each enrollment's current round, by enrollment id. */
export async function lessonsSentOf(
  db: Db,
  enrollments: readonly Pick<Enrollment, 'id'>[],
): Promise<Map<number, number>> {
  const counts = new Map<number, number>();
  for (let start = 0; start < enrollments.length; start += MAX_IDS_PER_STATEMENT) {
    const chunk = enrollments.slice(start, start + MAX_IDS_PER_STATEMENT);
    const rows = await db
      .selectFrom('deliveries')
      .innerJoin('enrollments', 'enrollments.id', 'deliveries.enrollment_id')
      .select((eb) => ['deliveries.enrollment_id as id', eb.fn.countAll<number>().as('sent')])
      .where(
        'deliveries.enrollment_id',
        'in',
        chunk.map((e) => e.id),
      )
      .whereRef('deliveries.round', '=', 'enrollments.round')
      .where('deliveries.message_key', 'like', 'lesson:%')
      .where('deliveries.sent_at', 'is not', null)
      .groupBy('deliveries.enrollment_id')
      .execute();
    for (const row of rows) counts.set(row.id, Number(row.sent));
  }
  return counts;
}

/** Where consent was given elsewhere, by `subscriber_id:course_id` (absent: our link). */
export async function consentSourcesOf(
  db: Db,
  subscriberIds: readonly number[],
): Promise<Map<string, string>> {
  const sources = new Map<string, string>();
  for (let start = 0; start < subscriberIds.length; start += MAX_IDS_PER_STATEMENT) {
    const rows = await db
      .selectFrom('consent_records')
      .select(['subscriber_id', 'course_id', 'source'])
      .where('subscriber_id', 'in', subscriberIds.slice(start, start + MAX_IDS_PER_STATEMENT))
      .execute();
    for (const row of rows) sources.set(`${row.subscriber_id}:${row.course_id}`, row.source);
  }
  return sources;
}

/**
 * Enrolls someone who consented elsewhere, started as a confirmation starts an enrollment
 * (round 1 at the welcome, due now): the person if new, then the enrollment unless they
 * already have one in that course (then nothing changes and undefined comes back), then the
 * consent record. A crash before the last leaves an active enrollment without it, which
 * reads as consent by our own link, never the reverse.
 */
export async function insertConfirmedEnrollment(
  db: Db,
  row: {
    email: string;
    name: string | null;
    role: string | null;
    timezone: string;
    sendTime: string;
    sendDays: string;
    discreet: boolean;
    courseId: string;
    source: string;
    now: string;
  },
): Promise<{ subscriberId: number; enrollmentId: number } | undefined> {
  const person = await ensureSubscriber(db, { email: row.email, name: row.name, now: row.now });
  const inserted = await db
    .insertInto('enrollments')
    .values({
      subscriber_id: person.id,
      course_id: row.courseId,
      role: row.role,
      timezone: row.timezone,
      send_time: row.sendTime,
      send_days: row.sendDays,
      discreet: row.discreet ? 1 : 0,
      status: 'active',
      round: 1,
      next_step: 0,
      next_send_at: row.now,
      created_at: row.now,
      confirmed_at: row.now,
      updated_at: row.now,
    })
    // The conflict that matters: UNIQUE (subscriber_id, course_id).
    .onConflict((oc) => oc.doNothing())
    .returning('id')
    .executeTakeFirst();
  if (!inserted) return undefined;
  const enrollmentId = inserted.id;
  await db
    .insertInto('consent_records')
    .values({
      subscriber_id: person.id,
      course_id: row.courseId,
      source: row.source,
      recorded_at: row.now,
    })
    .onConflict((oc) => oc.doNothing())
    .execute();
  return { subscriberId: person.id, enrollmentId };
}
