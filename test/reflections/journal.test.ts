import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.ts';
import { reflectionsOf } from '../../src/db/reflections.ts';
import { ReflectionCipher } from '../../src/reflections/cipher.ts';
import { type TestDeps, testDeps } from '../support/deps.ts';
import {
  emailsTo,
  form,
  messageOf,
  runScheduler,
  subscribeAndConfirm,
  tokenOf,
} from '../support/flows.ts';

let deps: TestDeps;
beforeEach(async () => {
  deps = await testDeps({ start: '2026-06-01T10:00:00Z' });
});
afterEach(() => deps.close());

const SECRET_WORDS = 'I still flinch when the phone lights up at night';

/** The tokens of a lesson's reflection and journal links (each link has its own). */
async function lessonTokens(address: string, step = 1) {
  await subscribeAndConfirm(deps, { email: address, role: 'hurt' });
  await runScheduler(deps, `2026-06-0${1 + step}T09:00:00Z`, 30);
  const lesson = emailsTo(deps, address).find((email) => messageOf(email) === `lesson_${step}`);
  if (!lesson) throw new Error('no lesson');
  return { reflect: tokenOf(lesson, 'reflect'), journal: tokenOf(lesson, 'journal') };
}

describe('reflections on the web', () => {
  it('every lesson links to its reflection page and the journal', async () => {
    const { reflect: token, journal } = await lessonTokens('links@example.com');
    const lesson = emailsTo(deps, 'links@example.com').at(-1);
    expect(lesson?.html).toContain(`https://tend.test/reflect/${token}`);
    expect(lesson?.html).toContain(`https://tend.test/journal/${journal}`);
  });

  it('shows the prompt for the reader role, saves, edits and removes a reflection', async () => {
    const { reflect: token, journal } = await lessonTokens('web@example.com');
    const app = createApp(deps);
    const page = await app.request(`/reflect/${token}`);
    const html = await page.text();
    expect(page.status).toBe(200);
    expect(page.headers.get('cache-control')).toBe('no-store');
    expect(html).toContain(deps.course.lessons[0]?.prompts.hurt?.replaceAll("'", '&#39;'));
    expect(html).toContain(`<form method="post" action="/reflect/${token}"`);

    const saved = await app.request(`/reflect/${token}`, form({ text: SECRET_WORDS }));
    expect(saved.status, deps.log.lines.join('\n')).toBe(200);
    expect(await saved.text()).toContain('Saved to your journal');
    await app.request(`/reflect/${token}`, form({ text: `${SECRET_WORDS}, less than before.` }));
    const rows = await deps.db.selectFrom('reflections').selectAll().execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ source: 'web', message_key: 'lesson:1' });

    const journalHtml = await (await app.request(`/journal/${journal}`)).text();
    expect(journalHtml).toContain(`${SECRET_WORDS}, less than before.`);

    await app.request(`/reflect/${token}`, form({ text: '   ' }));
    expect(await deps.db.selectFrom('reflections').selectAll().execute()).toHaveLength(0);
  });

  it('offers the journal as a Markdown download', async () => {
    const { reflect: token, journal } = await lessonTokens('md@example.com');
    const app = createApp(deps);
    await app.request(`/reflect/${token}`, form({ text: SECRET_WORDS }));
    const download = await app.request(`/journal/${journal}/download`);
    expect(download.headers.get('content-type')).toBe('text/markdown; charset=utf-8');
    expect(download.headers.get('content-disposition')).toContain('attachment');
    const markdown = await download.text();
    expect(markdown).toContain('# My journal: Rebuilding Trust');
    expect(markdown).toContain(`## Step 1: ${deps.course.lessons[0]?.title}`);
    expect(markdown).toContain(SECRET_WORDS);
  });

  it('an empty journal encourages without guilt', async () => {
    const { journal } = await lessonTokens('empty@example.com');
    const html = await (await createApp(deps).request(`/journal/${journal}`)).text();
    expect(html).toContain('Nothing here yet');
    expect(html).toContain('no hurry');
  });

  it("one subscriber's token never reaches another's journal", async () => {
    const { reflect: mine } = await lessonTokens('mine@example.com');
    const app = createApp(deps);
    await app.request(`/reflect/${mine}`, form({ text: SECRET_WORDS }));
    await subscribeAndConfirm(deps, { email: 'theirs@example.com' });
    const theirEmail = emailsTo(deps, 'theirs@example.com').at(-1);
    if (!theirEmail) throw new Error('no email');
    const theirs = tokenOf(theirEmail, 'journal');
    const other = await (await app.request(`/journal/${theirs}`)).text();
    expect(other).not.toContain(SECRET_WORDS);
    const forged = `${mine.slice(0, 26)}${theirs.slice(26)}`;
    expect((await app.request(`/journal/${forged}`)).status).toBe(404);
    expect((await app.request(`/reflect/${forged}`, form({ text: 'x' }))).status).toBe(404);
  });
});

describe('reflections at rest', () => {
  it('never stores the plain text, and a wrong SECRET_KEY cannot read it', async () => {
    const { reflect: token } = await lessonTokens('rest@example.com');
    await createApp(deps).request(`/reflect/${token}`, form({ text: SECRET_WORDS }));
    await deps.closeDatabase();
    const bytes = readFileSync(deps.dbPath);
    const wal = (() => {
      try {
        return readFileSync(`${deps.dbPath}-wal`);
      } catch {
        return Buffer.alloc(0);
      }
    })();
    for (const file of [bytes, wal]) {
      expect(file.includes(Buffer.from(SECRET_WORDS))).toBe(false);
      expect(file.includes(Buffer.from('flinch'))).toBe(false);
    }

    const { openSqlite } = await import('../../src/db/sqlite.ts');
    const { db, close } = await openSqlite(deps.dbPath);
    const [row] = await reflectionsOf(db, 1);
    await close();
    if (!row) throw new Error('no reflection');
    const owner = { enrollmentId: row.enrollmentId, deliveryId: row.deliveryId };
    expect(await deps.cipher.decrypt(row.ciphertext, owner)).toBe(SECRET_WORDS);
    const wrong = new ReflectionCipher('another-secret-another-secret-another-secret');
    expect(await wrong.decrypt(row.ciphertext, owner)).toBeNull();
    // Bound to its owner: the same record moved to another enrollment does not open.
    expect(await deps.cipher.decrypt(row.ciphertext, { ...owner, enrollmentId: 2 })).toBeNull();
  });

  it('uses a fresh nonce for every record', async () => {
    const owner = { enrollmentId: 1, deliveryId: 1 };
    const a = await deps.cipher.encrypt(SECRET_WORDS, owner);
    const b = await deps.cipher.encrypt(SECRET_WORDS, owner);
    expect(a).not.toBe(b);
  });
});
