import { existsSync, readFileSync } from 'node:fs';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.ts';
import { type TestDeps, testDeps } from '../support/deps.ts';
import {
  emailsTo,
  form,
  messageOf,
  runScheduler,
  signInCookie,
  tokenOf,
  withCookie,
} from '../support/flows.ts';
import { enroll, post, subscriberRow } from './support.ts';

let deps: TestDeps;
afterEach(() => deps?.close());

const ADDRESS = 'zephyrine.erase-me@example.com';
const NAME = 'Zephyrine';
const REFLECTION = 'I finally told Marguerite about the letters in the blue box.';

/** A subscriber with a lesson behind them and a reflection written on it (on the web). */
async function withJournal() {
  deps = await testDeps({ start: '2026-06-01T10:00:00Z' });
  const reader = await enroll(deps, { email: ADDRESS, name: NAME });
  await enroll(deps, { email: 'keep.me@example.com', name: 'Bartholomew' });
  await runScheduler(deps, '2026-06-02T09:00:00Z', 15);
  const lesson = emailsTo(deps, ADDRESS).find((email) => messageOf(email) === 'lesson_1');
  if (!lesson) throw new Error('no lesson 1');
  const saved = await reader.app.request(
    `/reflect/${tokenOf(lesson, 'reflect')}`,
    form({ text: REFLECTION }),
  );
  expect(saved.status).toBe(200);
  const cookie = await signInCookie(deps, reader.app, ADDRESS);
  return { ...reader, lessonToken: tokenOf(lesson, 'reflect'), cookie };
}

/** Every row of every table, as text. */
async function everyTable(): Promise<string> {
  const tables = await sql<{ name: string }>`
    SELECT name FROM sqlite_master WHERE type = 'table'`.execute(deps.db);
  let all = '';
  for (const { name } of tables.rows) {
    const rows = await sql`SELECT * FROM ${sql.table(name)}`.execute(deps.db);
    all += `${name}: ${JSON.stringify(rows.rows)}\n`;
  }
  return all;
}

/** The raw bytes of the database and its write-ahead log, as written to disk. */
function databaseFiles(): Buffer {
  const files = [deps.dbPath, `${deps.dbPath}-wal`, `${deps.dbPath}-shm`].filter(existsSync);
  return Buffer.concat(files.map((file) => readFileSync(file)));
}

describe('download my data', () => {
  it('is a JSON attachment with the profile, every delivery and the journal decrypted', async () => {
    const reader = await withJournal();
    const response = await reader.app.request(
      `/preferences/${reader.token}`,
      withCookie(form({ action: 'export' }), reader.cookie),
    );
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(response.headers.get('content-disposition')).toMatch(/^attachment; filename="my-data-/);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const data = await response.json();
    expect(data.profile).toEqual({ email: ADDRESS, name: NAME, createdAt: expect.any(String) });
    // One course, the only one this reader took.
    expect(data.enrollments).toHaveLength(1);
    const [enrollment] = data.enrollments;
    expect(enrollment.course).toEqual({ id: deps.course.id, title: deps.course.title });
    expect(enrollment.settings).toMatchObject({
      role: 'hurt',
      timezone: 'UTC',
      sendTime: '08:00',
      sendDays: [1, 2, 3, 4, 5, 6, 7],
      status: 'active',
      discreet: false,
    });
    expect(enrollment.deliveries.map((d: { message: string }) => d.message)).toEqual([
      'confirm:1',
      'welcome',
      'lesson:1',
    ]);
    expect(enrollment.deliveries[2]).toMatchObject({
      status: 'sent',
      sentAt: '2026-06-02T08:00:00.000Z',
      round: 1,
    });
    expect(enrollment.reflections).toHaveLength(1);
    expect(enrollment.reflections[0]).toMatchObject({
      message: 'lesson:1',
      prompt: deps.course.lessons[0]?.prompts.hurt,
      entries: [{ source: 'web', text: REFLECTION }],
    });
    // Nothing internal: no token ids (half of a working link), no provider ids.
    const raw = JSON.stringify(data);
    const tokenIds = await deps.db.selectFrom('deliveries').select('token_id').execute();
    for (const { token_id } of tokenIds) expect(raw).not.toContain(token_id);
    expect(raw).not.toContain('keep.me@example.com');
  });

  it('is a POST: a GET of the page changes and downloads nothing', async () => {
    const reader = await withJournal();
    const page = await createApp(deps).request(`/preferences/${reader.token}`);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await page.text()).toContain('value="export"');
  });
});

describe('erase me', () => {
  it('asks first: the first POST only shows a confirmation', async () => {
    const reader = await withJournal();
    const ask = await post(reader, reader.token, { action: 'erase' }, reader.cookie);
    expect(ask.status).toBe(200);
    expect(ask.html).toContain('Erase everything?');
    expect(ask.html).toContain('value="erase-confirmed"');
    const unconfirmed = await post(
      reader,
      reader.token,
      { action: 'erase-confirmed' },
      reader.cookie,
    );
    expect(unconfirmed.status).toBe(400);
    expect((await subscriberRow(deps, ADDRESS)).name).toBe(NAME);
  });

  it('leaves no personal data behind: not in any table, not in the database files', async () => {
    const reader = await withJournal();
    // The scan finds what is there (the reflection is only ever stored encrypted).
    expect(await everyTable()).toContain(ADDRESS);
    expect(databaseFiles().includes(ADDRESS)).toBe(true);
    const { id } = await subscriberRow(deps, ADDRESS);

    const erased = await post(
      reader,
      reader.token,
      { action: 'erase-confirmed', confirm: 'erase' },
      reader.cookie,
    );
    expect(erased.status).toBe(200);
    expect(erased.html).toContain('<h1>Erased</h1>');

    const tables = await everyTable();
    for (const secret of [ADDRESS, NAME, REFLECTION, 'blue box']) {
      expect(tables).not.toContain(secret);
      expect(databaseFiles().includes(secret), secret).toBe(false);
    }
    for (const table of ['deliveries', 'reflections'] as const) {
      const left = await deps.db
        .selectFrom(table)
        .select('id')
        .where('enrollment_id', '=', id)
        .execute();
      expect(left, table).toEqual([]);
    }
    // They were active: nothing to suppress. The other subscriber is untouched.
    expect(await deps.db.selectFrom('suppressed_addresses').selectAll().execute()).toEqual([]);
    expect(tables).toContain('keep.me@example.com');
    expect(databaseFiles().includes('keep.me@example.com')).toBe(true);
  });

  it('after erasure every old link shows a friendly page, never an error', async () => {
    const reader = await withJournal();
    await post(
      reader,
      reader.token,
      { action: 'erase-confirmed', confirm: 'erase' },
      reader.cookie,
    );
    const app = createApp(deps);
    const preferences = await app.request(`/preferences/${reader.token}`);
    expect(preferences.status).toBe(404);
    expect(await preferences.text()).toContain('<h1>Nothing here</h1>');
    const again = await post(reader, reader.token, { action: 'export' });
    expect(again.status).toBe(404);
    expect(again.html).toContain('Nothing here');
    const unsubscribe = `/unsubscribe/${tokenOf(reader.welcome, 'unsubscribe')}`;
    for (const path of [unsubscribe, `/reflect/${reader.lessonToken}`]) {
      const response = await app.request(path);
      expect(response.status, path).toBe(404);
      expect(await response.text()).toContain('<h1>');
    }
    // The scheduler has nobody to mail.
    const before = deps.sent.length;
    await runScheduler(deps, '2026-06-04T09:00:00Z', 30);
    expect(deps.sent.slice(before).some((email) => email.to === ADDRESS)).toBe(false);
  });

  it('after unsubscribing, keeps only a keyed hash; a new signup is refused silently', async () => {
    const reader = await withJournal();
    const left = await post(reader, reader.token, { action: 'unsubscribe' });
    expect(left.html).toContain('You are unsubscribed.');
    await post(
      reader,
      reader.token,
      { action: 'erase-confirmed', confirm: 'erase' },
      reader.cookie,
    );

    const suppressed = await deps.db.selectFrom('suppressed_addresses').selectAll().execute();
    expect(suppressed).toHaveLength(1);
    expect(suppressed[0]?.email_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(suppressed[0]?.reason).toBe('unsubscribed');
    expect(await everyTable()).not.toContain(ADDRESS);
    expect(databaseFiles().includes(ADDRESS)).toBe(false);

    const app = createApp(deps);
    const mailed = deps.sent.length;
    for (const email of [ADDRESS, ADDRESS.toUpperCase().replace('@EXAMPLE.COM', '@example.com')]) {
      const response = await app.request(
        '/subscribe',
        form({ email, role: 'hurt', timezone: 'UTC', send_time: '08:00' }),
      );
      expect(response.status).toBe(303);
      expect(response.headers.get('location')).toBe('/check-your-inbox');
    }
    expect(deps.sent.length).toBe(mailed);
    expect(await deps.db.selectFrom('subscribers').select('email').execute()).toEqual([
      { email: 'keep.me@example.com' },
    ]);
  });

  it('an address that bounced is suppressed too; one erased while active may sign up again', async () => {
    deps = await testDeps({ start: '2026-06-01T10:00:00Z' });
    const bounced = await enroll(deps, { email: 'bounced@example.com' });
    const active = await enroll(deps, { email: 'active@example.com' });
    // Signed in before the bounce: no sign-in link is mailed to an address that bounced.
    const bouncedCookie = await signInCookie(deps, bounced.app, 'bounced@example.com');
    const activeCookie = await signInCookie(deps, active.app, 'active@example.com');
    await deps.db
      .updateTable('enrollments')
      .set({ status: 'bounced' })
      .where('id', '=', (await subscriberRow(deps, 'bounced@example.com')).id)
      .execute();
    const erase = { action: 'erase-confirmed', confirm: 'erase' };
    await post(bounced, bounced.token, erase, bouncedCookie);
    await post(active, active.token, erase, activeCookie);
    const reasons = await deps.db.selectFrom('suppressed_addresses').select('reason').execute();
    expect(reasons).toEqual([{ reason: 'bounced' }]);

    const app = createApp(deps);
    const mailed = deps.sent.length;
    for (const email of ['bounced@example.com', 'active@example.com']) {
      await app.request('/subscribe', form({ email, role: 'hurt', timezone: 'UTC' }));
    }
    expect(deps.sent.slice(mailed).map((email) => `${email.to} ${messageOf(email)}`)).toEqual([
      'active@example.com confirm',
    ]);
  });
});
