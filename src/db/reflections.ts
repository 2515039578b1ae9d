import { sql } from 'kysely';
import type { Reflection } from '../reflections/reflection.ts';
import type { Db } from './database.ts';
import { toReflection } from './delivery-mapping.ts';
import type { ReflectionSource } from './schema.ts';

export interface NewReflection {
  enrollmentId: number;
  deliveryId: number;
  messageKey: string;
  source: ReflectionSource;
  ciphertext: string;
  inboundId?: string;
  now: string;
  /** Shared with the partner (couples mode): a reply by email is written unshared. */
  shared?: boolean;
}

/** Stores a reply; a provider event delivered twice (same inbound id) is stored once. */
export async function insertEmailReflection(db: Db, row: NewReflection): Promise<boolean> {
  const result = await db
    .insertInto('reflections')
    .values({
      enrollment_id: row.enrollmentId,
      delivery_id: row.deliveryId,
      message_key: row.messageKey,
      source: 'email',
      ciphertext: row.ciphertext,
      inbound_id: row.inboundId ?? null,
      created_at: row.now,
      updated_at: row.now,
    })
    .onConflict((oc) => oc.column('inbound_id').doNothing())
    .executeTakeFirst();
  return (result.numInsertedOrUpdatedRows ?? 0n) > 0n;
}

/** Writes or replaces the one reflection written on the web for a delivery. */
export async function upsertWebReflection(db: Db, row: NewReflection): Promise<void> {
  await db
    .insertInto('reflections')
    .values({
      enrollment_id: row.enrollmentId,
      delivery_id: row.deliveryId,
      message_key: row.messageKey,
      source: 'web',
      ciphertext: row.ciphertext,
      inbound_id: null,
      created_at: row.now,
      updated_at: row.now,
      shared: row.shared ? 1 : 0,
    })
    .onConflict((oc) =>
      oc
        .column('delivery_id')
        // A literal, not a bound parameter: SQLite matches the partial index only that way.
        .where('source', '=', sql.lit('web'))
        .doUpdateSet({
          ciphertext: row.ciphertext,
          updated_at: row.now,
          shared: row.shared ? 1 : 0,
        }),
    )
    .execute();
}

/**
 * Shares (or stops sharing) a reply by email on one delivery with the partner. The reply is
 * named by its id and the delivery whose page asks, so a page can change only its own.
 * True when there was such a reply.
 */
export async function setReplyShared(
  db: Db,
  row: { id: number; deliveryId: number; shared: boolean },
): Promise<boolean> {
  // Not an edit of the text: updated_at stays as it was.
  const result = await db
    .updateTable('reflections')
    .set({ shared: row.shared ? 1 : 0 })
    .where('id', '=', row.id)
    .where('delivery_id', '=', row.deliveryId)
    .where('source', '=', 'email')
    .executeTakeFirst();
  return (result.numUpdatedRows ?? 0n) > 0n;
}

export async function deleteWebReflection(db: Db, deliveryId: number): Promise<void> {
  await db
    .deleteFrom('reflections')
    .where('delivery_id', '=', deliveryId)
    .where('source', '=', 'web')
    .execute();
}

/** All of a subscriber's reflections, in the order they were written. */
export async function reflectionsOf(db: Db, enrollmentId: number): Promise<Reflection[]> {
  const rows = await db
    .selectFrom('reflections')
    .selectAll()
    .where('enrollment_id', '=', enrollmentId)
    .orderBy('id')
    .execute();
  return rows.map(toReflection);
}

export async function reflectionsOfDelivery(db: Db, deliveryId: number): Promise<Reflection[]> {
  const rows = await db
    .selectFrom('reflections')
    .selectAll()
    .where('delivery_id', '=', deliveryId)
    .orderBy('id')
    .execute();
  return rows.map(toReflection);
}

/** A page of every reflection's sealed text, by id after `afterId`: key rotation walks them. */
export function reflectionCiphertextPage(db: Db, afterId: number, limit: number) {
  return db
    .selectFrom('reflections')
    .select(['id', 'enrollment_id', 'delivery_id', 'ciphertext'])
    .where('id', '>', afterId)
    .orderBy('id')
    .limit(limit)
    .execute();
}

/**
 * Replaces one reflection's sealed text in place, only if it still holds `previous`: an edit
 * made meanwhile (already under the current key) is kept. True when the row was rewritten.
 */
export async function resealReflection(
  db: Db,
  row: { id: number; previous: string; ciphertext: string },
): Promise<boolean> {
  const result = await db
    .updateTable('reflections')
    .set({ ciphertext: row.ciphertext })
    .where('id', '=', row.id)
    .where('ciphertext', '=', row.previous)
    .executeTakeFirst();
  return (result.numUpdatedRows ?? 0n) > 0n;
}
