import { sql } from 'kysely';
import type { Db } from './database.ts';

export interface Migration {
  name: string;
  sql: string;
}

/**
 * Applies SQL migrations in name order, recording them in `d1_migrations`, the table that
 * `wrangler d1 migrations apply` keeps, so both runtimes agree on what has been applied.
 */
export async function applyMigrations(
  db: Db,
  migrations: readonly Migration[],
  runScript: (script: string) => Promise<void>,
): Promise<string[]> {
  await sql`CREATE TABLE IF NOT EXISTS d1_migrations (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT UNIQUE,
    applied_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP
  )`.execute(db);
  const done = await sql<{ name: string }>`SELECT name FROM d1_migrations`.execute(db);
  const applied = new Set(done.rows.map((row) => row.name));
  const ran: string[] = [];
  for (const migration of [...migrations].sort((a, b) => a.name.localeCompare(b.name))) {
    if (applied.has(migration.name)) continue;
    await runScript(
      `BEGIN;\n${migration.sql}\nINSERT INTO d1_migrations (name) VALUES ('${migration.name.replaceAll("'", "''")}');\nCOMMIT;`,
    );
    ran.push(migration.name);
  }
  return ran;
}
