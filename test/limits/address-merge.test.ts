import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { readMigrations } from '../../src/db/sqlite.ts';
import { removeDir } from '../support/temp.ts';

const MIGRATION = '0007_limits_and_addresses.sql';
let dir: string | undefined;
afterEach(() => {
  if (dir) removeDir(dir);
});

/** A database with every migration before 0007 applied, as one left by an earlier release. */
function databaseBefore0007(): SQLite.Database {
  dir = mkdtempSync(join(tmpdir(), 'tend-merge-'));
  const db = new SQLite(join(dir, 'tend.db'));
  db.pragma('foreign_keys = ON');
  for (const migration of readMigrations().sort((a, b) => a.name.localeCompare(b.name))) {
    if (migration.name >= MIGRATION) break;
    db.exec(migration.sql);
  }
  return db;
}

const T = '2026-05-01T08:00:00.000Z';

function subscriber(
  db: SQLite.Database,
  row: { email: string; status: string; round: number; step: number },
): number {
  const result = db
    .prepare(
      `INSERT INTO subscribers (email, role, timezone, send_time, course_id, status, round,
         next_step, created_at, updated_at)
       VALUES (?, 'hurt', 'UTC', '08:00', 'rebuilding-trust', ?, ?, ?, ?, ?)`,
    )
    .run(row.email, row.status, row.round, row.step, T, T);
  return Number(result.lastInsertRowid);
}

function delivery(
  db: SQLite.Database,
  subscriberId: number,
  round: number,
  key: string,
  status = 'sent',
): number {
  const result = db
    .prepare(
      `INSERT INTO deliveries (subscriber_id, round, message_key, token_id, status, due_at,
         created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(subscriberId, round, key, `tok-${subscriberId}-${round}-${key}`, status, T, T, T);
  return Number(result.lastInsertRowid);
}

function reflection(
  db: SQLite.Database,
  subscriberId: number,
  deliveryId: number,
  key: string,
  source: 'email' | 'web',
  text: string,
) {
  db.prepare(
    `INSERT INTO reflections (subscriber_id, delivery_id, message_key, source, ciphertext,
       created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
  ).run(subscriberId, deliveryId, key, source, text, T, T);
}

describe(`migration ${MIGRATION}: one subscriber per address`, () => {
  it('merges case variants into the most advanced, keeping deliveries and reflections', () => {
    const db = databaseBefore0007();
    // The furthest along: lesson 3 sent, lesson 4 next.
    const winner = subscriber(db, {
      email: 'sam@example.com',
      status: 'active',
      round: 1,
      step: 4,
    });
    delivery(db, winner, 0, 'confirm:1');
    delivery(db, winner, 1, 'welcome');
    delivery(db, winner, 1, 'lesson:1');
    const lesson2 = delivery(db, winner, 1, 'lesson:2');
    const lesson3 = delivery(db, winner, 1, 'lesson:3');
    reflection(db, winner, lesson2, 'lesson:2', 'email', 'w-reply-2');
    reflection(db, winner, lesson3, 'lesson:3', 'web', 'w-web-3');

    // A pending duplicate: its first confirmation collides, its second is still queued.
    const pending = subscriber(db, {
      email: 'Sam@example.com',
      status: 'pending',
      round: 0,
      step: 0,
    });
    delivery(db, pending, 0, 'confirm:1');
    delivery(db, pending, 0, 'confirm:2', 'queued');

    // One who left after lesson 1, with a check-in and reflections of their own.
    const left = subscriber(db, {
      email: 'SAM@example.com',
      status: 'unsubscribed',
      round: 1,
      step: 2,
    });
    delivery(db, left, 1, 'welcome');
    const leftLesson1 = delivery(db, left, 1, 'lesson:1');
    const checkin = delivery(db, left, 1, 'checkin:2026-04-20');
    reflection(db, left, leftLesson1, 'lesson:1', 'email', 'l-reply-1');
    reflection(db, left, leftLesson1, 'lesson:1', 'web', 'l-web-1');
    reflection(db, left, checkin, 'checkin:2026-04-20', 'email', 'l-checkin');

    const other = subscriber(db, {
      email: 'other@example.com',
      status: 'active',
      round: 1,
      step: 2,
    });
    delivery(db, other, 1, 'welcome');

    db.exec(readMigrations().find((m) => m.name === MIGRATION)?.sql ?? '');

    const subscribers = db.prepare('SELECT id, email, status FROM subscribers ORDER BY id').all();
    expect(subscribers).toEqual([
      { id: winner, email: 'sam@example.com', status: 'active' },
      { id: other, email: 'other@example.com', status: 'active' },
    ]);
    const deliveries = db
      .prepare(
        'SELECT round, message_key AS key, status FROM deliveries WHERE subscriber_id = ? ORDER BY round, message_key',
      )
      .all(winner);
    expect(deliveries).toEqual([
      { round: 0, key: 'confirm:1', status: 'sent' },
      // Moved, and not mailed: it was still waiting.
      { round: 0, key: 'confirm:2', status: 'cancelled' },
      { round: 1, key: 'checkin:2026-04-20', status: 'sent' },
      { round: 1, key: 'lesson:1', status: 'sent' },
      { round: 1, key: 'lesson:2', status: 'sent' },
      { round: 1, key: 'lesson:3', status: 'sent' },
      { round: 1, key: 'welcome', status: 'sent' },
    ]);
    const reflections = db
      .prepare(
        `SELECT r.ciphertext AS text, r.source, d.message_key AS key, d.subscriber_id AS owner
         FROM reflections r JOIN deliveries d ON d.id = r.delivery_id ORDER BY r.ciphertext`,
      )
      .all();
    expect(reflections).toEqual([
      { text: 'l-checkin', source: 'email', key: 'checkin:2026-04-20', owner: winner },
      { text: 'l-reply-1', source: 'email', key: 'lesson:1', owner: winner },
      { text: 'l-web-1', source: 'web', key: 'lesson:1', owner: winner },
      { text: 'w-reply-2', source: 'email', key: 'lesson:2', owner: winner },
      { text: 'w-web-3', source: 'web', key: 'lesson:3', owner: winner },
    ]);
    expect(
      db.prepare('SELECT count(*) AS n FROM reflections WHERE subscriber_id != ?').get(winner),
    ).toEqual({ n: 0 });
    expect(
      db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 'merge_0007'").get(),
    ).toEqual({ n: 0 });

    // From now on the database itself refuses a second letter case.
    expect(() =>
      subscriber(db, { email: 'sAm@example.com', status: 'pending', round: 0, step: 0 }),
    ).toThrow(/UNIQUE/);
    db.close();
  });

  it('changes nothing on a database without variants', () => {
    const db = databaseBefore0007();
    const a = subscriber(db, { email: 'a@example.com', status: 'active', round: 1, step: 3 });
    delivery(db, a, 1, 'welcome', 'queued');
    db.exec(readMigrations().find((m) => m.name === MIGRATION)?.sql ?? '');
    expect(db.prepare('SELECT status FROM deliveries').all()).toEqual([{ status: 'queued' }]);
    expect(db.prepare('SELECT email FROM subscribers').all()).toEqual([{ email: 'a@example.com' }]);
    db.close();
  });
});
