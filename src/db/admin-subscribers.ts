import { sql } from 'kysely';
import type { Delivery } from '../delivery/delivery.ts';
import type { Db } from './database.ts';
import { instant } from './enrollment-mapping.ts';

/** What the console shows about one subscriber's mail: no token, no text. */
export type DeliverySummary = Pick<
  Delivery,
  'round' | 'messageKey' | 'status' | 'sentAt' | 'lastError'
>;

export async function deliverySummaries(db: Db, enrollmentId: number): Promise<DeliverySummary[]> {
  const rows = await db
    .selectFrom('deliveries')
    .select(['round', 'message_key', 'status', 'sent_at', 'last_error'])
    .where('enrollment_id', '=', enrollmentId)
    .orderBy('id', 'desc')
    .limit(100)
    .execute();
  return rows.map((row) => ({
    round: row.round,
    messageKey: row.message_key,
    status: row.status,
    sentAt: instant(row.sent_at),
    lastError: row.last_error,
  }));
}

export async function reflectionCountOf(db: Db, enrollmentId: number): Promise<number> {
  const row = await db
    .selectFrom('reflections')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('enrollment_id', '=', enrollmentId)
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

/** One row of `tend export`: the subscriber's settings and counts, never what they wrote. */
export interface ExportRow {
  id: number;
  email: string;
  name: string | null;
  role: string | null;
  timezone: string;
  send_time: string;
  course_id: string;
  status: string;
  created_at: string;
  confirmed_at: string | null;
  lessons_sent: number;
  reflections: number;
}

/**
 * A page of subscribers after `afterId`, in id order (keyset paging: an export of a million
 * rows never holds more than a page). Lessons sent counts the current round.
 */
export async function exportPage(db: Db, afterId: number, limit: number): Promise<ExportRow[]> {
  const { rows } = await sql<ExportRow>`
    SELECT s.id, p.email, p.name, s.course_id, s.role, s.timezone, s.send_time, s.status,
      s.created_at, s.confirmed_at,
      (SELECT COUNT(*) FROM deliveries d
        WHERE d.enrollment_id = s.id AND d.round = s.round AND d.message_key LIKE 'lesson:%'
          AND d.sent_at IS NOT NULL) AS lessons_sent,
      (SELECT COUNT(*) FROM reflections r WHERE r.enrollment_id = s.id) AS reflections
    FROM enrollments s JOIN subscribers p ON p.id = s.subscriber_id
    WHERE s.id > ${afterId}
    ORDER BY s.id
    LIMIT ${limit}`.execute(db);
  return rows.map((row) => ({
    ...row,
    lessons_sent: Number(row.lessons_sent),
    reflections: Number(row.reflections),
  }));
}
