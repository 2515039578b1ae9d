import SQLite from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.ts';
import { readMigrations } from '../../src/db/sqlite.ts';
import { tick } from '../../src/delivery/tick.ts';
import { ReflectionCipher } from '../../src/reflections/cipher.ts';
import { journalOf } from '../../src/reflections/journal.ts';
import { newTokenId, TokenSigner } from '../../src/tokens/token.ts';
import { TEST_SECRET, type TestDeps, testDeps } from '../support/deps.ts';
import { emailsTo } from '../support/flows.ts';

let deps: TestDeps | undefined;
afterEach(async () => {
  await deps?.close();
  deps = undefined;
});

const TOKEN_ID = newTokenId();
const NOW = '2026-12-03T10:00:00.000Z';

/**
 * The database of the release before enrollments: migrations 0001-0008 as they shipped, and
 * the rows that release wrote for a reader three lessons in, on a break, with check-ins and
 * an encrypted reflection, and a second reader who unsubscribed.
 */
function previousRelease(dbPath: string, reflection: string): void {
  const sqlite = new SQLite(dbPath);
  sqlite.pragma('foreign_keys = ON');
  sqlite.exec(`CREATE TABLE d1_migrations (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT UNIQUE,
    applied_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP)`);
  const old = readMigrations()
    .filter((m) => m.name < '0009')
    .sort((a, b) => a.name.localeCompare(b.name));
  expect(old.map((m) => m.name.slice(0, 4))).toEqual([
    '0001',
    '0002',
    '0003',
    '0004',
    '0005',
    '0006',
    '0007',
    '0008',
  ]);
  for (const migration of old) {
    sqlite.exec(migration.sql);
    sqlite.prepare('INSERT INTO d1_migrations (name) VALUES (?)').run(migration.name);
  }
  sqlite.exec(`
    INSERT INTO subscribers (id, email, name, role, timezone, send_time, send_days, discreet,
      course_id, status, round, next_step, next_send_at, paused_until, stop_reason, created_at,
      confirmed_at, unsubscribed_at, updated_at, checkin_days, checkin_time, next_checkin_at,
      acknowledge_replies)
    VALUES
      (7, 'Ann@Example.com', 'Ann', 'hurt', 'Europe/London', '07:30', '12345', 1,
       'rebuilding-trust', 'paused', 1, 4, NULL, '2026-12-05T07:30:00.000Z', NULL,
       '2026-11-28T09:00:00.000Z', '2026-11-28T09:05:00.000Z', NULL, '${NOW}', '7', '19:00',
       '2026-12-06T19:00:00.000Z', 0),
      (9, 'bo@example.com', NULL, NULL, 'UTC', '08:00', '1234567', 0,
       'rebuilding-trust', 'unsubscribed', 1, 2, NULL, NULL, 'one-click',
       '2026-11-20T09:00:00.000Z', '2026-11-20T09:01:00.000Z', '2026-11-22T10:00:00.000Z',
       '2026-11-22T10:00:00.000Z', '', '19:00', NULL, 1);
    INSERT INTO deliveries (id, subscriber_id, round, message_key, token_id, status, due_at,
      created_at, sent_at, updated_at)
    VALUES
      (10, 7, 1, 'welcome', 'welcome-token-id-000000000000000', 'delivered', '2026-11-28T09:05:00.000Z',
       '2026-11-28T09:05:00.000Z', '2026-11-28T09:05:01.000Z', '2026-11-28T09:05:01.000Z'),
      (12, 7, 1, 'lesson:2', '${TOKEN_ID}', 'delivered', '2026-11-30T07:30:00.000Z',
       '2026-11-30T07:30:00.000Z', '2026-11-30T07:30:02.000Z', '2026-11-30T07:30:02.000Z'),
      (13, 7, 1, 'lesson:3', 'lesson-three-token-00000000000000', 'sent', '2026-12-01T07:30:00.000Z',
       '2026-12-01T07:30:00.000Z', '2026-12-01T07:30:02.000Z', '2026-12-01T07:30:02.000Z'),
      (20, 9, 1, 'welcome', 'bo-welcome-token-0000000000000000', 'sent', '2026-11-20T09:01:00.000Z',
       '2026-11-20T09:01:00.000Z', '2026-11-20T09:01:01.000Z', '2026-11-20T09:01:01.000Z');
    INSERT INTO reflections (id, subscriber_id, delivery_id, message_key, source, ciphertext,
      created_at, updated_at)
    VALUES (3, 7, 12, 'lesson:2', 'web', '${reflection}', '${NOW}', '${NOW}');
    INSERT INTO delivery_events (svix_id, type, email_id, delivery_id, received_at)
    VALUES ('msg_1', 'email.delivered', 're_1', 12, '${NOW}');
  `);
  sqlite.close();
}

describe('upgrading a single-course database to enrollments (migration 0009)', () => {
  it('keeps every reader in their place, their journal readable and their links working', async () => {
    // Sealed as the old release did: its associated data named the subscriber, whose id the
    // enrollment keeps.
    const reflection = await new ReflectionCipher(TEST_SECRET).encrypt('what I wrote on day two', {
      enrollmentId: 7,
      deliveryId: 12,
    });
    // Tend opens the old file as an upgraded release would: 0009 and later run on it.
    deps = await testDeps({ start: NOW, prepare: (path) => previousRelease(path, reflection) });
    const people = await deps.db.selectFrom('subscribers').selectAll().orderBy('id').execute();
    expect(people.map((p) => [p.id, p.email, p.name])).toEqual([
      [7, 'Ann@Example.com', 'Ann'],
      [9, 'bo@example.com', null],
    ]);
    const ann = await deps.db
      .selectFrom('enrollments')
      .selectAll()
      .where('id', '=', 7)
      .executeTakeFirstOrThrow();
    expect(ann).toMatchObject({
      subscriber_id: 7,
      course_id: 'rebuilding-trust',
      role: 'hurt',
      timezone: 'Europe/London',
      send_time: '07:30',
      send_days: '12345',
      discreet: 1,
      status: 'paused',
      round: 1,
      next_step: 4,
      paused_until: '2026-12-05T07:30:00.000Z',
      checkin_days: '7',
      next_checkin_at: '2026-12-06T19:00:00.000Z',
      acknowledge_replies: 0,
    });
    const bo = await deps.db
      .selectFrom('enrollments')
      .selectAll()
      .where('id', '=', 9)
      .executeTakeFirstOrThrow();
    expect(bo).toMatchObject({ status: 'unsubscribed', stop_reason: 'one-click', next_step: 2 });

    const deliveries = await deps.db.selectFrom('deliveries').selectAll().orderBy('id').execute();
    expect(deliveries.map((d) => [d.id, d.enrollment_id, d.message_key, d.token_id])).toEqual([
      [10, 7, 'welcome', 'welcome-token-id-000000000000000'],
      [12, 7, 'lesson:2', TOKEN_ID],
      [13, 7, 'lesson:3', 'lesson-three-token-00000000000000'],
      [20, 9, 'welcome', 'bo-welcome-token-0000000000000000'],
    ]);
    const events = await deps.db.selectFrom('delivery_events').selectAll().execute();
    expect(events.map((e) => e.delivery_id)).toEqual([12]);

    // The encrypted reflection still opens (its key names the same ids).
    const journal = await journalOf(deps, { id: 7, role: 'hurt', courseId: 'rebuilding-trust' });
    expect(journal.flatMap((s) => s.entries.map((e) => e.text))).toEqual([
      'what I wrote on day two',
    ]);

    // A preferences link in an email the old release sent opens that reader's page.
    const app = createApp(deps);
    const signer = new TokenSigner(TEST_SECRET);
    const page = await app.request(`/preferences/${await signer.sign(TOKEN_ID, 'preferences')}`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Ann');

    // The break ends on its day (a Saturday), and the course goes on at lesson 4 on the
    // next of the reader's weekdays, Monday, once.
    deps.clock.set('2026-12-05T07:30:00.000Z');
    await tick(deps, deps.clock());
    expect(emailsTo(deps, 'Ann@Example.com')).toHaveLength(0);
    deps.clock.set('2026-12-07T07:30:00.000Z');
    await tick(deps, deps.clock());
    await tick(deps, deps.clock());
    const lessons = emailsTo(deps, 'Ann@Example.com').filter((email) =>
      email.tags.some((tag) => tag.name === 'message' && tag.value === 'lesson_4'),
    );
    expect(lessons).toHaveLength(1);
    const after = await deps.db
      .selectFrom('deliveries')
      .select('message_key')
      .where('enrollment_id', '=', 7)
      .where('message_key', '=', 'lesson:4')
      .execute();
    expect(after).toHaveLength(1);

    // The address stays unique whatever its case: a new signup joins the same person.
    const again = await app.request('/subscribe', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ email: 'ann@example.com' }),
    });
    expect(again.status).toBe(202);
    expect(await deps.db.selectFrom('subscribers').selectAll().execute()).toHaveLength(2);
  });
});
