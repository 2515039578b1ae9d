import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { afterEach, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.ts';
import type { OutgoingEmail } from '../../src/mail/message.ts';
import { outboxMailer } from '../../src/mail/outbox.ts';
import { fileOutboxStore } from '../../src/mail/outbox-files.ts';
import { type TestDeps, testDeps } from '../support/deps.ts';
import {
  emailsTo,
  form,
  messageOf,
  runScheduler,
  signInCookie,
  subscribeAndConfirm,
  tokenOf,
  withCookie,
} from '../support/flows.ts';
import { tempDir } from '../support/temp.ts';

let deps: TestDeps;
afterEach(() => deps?.close());

async function withOutbox(env: Record<string, string> = {}) {
  const dir = tempDir('tend-outbox-');
  const store = fileOutboxStore(dir);
  const clockHolder: { clock?: () => Date } = {};
  const mailer = outboxMailer(
    store,
    () => (clockHolder.clock ?? (() => new Date()))(),
    'tend.test',
  );
  deps = await testDeps({ mailer, start: '2026-06-01T10:00:00Z', env });
  clockHolder.clock = deps.clock;
  return { dir, store, app: createApp({ ...deps, outbox: store }) };
}

describe('the outbox', () => {
  it('writes each email as an RFC 5322 multipart/alternative .eml with every header', async () => {
    const { dir, app } = await withOutbox();
    await subscribeAndConfirm(deps, { email: 'eml@example.com', name: 'Zoë' }, app);
    const files = readdirSync(dir).sort();
    expect(files).toHaveLength(2);
    const raw = files.map((name) => readFileSync(join(dir, name), 'utf8'));
    const welcomeRaw = raw.find((text) => text.includes('List-Unsubscribe:')) ?? '';
    expect(welcomeRaw.split('\r\n').length).toBeGreaterThan(20);
    expect(welcomeRaw).not.toMatch(/[^\r]\n/); // CRLF line endings only

    const parsed = await simpleParser(welcomeRaw);
    expect(parsed.headers.get('content-type')).toMatchObject({ value: 'multipart/alternative' });
    expect(parsed.date?.toISOString()).toBe('2026-06-01T10:00:00.000Z');
    expect(parsed.messageId).toMatch(/^<tend-[a-z2-7]+@tend\.test>$/);
    expect(parsed.from?.value[0]).toMatchObject({
      name: 'Rebuilding Trust',
      address: 'hello@tend.test',
    });
    expect(parsed.to && 'value' in parsed.to ? parsed.to.value[0]?.address : '').toBe(
      'eml@example.com',
    );
    expect(parsed.replyTo?.value[0]?.address).toMatch(/^reply\+[a-z2-7]{52}@reply\.tend\.test$/);
    expect(parsed.subject).toBe(deps.course.welcome.subject);
    expect(welcomeRaw).toContain('\r\nList-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n');
    expect(welcomeRaw).toMatch(
      /\r\nList-Unsubscribe: <https:\/\/tend\.test\/unsubscribe\/[a-z2-7]{52}>\r\n/,
    );
    expect(parsed.text).toContain('Hi Zoë,');
    expect(parsed.html || '').toContain('Hi Zoë,');
  });

  it('is listed and readable at /dev/outbox', async () => {
    const { app } = await withOutbox();
    await subscribeAndConfirm(deps, { email: 'list@example.com' }, app);
    const list = await app.request('/dev/outbox');
    const html = await list.text();
    expect(list.status).toBe(200);
    const id = /href="\/dev\/outbox\/([^"]+)"/.exec(html)?.[1];
    expect(id).toBeDefined();
    // Shown decoded: the confirmation link in the text part can be followed.
    const one = await app.request(`/dev/outbox/${id}`);
    const page = await one.text();
    expect(one.status).toBe(200);
    expect(page).toMatch(/<a href="https:\/\/tend\.test\/(confirm|unsubscribe)\/[a-z2-7]{52}">/);
    expect(page).toContain('sandbox=""');
    expect(one.headers.get('content-security-policy')).toContain("default-src 'none'");
    const raw = await app.request(`/dev/outbox/${id}.eml`);
    expect(raw.headers.get('content-type')).toBe('message/rfc822');
    expect(await raw.text()).toContain('MIME-Version: 1.0');
    expect((await app.request('/dev/outbox/..%2F..%2Fetc%2Fpasswd')).status).toBe(404);
  });

  it('answers only requests addressed to this machine or to PUBLIC_URL (DNS rebinding)', async () => {
    const { app } = await withOutbox();
    await subscribeAndConfirm(deps, { email: 'host@example.com' }, app);
    const id = /href="\/dev\/outbox\/([^"]+)"/.exec(
      await (await app.request('/dev/outbox')).text(),
    )?.[1];
    for (const host of ['localhost:3000', '127.0.0.1:8080', '[::1]:3000', 'tend.test']) {
      for (const path of ['/dev/outbox', `/dev/outbox/${id}`, `/dev/outbox/${id}.eml`]) {
        expect((await app.request(`http://${host}${path}`)).status, `${host}${path}`).toBe(200);
      }
    }
    for (const host of [
      'rebound.example',
      'localhost.evil.example',
      '127.0.0.2',
      'tend.test.evil.example',
    ]) {
      for (const path of ['/dev/outbox', `/dev/outbox/${id}`, `/dev/outbox/${id}.eml`]) {
        const response = await app.request(`http://${host}${path}`);
        expect(response.status, `${host}${path}`).toBe(404);
        expect(await response.text()).not.toContain('tend.test/');
      }
    }
  });

  it("erasure deletes the subscriber's files and no one else's", async () => {
    const { dir, app } = await withOutbox();
    const gone = 'gone.for.good@example.com';
    await subscribeAndConfirm(deps, { email: gone }, app);
    await subscribeAndConfirm(deps, { email: 'stays@example.com' }, app);
    await runScheduler(deps, '2026-06-02T09:00:00Z', 30);
    const holding = (address: string) =>
      readdirSync(dir).filter((name) => readFileSync(join(dir, name), 'utf8').includes(address));
    // Confirmation, welcome and lesson 1 each, named without the address.
    expect(holding(gone)).toHaveLength(3);
    expect(readdirSync(dir).join()).not.toContain('example');
    const welcome = emailsTo(deps, gone).find((email) => messageOf(email) === 'welcome');
    // Erasure needs a fresh sign-in, whose email lands in the outbox too.
    const cookie = await signInCookie(deps, app, gone);
    const erased = await app.request(
      `/preferences/${tokenOf(welcome as OutgoingEmail, 'preferences')}`,
      withCookie(form({ action: 'erase-confirmed', confirm: 'erase' }), cookie),
    );
    expect(erased.status).toBe(200);
    expect(holding(gone)).toEqual([]);
    expect(holding('stays@example.com')).toHaveLength(3);
    expect(readdirSync(dir)).toHaveLength(3);
  });

  it('does not exist in production', async () => {
    const { app } = await withOutbox({
      NODE_ENV: 'production',
      PUBLIC_URL: 'https://tend.test',
      REPLY_DOMAIN: 'reply.tend.test',
      OUTBOX_IN_PRODUCTION: '1',
    });
    expect((await app.request('/dev/outbox')).status).toBe(404);
  });

  it('keeps one copy when the same email is sent twice (a retry)', async () => {
    const { dir } = await withOutbox();
    deps = deps as TestDeps;
    const store = fileOutboxStore(dir);
    const mailer = outboxMailer(store, () => new Date('2026-06-01T10:00:00Z'), 'tend.test');
    const email = {
      idempotencyKey: 'tend-abc',
      from: 'A <a@tend.test>',
      to: 'b@example.com',
      subject: 'Hello\r\nBcc: injected@evil.test',
      html: '<p>hi</p>',
      text: 'hi',
      headers: {},
      tags: [],
    };
    await mailer.send(email);
    await mailer.send({ ...email, text: 'changed' });
    expect(readdirSync(dir)).toEqual(['tend-abc.eml']);
    const raw = readFileSync(join(dir, 'tend-abc.eml'), 'utf8');
    expect(raw).not.toMatch(/^Bcc:/m);
    expect((await simpleParser(raw)).text?.trim()).toBe('hi');
  });

  it('writes a batch as one file an email, results in order; a retried batch adds none', async () => {
    const dir = tempDir('tend-outbox-');
    const mailer = outboxMailer(fileOutboxStore(dir), () => new Date(), 'tend.test');
    const emails = ['one', 'two', 'three'].map((name) => ({
      idempotencyKey: `tend-${name}`,
      from: 'A <a@tend.test>',
      to: `${name}@example.com`,
      subject: name,
      html: `<p>${name}</p>`,
      text: name,
      headers: {},
      tags: [],
    }));
    const first = await mailer.sendBatch(emails, 'batch-1');
    expect(first).toEqual({
      ok: true,
      results: emails.map((email) => ({ ok: true, providerId: `outbox-${email.idempotencyKey}` })),
    });
    await mailer.sendBatch(emails, 'batch-1');
    expect(readdirSync(dir).sort()).toEqual(['tend-one.eml', 'tend-three.eml', 'tend-two.eml']);
    const parsed = await simpleParser(readFileSync(join(dir, 'tend-two.eml'), 'utf8'));
    expect(parsed.subject).toBe('two');
  });

  it('fails a write, not the process, when its folder cannot be made', async () => {
    const dir = tempDir('tend-outbox-');
    writeFileSync(join(dir, 'file'), '');
    // Never used: its failed mkdir must not become an unhandled rejection (vitest fails on one).
    fileOutboxStore(join(dir, 'file', 'unused'));
    const store = fileOutboxStore(join(dir, 'file', 'outbox'));
    const entry = { id: 'x', recipient: 'a@example.com', subject: 'S', createdAt: '' };
    await expect(store.put(entry, 'eml')).rejects.toThrow(/ENOTDIR|EEXIST/);
    await new Promise((resolve) => setTimeout(resolve, 20));
  });
});

describe('tokens in emails', () => {
  it('each email has its own token, and the token names its subscriber', async () => {
    deps = await testDeps({ start: '2026-06-01T10:00:00Z' });
    await subscribeAndConfirm(deps, { email: 'one@example.com' });
    await subscribeAndConfirm(deps, { email: 'two@example.com' });
    const welcomeOne = emailsTo(deps, 'one@example.com').find((e) => messageOf(e) === 'welcome');
    const welcomeTwo = emailsTo(deps, 'two@example.com').find((e) => messageOf(e) === 'welcome');
    if (!welcomeOne || !welcomeTwo) throw new Error('missing welcome');
    expect(tokenOf(welcomeOne)).not.toBe(tokenOf(welcomeTwo));
    // The database holds the random id only: no stored value equals a usable token.
    const rows = await deps.db.selectFrom('deliveries').select('token_id').execute();
    for (const row of rows) {
      expect(row.token_id).toHaveLength(26);
      expect([tokenOf(welcomeOne), tokenOf(welcomeTwo)]).not.toContain(row.token_id);
    }
  });
});
