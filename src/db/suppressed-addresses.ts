import type { Db } from './database.ts';
import { prepared } from './prepared.ts';

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

const findHash = prepared(['hash'], (db, { hash }) =>
  db.selectFrom('suppressed_addresses').select('email_hash').where('email_hash', '=', hash),
);

export async function isAddressHashSuppressed(db: Db, hash: string): Promise<boolean> {
  const { rows } = await findHash(db, { hash });
  return rows.length > 0;
}
