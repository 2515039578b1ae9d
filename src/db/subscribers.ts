import { sql } from 'kysely';
import type { Db } from './database.ts';
import { ROWS_PER_STATEMENT } from './deliveries.ts';
import type { SignupProfile } from './pending-signups.ts';
import { prepared } from './prepared.ts';
import type { NewSubscriber, SubscriberRow, SubscriberStatus, SubscriberUpdate } from './schema.ts';

/** Statuses whose owner has confirmed and not left: a new signup changes nothing for them. */
export const ENROLLED: readonly SubscriberStatus[] = ['active', 'paused', 'completed'];

/**
 * An address as subscribers are told apart: lower-cased, as SQLite's lower() does it (ASCII
 * letters only, all an accepted address holds). The unique index on lower(email) keeps one
 * subscriber per address whatever the case (migration 0007).
 */
export function addressKey(email: string): string {
  return email.replace(/[A-Z]+/g, (letters) => letters.toLowerCase());
}

const byAddress = prepared(['key'], (db, { key }) =>
  db.selectFrom('subscribers').selectAll().where(sql`lower(email)`, '=', key),
);

/** The subscriber with this address, in any letter case. */
export async function findSubscriberByEmail(
  db: Db,
  email: string,
): Promise<SubscriberRow | undefined> {
  const { rows } = await byAddress(db, { key: addressKey(email) });
  return rows[0];
}

export function findSubscriber(db: Db, id: number): Promise<SubscriberRow | undefined> {
  return db.selectFrom('subscribers').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Below D1's 100 bound parameters, leaving room for a query's other conditions. */
export const MAX_IDS_PER_STATEMENT = 90;

/**
 * Subscribers by id, in chunks: D1 binds at most 100 parameters per statement, and an IN
 * list binds one per id.
 */
export async function subscribersByIds(db: Db, ids: readonly number[]): Promise<SubscriberRow[]> {
  const unique = [...new Set(ids)];
  const rows: SubscriberRow[] = [];
  for (let start = 0; start < unique.length; start += MAX_IDS_PER_STATEMENT) {
    const chunk = unique.slice(start, start + MAX_IDS_PER_STATEMENT);
    rows.push(
      ...(await db.selectFrom('subscribers').selectAll().where('id', 'in', chunk).execute()),
    );
  }
  return rows;
}

/** The columns a signup writes for a new address; the others keep their defaults. */
const SIGNUP_COLUMNS = [
  'email',
  'name',
  'role',
  'timezone',
  'send_time',
  'send_days',
  'discreet',
  'course_id',
  'status',
  'next_send_at',
  'paused_until',
  'stop_reason',
  'created_at',
  'confirmed_at',
  'unsubscribed_at',
  'updated_at',
] as const satisfies readonly (keyof NewSubscriber)[];

export type SignupSubscriber = {
  readonly [Column in (typeof SIGNUP_COLUMNS)[number]]-?: Exclude<NewSubscriber[Column], undefined>;
};

const insertIfNew = prepared(SIGNUP_COLUMNS, (db, row) =>
  db
    .insertInto('subscribers')
    .values(row)
    // Any conflict: the one that matters is the unique index on lower(email).
    .onConflict((oc) => oc.doNothing())
    .returning('id'),
);

/**
 * Inserts a subscriber unless the address is already there: one statement, which also tells
 * a new address from a known one (the id, or undefined). A signup's fast path.
 */
export async function insertSubscriberIfNew(
  db: Db,
  row: SignupSubscriber,
): Promise<number | undefined> {
  const { rows } = await insertIfNew(db, row);
  return rows[0]?.id;
}

/** Updates a subscriber only while it is in one of `from`; says whether it was. */
export async function updateSubscriberIfStatus(
  db: Db,
  id: number,
  from: readonly SubscriberStatus[],
  changes: SubscriberUpdate,
): Promise<boolean> {
  const result = await db
    .updateTable('subscribers')
    .set(changes)
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
export function activateSubscriber(
  db: Db,
  id: number,
  now: string,
  profile?: SignupProfile,
): Promise<boolean> {
  return db
    .updateTable('subscribers')
    .set((eb) => ({
      ...profile,
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
    .then((result) => result.numUpdatedRows > 0n);
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
export type DueSubscriber = Pick<
  SubscriberRow,
  'id' | 'course_id' | 'round' | 'next_step' | 'send_time' | 'timezone' | 'send_days'
>;

/** Active subscribers whose next course message is due, oldest first. */
export function dueSubscribers(
  db: Db,
  options: { now: string; limit: number; subscriberId?: number; shard?: Shard },
): Promise<DueSubscriber[]> {
  const { shard } = options;
  return db
    .selectFrom('subscribers')
    .select(['id', 'course_id', 'round', 'next_step', 'send_time', 'timezone', 'send_days'])
    .where('status', '=', 'active')
    .where('next_send_at', '<=', options.now)
    .$if(options.subscriberId !== undefined, (qb) => qb.where('id', '=', options.subscriberId ?? 0))
    .$if(shard !== undefined, (qb) =>
      qb.where(sql<number>`id % ${shard?.count ?? 1}`, '=', shard?.index ?? 0),
    )
    .orderBy('next_send_at')
    .orderBy('id')
    .limit(options.limit)
    .execute();
}

/** How many active subscribers have a course message due by `now`. */
export async function countDueSubscribers(db: Db, now: string): Promise<number> {
  const row = await db
    .selectFrom('subscribers')
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
  readonly status: SubscriberStatus;
}

/**
 * Moves subscribers past their step, each only if nobody else already did: a compare and set
 * on round, step and status per row, so an overlapping pass cannot advance anyone twice. In
 * statements of ROWS_PER_STATEMENT rows; returns the ids that moved (the others were moved by
 * an overlapping pass, or left the course meanwhile).
 */
export async function advanceSubscribers(
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
      UPDATE subscribers
      SET next_step = json_extract(next.value, '$[3]'),
          next_send_at = json_extract(next.value, '$[4]'),
          status = json_extract(next.value, '$[5]'),
          updated_at = ${now}
      FROM json_each(${JSON.stringify(rows)}) AS next
      WHERE subscribers.id = json_extract(next.value, '$[0]')
        AND subscribers.round = json_extract(next.value, '$[1]')
        AND subscribers.next_step = json_extract(next.value, '$[2]')
        AND subscribers.status = 'active'
      RETURNING subscribers.id AS id
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
export async function updateSubscriberIfUnchanged(
  db: Db,
  before: Pick<
    SubscriberRow,
    'id' | 'status' | 'round' | 'next_step' | 'next_send_at' | 'next_checkin_at' | 'paused_until'
  >,
  changes: SubscriberUpdate,
): Promise<boolean> {
  const result = await db
    .updateTable('subscribers')
    .set(changes)
    .where('id', '=', before.id)
    .where('status', '=', before.status)
    .where('round', '=', before.round)
    .where('next_step', '=', before.next_step)
    .where('next_send_at', 'is', before.next_send_at)
    .where('next_checkin_at', 'is', before.next_checkin_at)
    .where('paused_until', 'is', before.paused_until)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** Subscribers whose break ended by `now`, oldest first (the scheduler resumes them). */
export function endedBreaks(db: Db, options: { now: string; limit: number }) {
  return db
    .selectFrom('subscribers')
    .selectAll()
    .where('status', '=', 'paused')
    .where('paused_until', 'is not', null)
    .where('paused_until', '<=', options.now)
    .orderBy('paused_until')
    .orderBy('id')
    .limit(options.limit)
    .execute();
}

/**
 * Subscribers with a check-in due: only while they get mail (active or completed; not while
 * paused, never after they left).
 */
export function dueCheckins(
  db: Db,
  options: { now: string; limit: number; subscriberId?: number },
): Promise<SubscriberRow[]> {
  return db
    .selectFrom('subscribers')
    .selectAll()
    .where('status', 'in', ['active', 'completed'])
    .where('checkin_days', '!=', '')
    .where('next_checkin_at', '<=', options.now)
    .$if(options.subscriberId !== undefined, (qb) => qb.where('id', '=', options.subscriberId ?? 0))
    .orderBy('next_checkin_at')
    .orderBy('id')
    .limit(options.limit)
    .execute();
}

/** Moves a subscriber's next check-in on, if no other pass already did (compare and set). */
export async function advanceCheckin(
  db: Db,
  subscriber: Pick<SubscriberRow, 'id' | 'next_checkin_at'>,
  next: { at: string | null; now: string },
): Promise<boolean> {
  const result = await db
    .updateTable('subscribers')
    .set({ next_checkin_at: next.at, updated_at: next.now })
    .where('id', '=', subscriber.id)
    .where('next_checkin_at', '=', subscriber.next_checkin_at ?? '')
    .where('status', 'in', ['active', 'completed'])
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/**
 * Erases a subscriber: one statement, so it happens whole or not at all; their deliveries
 * and reflections go with it (ON DELETE CASCADE; foreign keys are on in src/db/sqlite.ts and
 * always on in D1).
 */
export async function deleteSubscriber(db: Db, id: number): Promise<void> {
  await db.deleteFrom('subscribers').where('id', '=', id).execute();
}

/**
 * After an erasure, moves the write-ahead log into the database file and empties it, so the
 * erased rows' old page images do not linger in the -wal file (with secure_delete on, see
 * src/db/sqlite.ts, the database file itself keeps no deleted content). SQLite only: D1
 * manages its own storage and refuses the pragma, which is fine, so a refusal is ignored.
 */
export async function scrubDeletedData(db: Db): Promise<void> {
  try {
    await sql`PRAGMA wal_checkpoint(TRUNCATE)`.execute(db);
  } catch {
    // Not SQLite (D1), or a reader holds the log open: the next checkpoint does it.
  }
}
