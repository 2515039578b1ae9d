import { closeSync, openSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { packageRoot } from '../node/paths.ts';
import type { Db } from './database.ts';
import { applyMigrations, type Migration } from './migrate.ts';
import type { Database } from './schema.ts';
import { withStatementCache } from './statement-cache.ts';

const MIGRATIONS_DIR = join(packageRoot(), 'src', 'db', 'migrations');

export function readMigrations(dir = MIGRATIONS_DIR): Migration[] {
  return readdirSync(dir)
    .filter((name) => name.endsWith('.sql'))
    .map((name) => ({ name, sql: readFileSync(join(dir, name), 'utf8') }));
}

/**
 * Opens (creating if needed) a SQLite database for the Node runtime and brings its schema
 * up to date. WAL with synchronous=NORMAL: durable across process crashes, and about four
 * times the commit rate of FULL on this class of machine.
 */
export async function openSqlite(path: string): Promise<{ db: Db; close: () => Promise<void> }> {
  // Created owner-only before SQLite opens it: SQLite gives the -wal and -shm files the
  // database file's permissions, and it holds addresses and (encrypted) journals.
  if (path !== ':memory:' && !path.startsWith('file:')) closeSync(openSync(path, 'a', 0o600));
  const sqlite = new SQLite(path);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  // Deleted rows are overwritten, not just unlinked: an erased subscriber must not survive in
  // free pages of the file (see src/subscribers/erase.ts).
  sqlite.pragma('secure_delete = ON');
  sqlite.pragma('busy_timeout = 5000');
  const db = new Kysely<Database>({
    dialect: new SqliteDialect({ database: withStatementCache(sqlite) }),
  });
  await applyMigrations(db, readMigrations(), async (script) => {
    sqlite.exec(script);
  });
  return { db, close: () => db.destroy() };
}
