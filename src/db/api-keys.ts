import type { Db } from './database.ts';

export interface ApiKeyRecord {
  readonly id: number;
  readonly name: string;
  readonly prefix: string;
  readonly createdAt: string;
  readonly lastUsedAt: string | null;
  readonly revokedAt: string | null;
}

type ApiKeyColumns = {
  id: number;
  name: string;
  prefix: string;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
};

function record(row: ApiKeyColumns): ApiKeyRecord {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    createdAt: row.created_at,
    lastUsedAt: row.last_used_at,
    revokedAt: row.revoked_at,
  };
}

const COLUMNS = ['id', 'name', 'prefix', 'created_at', 'last_used_at', 'revoked_at'] as const;

/** Stores a new key's hash; undefined when a live key already has that name. */
export async function insertApiKey(
  db: Db,
  key: { name: string; hash: string; prefix: string; now: string },
): Promise<ApiKeyRecord | undefined> {
  const row = await db
    .insertInto('api_keys')
    .values({ name: key.name, key_hash: key.hash, prefix: key.prefix, created_at: key.now })
    .onConflict((oc) => oc.doNothing())
    .returning(COLUMNS)
    .executeTakeFirst();
  return row ? record(row) : undefined;
}

/**
 * The live key with this hash. One indexed lookup whatever the outcome: an unknown key and
 * a revoked one are told apart by nothing the caller can time.
 */
export async function findLiveApiKey(db: Db, hash: string): Promise<ApiKeyRecord | undefined> {
  const row = await db
    .selectFrom('api_keys')
    .select(COLUMNS)
    .where('key_hash', '=', hash)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return row ? record(row) : undefined;
}

/** Notes a key's use, at most once per `since` (a write per request would cost more). */
export async function touchApiKey(db: Db, id: number, now: string, since: string): Promise<void> {
  await db
    .updateTable('api_keys')
    .set({ last_used_at: now })
    .where('id', '=', id)
    .where((eb) => eb.or([eb('last_used_at', 'is', null), eb('last_used_at', '<', since)]))
    .execute();
}

/** Every key, live ones first, newest first. */
export async function listApiKeys(db: Db): Promise<ApiKeyRecord[]> {
  const rows = await db
    .selectFrom('api_keys')
    .select(COLUMNS)
    .orderBy((eb) => eb('revoked_at', 'is not', null))
    .orderBy('id', 'desc')
    .execute();
  return rows.map(record);
}

/** Revokes the live key of that name (or id); says whether there was one. */
export async function revokeApiKey(
  db: Db,
  which: { name: string } | { id: number },
  now: string,
): Promise<boolean> {
  const result = await db
    .updateTable('api_keys')
    .set({ revoked_at: now })
    .$if('name' in which, (qb) => qb.where('name', '=', 'name' in which ? which.name : ''))
    .$if('id' in which, (qb) => qb.where('id', '=', 'id' in which ? which.id : 0))
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}
