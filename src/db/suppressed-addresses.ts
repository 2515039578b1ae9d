import type { Db } from './database.ts';

/**
 * Keyed one-way hashes of addresses erased after they had left (unsubscribed, bounced,
 * complained): enough to refuse the address later, not enough to recover it.
 */
export async function suppressAddressHash(
  db: Db,
  row: { hash: string; reason: string; now: string },
): Promise<void> {
  await db
    .insertInto('suppressed_addresses')
    .values({ email_hash: row.hash, reason: row.reason, created_at: row.now })
    .onConflict((oc) => oc.column('email_hash').doNothing())
    .execute();
}

export async function isAddressHashSuppressed(db: Db, hash: string): Promise<boolean> {
  const row = await db
    .selectFrom('suppressed_addresses')
    .select('email_hash')
    .where('email_hash', '=', hash)
    .executeTakeFirst();
  return row !== undefined;
}
