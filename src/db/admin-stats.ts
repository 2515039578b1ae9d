import { sql } from 'kysely';
import type { Db } from './database.ts';
import type { EnrollmentStatus } from './schema.ts';

/**
 * Counts for the operator's console and `tend stats`. Only counts leave this file: no
 * address, token or reflection text.
 */

/** Enrollments by course and status. */
export async function enrollmentCounts(
  db: Db,
): Promise<{ courseId: string; status: EnrollmentStatus; count: number }[]> {
  const rows = await db
    .selectFrom('enrollments')
    .select((eb) => ['course_id', 'status', eb.fn.countAll<number>().as('count')])
    .groupBy(['course_id', 'status'])
    .execute();
  return rows.map((row) => ({
    courseId: row.course_id,
    status: row.status,
    count: Number(row.count),
  }));
}

/** People (addresses), whatever courses they take. */
export async function subscriberCount(db: Db): Promise<number> {
  const row = await db
    .selectFrom('subscribers')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

/** Emails handed to the provider since the start of today and of this week (ISO strings). */
export async function sentCounts(
  db: Db,
  since: { today: string; week: string },
): Promise<{ today: number; week: number }> {
  const { rows } = await sql<{ today: number | null; week: number | null }>`
    SELECT SUM(sent_at >= ${since.today}) AS today, SUM(sent_at >= ${since.week}) AS week
    FROM deliveries WHERE sent_at >= ${since.week}`.execute(db);
  return { today: Number(rows[0]?.today ?? 0), week: Number(rows[0]?.week ?? 0) };
}

/** Deliveries that failed for good, grouped by their last error, most frequent first. */
export async function failureReasons(
  db: Db,
  limit: number,
): Promise<{ reason: string; count: number }[]> {
  const rows = await db
    .selectFrom('deliveries')
    .select((eb) => ['last_error', eb.fn.countAll<number>().as('count')])
    .where('status', '=', 'failed')
    .groupBy('last_error')
    .orderBy('count', 'desc')
    .limit(limit)
    .execute();
  return rows.map((row) => ({
    reason: row.last_error ?? '(no reason given)',
    count: Number(row.count),
  }));
}

/** Deliveries waiting to be tried again after a failed attempt. */
export async function retryingCount(db: Db): Promise<number> {
  const row = await db
    .selectFrom('deliveries')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('status', '=', 'queued')
    .where('last_error', 'is not', null)
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

/** Erased addresses remembered only as keyed hashes, so they are never mailed again. */
export async function suppressedAddressCount(db: Db): Promise<number> {
  const row = await db
    .selectFrom('suppressed_addresses')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

/**
 * The funnel's buckets: each course message key as it is ('welcome', 'lesson:3',
 * 'closing'), and every check-in together as 'checkin'. Confirmations and reply
 * acknowledgements are not part of the course.
 */
const BUCKET = sql<string>`CASE WHEN message_key LIKE 'checkin:%' THEN 'checkin' ELSE message_key END`;
const IN_FUNNEL = sql<boolean>`(message_key IN ('welcome', 'closing')
  OR message_key LIKE 'lesson:%' OR message_key LIKE 'checkin:%')`;

/** The ids of a course's subscribers, for `… IN (…)`. */
const inCourse = (courseId: string) =>
  sql`(SELECT id FROM enrollments WHERE course_id = ${courseId})`;

export interface DeliveryFunnelCounts {
  bucket: string;
  sent: number;
  delivered: number;
  bounced: number;
  complained: number;
}

/**
 * Per bucket: emails sent, and what the provider said happened to them. The provider's
 * events (delivery_events) count first; a delivery's own status stands in where no event
 * was stored. A complaint implies the email arrived, so it counts as delivered too; a
 * transient bounce is not a bounce (the provider keeps trying).
 */
export async function deliveryFunnelCounts(
  db: Db,
  courseId: string,
): Promise<DeliveryFunnelCounts[]> {
  const { rows } = await sql<DeliveryFunnelCounts>`
    WITH events AS (
      SELECT delivery_id,
        MAX(type = 'email.delivered') AS delivered,
        MAX(type = 'email.bounced' AND detail IS NOT 'Transient') AS bounced,
        MAX(type = 'email.complained') AS complained
      FROM delivery_events
      WHERE delivery_id IS NOT NULL
      GROUP BY delivery_id
    )
    SELECT ${BUCKET} AS bucket,
      SUM(d.sent_at IS NOT NULL OR d.status IN ('sent', 'delivered', 'bounced', 'complained'))
        AS sent,
      SUM(COALESCE(e.delivered, 0) OR COALESCE(e.complained, 0)
        OR d.status IN ('delivered', 'complained')) AS delivered,
      SUM(COALESCE(e.bounced, 0) OR d.status = 'bounced') AS bounced,
      SUM(COALESCE(e.complained, 0) OR d.status = 'complained') AS complained
    FROM deliveries d
    LEFT JOIN events e ON e.delivery_id = d.id
    WHERE ${IN_FUNNEL} AND d.enrollment_id IN ${inCourse(courseId)}
    GROUP BY bucket`.execute(db);
  return rows.map((row) => ({
    bucket: row.bucket,
    sent: Number(row.sent ?? 0),
    delivered: Number(row.delivered ?? 0),
    bounced: Number(row.bounced ?? 0),
    complained: Number(row.complained ?? 0),
  }));
}

/** Reflections written (replies and web entries) per bucket: a count, never the text. */
export async function reflectionCounts(
  db: Db,
  courseId: string,
): Promise<{ bucket: string; count: number }[]> {
  const { rows } = await sql<{ bucket: string; count: number }>`
    SELECT ${BUCKET} AS bucket, COUNT(*) AS count FROM reflections
    WHERE ${IN_FUNNEL} AND enrollment_id IN ${inCourse(courseId)} GROUP BY bucket`.execute(db);
  return rows.map((row) => ({ bucket: row.bucket, count: Number(row.count) }));
}

/**
 * Unsubscribed subscribers by the last course email (or check-in) sent to them before they
 * left; bucket null for those who left before any.
 */
export async function unsubscribedAfterCounts(
  db: Db,
  courseId: string,
): Promise<{ bucket: string | null; count: number }[]> {
  const { rows } = await sql<{ bucket: string | null; count: number }>`
    SELECT CASE WHEN last_key LIKE 'checkin:%' THEN 'checkin' ELSE last_key END AS bucket,
      COUNT(*) AS count
    FROM (
      SELECT (
        SELECT message_key FROM deliveries
        WHERE enrollment_id = s.id AND sent_at IS NOT NULL AND sent_at <= s.unsubscribed_at
          AND ${IN_FUNNEL}
        ORDER BY sent_at DESC, id DESC LIMIT 1
      ) AS last_key
      FROM enrollments s
      WHERE s.status = 'unsubscribed' AND s.unsubscribed_at IS NOT NULL
        AND s.course_id = ${courseId}
    )
    GROUP BY bucket`.execute(db);
  return rows.map((row) => ({ bucket: row.bucket, count: Number(row.count) }));
}
