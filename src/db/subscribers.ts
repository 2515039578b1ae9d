import type { Db } from './database.ts';
import type { NewSubscriber, SubscriberRow, SubscriberStatus, SubscriberUpdate } from './schema.ts';

/** Statuses whose owner has confirmed and not left: a new signup changes nothing for them. */
export const ENROLLED: readonly SubscriberStatus[] = ['active', 'paused', 'completed'];

export function findSubscriberByEmail(db: Db, email: string): Promise<SubscriberRow | undefined> {
  return db.selectFrom('subscribers').selectAll().where('email', '=', email).executeTakeFirst();
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

export async function insertSubscriber(db: Db, row: NewSubscriber): Promise<number> {
  const inserted = await db
    .insertInto('subscribers')
    .values(row)
    .onConflict((oc) => oc.column('email').doNothing())
    .returning('id')
    .executeTakeFirst();
  if (inserted) return inserted.id;
  // Two signups for one new address raced; the other one created the row.
  const existing = await findSubscriberByEmail(db, row.email);
  if (!existing) throw new Error('subscriber vanished during signup');
  return existing.id;
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
 * at once. One write: the planner does the rest, so a crash here leaves nothing half done.
 */
export function activateSubscriber(db: Db, id: number, now: string): Promise<boolean> {
  return db
    .updateTable('subscribers')
    .set((eb) => ({
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

/** Active subscribers whose next course message is due, oldest first. */
export function dueSubscribers(
  db: Db,
  options: { now: string; limit: number; subscriberId?: number },
): Promise<SubscriberRow[]> {
  return db
    .selectFrom('subscribers')
    .selectAll()
    .where('status', '=', 'active')
    .where('next_send_at', '<=', options.now)
    .$if(options.subscriberId !== undefined, (qb) => qb.where('id', '=', options.subscriberId ?? 0))
    .orderBy('next_send_at')
    .orderBy('id')
    .limit(options.limit)
    .execute();
}

/**
 * Moves a subscriber past `step`, if nobody else already did (compare and set on round and
 * step, so an overlapping tick cannot advance twice).
 */
export async function advanceSubscriber(
  db: Db,
  subscriber: Pick<SubscriberRow, 'id' | 'round' | 'next_step'>,
  next: { step: number; sendAt: string | null; status: SubscriberStatus; now: string },
): Promise<boolean> {
  const result = await db
    .updateTable('subscribers')
    .set({
      next_step: next.step,
      next_send_at: next.sendAt,
      status: next.status,
      updated_at: next.now,
    })
    .where('id', '=', subscriber.id)
    .where('round', '=', subscriber.round)
    .where('next_step', '=', subscriber.next_step)
    .where('status', '=', 'active')
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}
