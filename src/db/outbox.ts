import type { Db } from './database.ts';
import type { OutboxRow } from './schema.ts';

/** Writes an outbox message; the same id twice keeps the first (a retried send). */
export async function insertOutboxMessage(db: Db, row: OutboxRow): Promise<void> {
  await db
    .insertInto('outbox')
    .values(row)
    .onConflict((oc) => oc.column('id').doNothing())
    .execute();
}

export function listOutboxMessages(db: Db, limit: number) {
  return db
    .selectFrom('outbox')
    .select(['id', 'recipient', 'subject', 'created_at'])
    .orderBy('created_at', 'desc')
    .limit(limit)
    .execute();
}

export async function findOutboxMessage(db: Db, id: string): Promise<string | undefined> {
  const row = await db.selectFrom('outbox').select('eml').where('id', '=', id).executeTakeFirst();
  return row?.eml;
}

/** Forgets the development outbox's copies of mail to an erased address. */
export async function deleteOutboxMessagesTo(db: Db, recipient: string): Promise<void> {
  await db.deleteFrom('outbox').where('recipient', '=', recipient).execute();
}

/** D1 takes at most 100 bound parameters a statement. */
const IDS_PER_DELETE = 90;

export async function deleteOutboxMessages(db: Db, ids: readonly string[]): Promise<void> {
  for (let start = 0; start < ids.length; start += IDS_PER_DELETE) {
    const chunk = ids.slice(start, start + IDS_PER_DELETE);
    await db.deleteFrom('outbox').where('id', 'in', chunk).execute();
  }
}
