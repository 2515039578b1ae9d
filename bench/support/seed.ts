import SQLite from 'better-sqlite3';
import { openSqlite } from '../../src/db/sqlite.ts';

/**
 * Bulk seeding for benchmarks, straight into SQLite after the real migrations (what a large
 * import leaves behind), in set-based statements so that a million rows take seconds.
 */

const CHUNK = 100_000;

/** A fresh database with the real schema. */
export async function createDatabase(path: string): Promise<void> {
  const { close } = await openSqlite(path);
  await close();
}

function withSqlite<T>(path: string, work: (db: SQLite.Database) => T): T {
  const db = new SQLite(path);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    return work(db);
  } finally {
    db.close();
  }
}

/**
 * `count` people, each enrolled in the course, confirmed and active, whose lesson 1 is due at
 * `dueAt` (their welcome went out the day before), roles in rotation, UTC, 08:00. Each
 * enrollment has its person's id.
 */
export function seedDueSubscribers(path: string, count: number, dueAt: string): void {
  withSqlite(path, (db) => {
    const people = db.prepare(`
      INSERT INTO subscribers (id, email, name, created_at, updated_at)
      WITH RECURSIVE n(i) AS (SELECT CAST(@from AS INTEGER) UNION ALL SELECT i + 1 FROM n WHERE i + 1 < @to)
      SELECT i + 1, 'reader' || i || '@example.com', 'Reader ' || i, @dueAt, @dueAt
      FROM n`);
    const enrollments = db.prepare(`
      INSERT INTO enrollments (id, subscriber_id, course_id, role, timezone, send_time, status,
        round, next_step, next_send_at, created_at, confirmed_at, updated_at)
      SELECT id, id, 'rebuilding-trust',
        CASE id % 3 WHEN 1 THEN 'broke' WHEN 2 THEN 'hurt' ELSE 'together' END,
        'UTC', '08:00', 'active', 1, 1, @dueAt, @dueAt, @dueAt, @dueAt
      FROM subscribers WHERE id > @from AND id <= @to`);
    for (let from = 0; from < count; from += CHUNK) {
      const range = { from, to: Math.min(count, from + CHUNK), dueAt };
      db.transaction(() => {
        people.run(range);
        enrollments.run(range);
      })();
    }
  });
}

/**
 * `perSubscriber` queued course deliveries due at `dueAt` for every enrollment (lesson:1,
 * lesson:2, ...): a backlog of enrollments x perSubscriber rows.
 */
export function seedDueDeliveries(path: string, perSubscriber: number, dueAt: string): number {
  return withSqlite(path, (db) => {
    const insert = db.prepare(`
      INSERT INTO deliveries (enrollment_id, round, message_key, token_id, status, due_at,
        created_at, updated_at)
      SELECT e.id, e.round, 'lesson:' || CAST(@step AS INTEGER), 'bench' || CAST(@step AS INTEGER) || 'x' || e.id, 'queued',
        @dueAt, @dueAt, @dueAt
      FROM enrollments e ORDER BY e.id`);
    let rows = 0;
    for (let step = 1; step <= perSubscriber; step++) {
      rows += db.transaction(() => insert.run({ step, dueAt }).changes)();
    }
    return rows;
  });
}

/** How many deliveries are in each status. */
export function deliveryCounts(path: string): Record<string, number> {
  return withSqlite(path, (db) => {
    const rows = db
      .prepare('SELECT status, count(*) AS n FROM deliveries GROUP BY status')
      .all() as { status: string; n: number }[];
    return Object.fromEntries(rows.map((row) => [row.status, row.n]));
  });
}

/** How many deliveries exist: once it is the number of due subscribers, planning is over. */
export function deliveryTotal(path: string): number {
  return withSqlite(
    path,
    (db) => (db.prepare('SELECT count(*) AS n FROM deliveries').get() as { n: number }).n,
  );
}

/**
 * `count` people who each signed up for the course at `at` and were sent their confirmation
 * (confirm:1, round 0, sent): what a burst of signups leaves for their owners to confirm.
 * Returns each one's address and confirmation token id.
 */
export function seedPendingSubscribers(
  path: string,
  count: number,
  at: string,
  tokenId: () => string,
): { email: string; tokenId: string }[] {
  return withSqlite(path, (db) => {
    const person = db.prepare(`
      INSERT INTO subscribers (email, name, created_at, updated_at) VALUES (?, ?, ?, ?)
      RETURNING id`);
    const enrollment = db.prepare(`
      INSERT INTO enrollments (subscriber_id, course_id, role, timezone, send_time, status,
        created_at, updated_at)
      VALUES (?, 'rebuilding-trust', 'hurt', 'UTC', '08:00', 'pending', ?, ?)
      RETURNING id`);
    const confirmation = db.prepare(`
      INSERT INTO deliveries (enrollment_id, round, message_key, token_id, status, due_at,
        sent_at, created_at, updated_at)
      VALUES (?, 0, 'confirm:1', ?, 'sent', ?, ?, ?, ?)`);
    return db.transaction(() =>
      Array.from({ length: count }, (_, i) => {
        const email = `confirming${i}@example.com`;
        const { id: personId } = person.get(email, `Reader ${i}`, at, at) as { id: number };
        const { id } = enrollment.get(personId, at, at) as { id: number };
        const token = tokenId();
        confirmation.run(id, token, at, at, at, at);
        return { email, tokenId: token };
      }),
    )();
  });
}
