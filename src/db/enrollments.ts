import { sql } from 'kysely';
import type { Enrollment, EnrollmentChange } from '../subscribers/enrollment.ts';
import type { Db } from './database.ts';
import { ROWS_PER_STATEMENT } from './deliveries.ts';
import { enrollmentColumns, isoColumn, parseWeekdays, toEnrollment } from './enrollment-mapping.ts';
import type { SignupProfile } from './pending-signups.ts';
import { prepared } from './prepared.ts';
import type { EnrollmentStatus, NewEnrollment } from './schema.ts';
import { addressKey } from './subscribers.ts';

/**
 * Enrollments with their person's address and name: every read of an enrollment that mail or
 * a page will use goes through here, and leaves as an Enrollment (toEnrollment).
 */
function withPerson(db: Db) {
  return db
    .selectFrom('enrollments')
    .innerJoin('subscribers', 'subscribers.id', 'enrollments.subscriber_id')
    .selectAll('enrollments')
    .select(['subscribers.email', 'subscribers.name']);
}

export async function findEnrollment(db: Db, id: number): Promise<Enrollment | undefined> {
  const row = await withPerson(db).where('enrollments.id', '=', id).executeTakeFirst();
  return row && toEnrollment(row);
}

/** A person's enrollments, in the order they signed up. */
export async function enrollmentsOf(db: Db, subscriberId: number): Promise<Enrollment[]> {
  const rows = await withPerson(db)
    .where('enrollments.subscriber_id', '=', subscriberId)
    .orderBy('enrollments.id')
    .execute();
  return rows.map(toEnrollment);
}

/** The enrollment of an address (any letter case) in a course. */
export async function findEnrollmentByEmail(
  db: Db,
  email: string,
  courseId: string,
): Promise<Enrollment | undefined> {
  const row = await withPerson(db)
    .where(sql`lower(subscribers.email)`, '=', addressKey(email))
    .where('enrollments.course_id', '=', courseId)
    .executeTakeFirst();
  return row && toEnrollment(row);
}

/** Below D1's 100 bound parameters, leaving room for a query's other conditions. */
export const MAX_IDS_PER_STATEMENT = 90;

/**
 * Enrollments by id, in chunks: D1 binds at most 100 parameters per statement, and an IN
 * list binds one per id.
 */
export async function enrollmentsByIds(db: Db, ids: readonly number[]): Promise<Enrollment[]> {
  const unique = [...new Set(ids)];
  const found: Enrollment[] = [];
  for (let start = 0; start < unique.length; start += MAX_IDS_PER_STATEMENT) {
    const chunk = unique.slice(start, start + MAX_IDS_PER_STATEMENT);
    const rows = await withPerson(db).where('enrollments.id', 'in', chunk).execute();
    found.push(...rows.map(toEnrollment));
  }
  return found;
}

/** The columns a signup writes for a new enrollment; the others keep their defaults. */
const SIGNUP_COLUMNS = [
  'subscriber_id',
  'course_id',
  'role',
  'timezone',
  'send_time',
  'send_days',
  'discreet',
  'status',
  'next_send_at',
  'paused_until',
  'stop_reason',
  'created_at',
  'confirmed_at',
  'unsubscribed_at',
  'updated_at',
] as const satisfies readonly (keyof NewEnrollment)[];

export type SignupEnrollment = {
  readonly [Column in (typeof SIGNUP_COLUMNS)[number]]-?: Exclude<NewEnrollment[Column], undefined>;
};

const insertIfNew = prepared(SIGNUP_COLUMNS, (db, row) =>
  db
    .insertInto('enrollments')
    .values(row)
    // The conflict that matters: UNIQUE (subscriber_id, course_id).
    .onConflict((oc) => oc.doNothing())
    .returning('id'),
);

/**
 * Enrolls a person in a course unless they already are: one statement, which also tells a
 * new enrollment from a known one (the id, or undefined). A signup's fast path.
 */
export async function insertEnrollmentIfNew(
  db: Db,
  row: SignupEnrollment,
): Promise<number | undefined> {
  const { rows } = await insertIfNew(db, row);
  return rows[0]?.id;
}

/** Updates an enrollment only while it is in one of `from`; says whether it was. */
export async function updateEnrollmentIfStatus(
  db: Db,
  id: number,
  from: readonly EnrollmentStatus[],
  change: EnrollmentChange,
): Promise<boolean> {
  const result = await db
    .updateTable('enrollments')
    .set(enrollmentColumns(change))
    .where('id', '=', id)
    .where('status', 'in', from)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/**
 * Confirms a pending subscriber and starts a new round at the welcome email (step 0), due
 * at once, with the profile its confirmation's signup gave, if any. One write: the planner
 * does the rest, so a crash here leaves nothing half done.
 */
export function activateEnrollment(
  db: Db,
  id: number,
  now: string,
  profile?: SignupProfile,
): Promise<boolean> {
  const { name, ...place } = profile ?? {};
  return db
    .updateTable('enrollments')
    .set((eb) => ({
      ...place,
      status: 'active',
      round: eb('round', '+', 1),
      next_step: 0,
      next_send_at: now,
      confirmed_at: now,
      stop_reason: null,
      unsubscribed_at: null,
      updated_at: now,
    }))
    .where('id', '=', id)
    .where('status', '=', 'pending')
    .executeTakeFirst()
    .then(async (result) => {
      const activated = result.numUpdatedRows > 0n;
      // The name a signup gave is the person's: kept only when a name was given.
      if (activated && name) await renameSubscriberOf(db, id, name, now);
      return activated;
    });
}

async function renameSubscriberOf(db: Db, enrollmentId: number, name: string, now: string) {
  await db
    .updateTable('subscribers')
    .set({ name, updated_at: now })
    .where('id', '=', (eb) =>
      eb.selectFrom('enrollments').select('subscriber_id').where('id', '=', enrollmentId),
    )
    .execute();
}

/**
 * One of `count` disjoint slices of the subscribers (by id), so that several planning runs
 * can work through one large due list side by side without competing for the same rows.
 */
export interface Shard {
  readonly index: number;
  readonly count: number;
}

/** What planning a subscriber's next course message needs, and no more (a page is 500 rows). */
export type DueEnrollment = Pick<
  Enrollment,
  'id' | 'courseId' | 'round' | 'nextStep' | 'sendTime' | 'timezone' | 'sendDays'
>;

/** Active enrollments whose next course message is due, oldest first. */
export async function dueEnrollments(
  db: Db,
  options: { now: string; limit: number; enrollmentId?: number; shard?: Shard },
): Promise<DueEnrollment[]> {
  const { shard } = options;
  const rows = await db
    .selectFrom('enrollments')
    .select(['id', 'course_id', 'round', 'next_step', 'send_time', 'timezone', 'send_days'])
    .where('status', '=', 'active')
    .where('next_send_at', '<=', options.now)
    .$if(options.enrollmentId !== undefined, (qb) => qb.where('id', '=', options.enrollmentId ?? 0))
    .$if(shard !== undefined, (qb) =>
      qb.where(sql<number>`id % ${shard?.count ?? 1}`, '=', shard?.index ?? 0),
    )
    .orderBy('next_send_at')
    .orderBy('id')
    .limit(options.limit)
    .execute();
  return rows.map((row) => ({
    id: row.id,
    courseId: row.course_id,
    round: row.round,
    nextStep: row.next_step,
    sendTime: row.send_time,
    timezone: row.timezone,
    sendDays: parseWeekdays(row.send_days),
  }));
}

/** How many active enrollments have a course message due by `now`. */
export async function countDueEnrollments(db: Db, now: string): Promise<number> {
  const row = await db
    .selectFrom('enrollments')
    .select((eb) => eb.fn.countAll<number>().as('due'))
    .where('status', '=', 'active')
    .where('next_send_at', '<=', now)
    .executeTakeFirstOrThrow();
  return Number(row.due);
}

/** One subscriber moving past `fromStep` (see advanceSubscribers). */
export interface Advance {
  readonly id: number;
  readonly round: number;
  readonly fromStep: number;
  readonly step: number;
  readonly sendAt: string | null;
  readonly status: EnrollmentStatus;
}

/**
 * Moves subscribers past their step, each only if nobody else already did: a compare and set
 * on round, step and status per row, so an overlapping pass cannot advance anyone twice. In
 * statements of ROWS_PER_STATEMENT rows; returns the ids that moved (the others were moved by
 * an overlapping pass, or left the course meanwhile).
 */
export async function advanceEnrollments(
  db: Db,
  advances: readonly Advance[],
  now: string,
): Promise<Set<number>> {
  const moved = new Set<number>();
  for (let start = 0; start < advances.length; start += ROWS_PER_STATEMENT) {
    const rows = advances
      .slice(start, start + ROWS_PER_STATEMENT)
      .map((a) => [a.id, a.round, a.fromStep, a.step, a.sendAt, a.status]);
    const result = await sql<{ id: number }>`
      UPDATE enrollments
      SET next_step = json_extract(next.value, '$[3]'),
          next_send_at = json_extract(next.value, '$[4]'),
          status = json_extract(next.value, '$[5]'),
          updated_at = ${now}
      FROM json_each(${JSON.stringify(rows)}) AS next
      WHERE enrollments.id = json_extract(next.value, '$[0]')
        AND enrollments.round = json_extract(next.value, '$[1]')
        AND enrollments.next_step = json_extract(next.value, '$[2]')
        AND enrollments.status = 'active'
      RETURNING enrollments.id AS id
    `.execute(db);
    for (const row of result.rows) moved.add(row.id);
  }
  return moved;
}

/**
 * Applies a change the subscriber asked for, unless the scheduler (or another request) moved
 * them since `before` was read: compare and set on everything a pass may change. The caller
 * re-reads and recomputes when this says false, so a change computed from a stale place in
 * the course is never written over a newer one.
 */
export async function updateEnrollmentIfUnchanged(
  db: Db,
  before: Pick<
    Enrollment,
    'id' | 'status' | 'round' | 'nextStep' | 'nextSendAt' | 'nextCheckinAt' | 'pausedUntil'
  >,
  change: EnrollmentChange,
): Promise<boolean> {
  const result = await db
    .updateTable('enrollments')
    .set(enrollmentColumns(change))
    .where('id', '=', before.id)
    .where('status', '=', before.status)
    .where('round', '=', before.round)
    .where('next_step', '=', before.nextStep)
    .where('next_send_at', 'is', isoColumn(before.nextSendAt))
    .where('next_checkin_at', 'is', isoColumn(before.nextCheckinAt))
    .where('paused_until', 'is', isoColumn(before.pausedUntil))
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** Subscribers whose break ended by `now`, oldest first (the scheduler resumes them). */
export async function endedBreaks(
  db: Db,
  options: { now: string; limit: number },
): Promise<Enrollment[]> {
  const rows = await withPerson(db)
    .where('enrollments.status', '=', 'paused')
    .where('enrollments.paused_until', 'is not', null)
    .where('enrollments.paused_until', '<=', options.now)
    .orderBy('enrollments.paused_until')
    .orderBy('enrollments.id')
    .limit(options.limit)
    .execute();
  return rows.map(toEnrollment);
}

/**
 * Subscribers with a check-in due: only while they get mail (active or completed; not while
 * paused, never after they left).
 */
export async function dueCheckins(
  db: Db,
  options: { now: string; limit: number; enrollmentId?: number },
): Promise<Enrollment[]> {
  const rows = await withPerson(db)
    .where('enrollments.status', 'in', ['active', 'completed'])
    .where('enrollments.checkin_days', '!=', '')
    .where('enrollments.next_checkin_at', '<=', options.now)
    .$if(options.enrollmentId !== undefined, (qb) =>
      qb.where('enrollments.id', '=', options.enrollmentId ?? 0),
    )
    .orderBy('enrollments.next_checkin_at')
    .orderBy('enrollments.id')
    .limit(options.limit)
    .execute();
  return rows.map(toEnrollment);
}

/** Moves a subscriber's next check-in on, if no other pass already did (compare and set). */
export async function advanceCheckin(
  db: Db,
  subscriber: Pick<Enrollment, 'id' | 'nextCheckinAt'>,
  next: { at: string | null; now: string },
): Promise<boolean> {
  const result = await db
    .updateTable('enrollments')
    .set({ next_checkin_at: next.at, updated_at: next.now })
    .where('id', '=', subscriber.id)
    .where('next_checkin_at', '=', isoColumn(subscriber.nextCheckinAt) ?? '')
    .where('status', 'in', ['active', 'completed'])
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}
