import type SQLite from 'better-sqlite3';
import type { SqliteDatabase, SqliteStatement } from 'kysely';

/**
 * better-sqlite3 behind Kysely, with prepared statements kept for reuse. Kysely prepares
 * every query anew, and preparing (planning) a statement costs about as much as running one
 * of Tend's: a signup runs a dozen, a sending run the same few for every batch. Keeps the
 * `size` most recently used SQL texts.
 *
 * Safe because Kysely runs one query at a time on its single SQLite connection (a stream
 * holds the connection until it ends), so a cached statement is never asked for while busy.
 */
export function withStatementCache(database: SQLite.Database, size = 200): SqliteDatabase {
  const statements = new Map<string, SqliteStatement>();
  return {
    close: () => database.close(),
    prepare(sql) {
      let statement = statements.get(sql);
      if (statement) {
        // Most recently used last, so that the first key is the one to drop.
        statements.delete(sql);
      } else {
        statement = database.prepare(sql);
        if (statements.size >= size) {
          const oldest = statements.keys().next().value;
          if (oldest !== undefined) statements.delete(oldest);
        }
      }
      statements.set(sql, statement);
      return statement;
    },
  };
}
