import { sql } from 'kysely';
import type { Db } from './database.ts';
import type { SubscriberRow } from './schema.ts';
import { addressKey, MAX_IDS_PER_STATEMENT } from './subscribers.ts';

/**
 * What the API reads and writes of subscribers, kept apart so that the split of a person
 * from their enrollments changes these few queries and nothing in src/api/.
 */

/** Subscribers after `afterId` in id order, `limit` of them, maybe only one address. */
export function subscriberPage(
  db: Db,
  options: { afterId: number; limit: number; email?: string },
): Promise<SubscriberRow[]> {
  return db
    .selectFrom('subscribers')
    .selectAll()
    .where('id', '>', options.afterId)
    .$if(options.email !== undefined, (qb) =>
      qb.where(sql`lower(email)`, '=', addressKey(options.email ?? '')),
    )
    .orderBy('id')
    .limit(options.limit)
    .execute();
}

/** Lessons sent in each subscriber's current round, by subscriber id. */
export async function lessonsSentOf(
  db: Db,
  subscribers: readonly Pick<SubscriberRow, 'id' | 'round'>[],
): Promise<Map<number, number>> {
  const counts = new Map<number, number>();
  for (let start = 0; start < subscribers.length; start += MAX_IDS_PER_STATEMENT) {
    const chunk = subscribers.slice(start, start + MAX_IDS_PER_STATEMENT);
    const rows = await db
      .selectFrom('deliveries')
      .innerJoin('subscribers', 'subscribers.id', 'deliveries.subscriber_id')
      .select((eb) => ['deliveries.subscriber_id as id', eb.fn.countAll<number>().as('sent')])
      .where(
        'deliveries.subscriber_id',
        'in',
        chunk.map((s) => s.id),
      )
      .whereRef('deliveries.round', '=', 'subscribers.round')
      .where('deliveries.message_key', 'like', 'lesson:%')
      .where('deliveries.sent_at', 'is not', null)
      .groupBy('deliveries.subscriber_id')
      .execute();
    for (const row of rows) counts.set(row.id, Number(row.sent));
  }
  return counts;
}

/** The source of consent given elsewhere, by subscriber id (absent: our confirmation link). */
export async function consentSourcesOf(
  db: Db,
  ids: readonly number[],
): Promise<Map<number, string>> {
  const sources = new Map<number, string>();
  for (let start = 0; start < ids.length; start += MAX_IDS_PER_STATEMENT) {
    const rows = await db
      .selectFrom('consent_records')
      .select(['subscriber_id', 'source'])
      .where('subscriber_id', 'in', ids.slice(start, start + MAX_IDS_PER_STATEMENT))
      .execute();
    for (const row of rows) sources.set(row.subscriber_id, row.source);
  }
  return sources;
}

/**
 * Adds a subscriber who consented elsewhere, started as a confirmation starts one (round 1
 * at the welcome, due now), unless the address is already there: then nothing changes and
 * undefined comes back. The consent record follows; a crash between the two leaves an
 * active subscriber without it, which reads as consent by our own link, never the reverse.
 */
export async function insertConfirmedSubscriber(
  db: Db,
  row: {
    email: string;
    name: string | null;
    role: SubscriberRow['role'];
    timezone: string;
    sendTime: string;
    discreet: boolean;
    courseId: string;
    source: string;
    now: string;
  },
): Promise<number | undefined> {
  const inserted = await db
    .insertInto('subscribers')
    .values({
      email: row.email,
      name: row.name,
      role: row.role,
      timezone: row.timezone,
      send_time: row.sendTime,
      discreet: row.discreet ? 1 : 0,
      course_id: row.courseId,
      status: 'active',
      round: 1,
      next_step: 0,
      next_send_at: row.now,
      created_at: row.now,
      confirmed_at: row.now,
      updated_at: row.now,
    })
    .onConflict((oc) => oc.doNothing())
    .returning('id')
    .executeTakeFirst();
  if (!inserted) return undefined;
  await db
    .insertInto('consent_records')
    .values({
      subscriber_id: inserted.id,
      course_id: row.courseId,
      source: row.source,
      recorded_at: row.now,
    })
    .onConflict((oc) => oc.doNothing())
    .execute();
  return inserted.id;
}

/** Subscribers by course and status, for the API's per-course stats. */
export async function subscriberCountsByCourse(
  db: Db,
): Promise<{ course: string; status: SubscriberRow['status']; count: number }[]> {
  const rows = await db
    .selectFrom('subscribers')
    .select((eb) => ['course_id', 'status', eb.fn.countAll<number>().as('count')])
    .groupBy(['course_id', 'status'])
    .execute();
  return rows.map((row) => ({
    course: row.course_id,
    status: row.status,
    count: Number(row.count),
  }));
}
