import { sql } from 'kysely';
import type { Db } from './database.ts';

/** Throws unless the database answers a query on its main table (GET /healthz). */
export async function checkDatabase(db: Db): Promise<void> {
  await sql`SELECT 1 FROM subscribers LIMIT 1`.execute(db);
}
