import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openSqlite } from '../../src/db/sqlite.ts';
import { planCourseMail } from '../../src/delivery/plan.ts';
import { sendDue } from '../../src/delivery/send.ts';
import { tick } from '../../src/delivery/tick.ts';
import type { OutboxStore } from '../../src/mail/outbox.ts';
import { selectMailer } from '../../src/mail/select.ts';
import { unsubscribe } from '../../src/subscribers/unsubscribe.ts';
import type { TestDeps } from '../support/deps.ts';
import { deliveriesByRecipient, resendTestDeps, tagOf } from '../support/resend-deps.ts';
import { type ResendServer, startResendServer } from '../support/resend-server.ts';
import { readerAddress, seedSubscribers } from '../support/seed.ts';

const START = '2026-06-01T10:00:00.000Z';
let api: ResendServer;
let deps: TestDeps;

beforeEach(async () => {
  api = await startResendServer({ keepBodies: false });
  deps = await resendTestDeps(api, { start: START });
});
afterEach(async () => {
  await deps.close();
  await api.close();
});

const deliveries = () => deps.db.selectFrom('deliveries').selectAll().orderBy('id').execute();
const postsTo = (path: string) => api.requests.filter((r) => r.path === path);
const minutes = (n: number) => n * 60_000;
const memoryOutbox = (): OutboxStore => ({
  put: async () => {},
  list: async () => [],
  read: async () => undefined,
  remove: async () => {},
});

describe('sending through Resend', () => {
  it('sends scheduled mail in batches of at most 100, each under its own key', async () => {
    await seedSubscribers(deps.db, 250, { dueAt: START });
    const report = await tick(deps, deps.clock());
    expect(report).toMatchObject({ planned: 250, sent: 250, failed: 0, retried: 0 });
    expect(postsTo('/emails/batch').map((r) => r.emails)).toEqual([100, 100, 50]);
    expect(new Set(api.requests.map((r) => r.idempotencyKey)).size).toBe(3);
    expect([...deliveriesByRecipient(api.accepted).values()].every((n) => n === 1)).toBe(true);
    expect(api.accepted).toHaveLength(250);
    // What compose builds reaches the API: unsubscribe headers, the reply address, tags.
    expect(api.accepted[0]).toMatchObject({
      from: 'Rebuilding Trust <hello@tend.test>',
      headers: {
        'List-Unsubscribe': expect.stringMatching(
          /^<https:\/\/tend\.test\/unsubscribe\/[a-z2-7]+>$/,
        ),
        'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
      },
      replyTo: [expect.stringMatching(/^reply\+[a-z2-7]+@reply\.tend\.test$/)],
      tags: [
        { name: 'course', value: 'rebuilding-trust' },
        { name: 'message', value: 'welcome' },
        { name: 'delivery', value: expect.stringMatching(/^\d+$/) },
      ],
    });
    const byId = new Map(api.accepted.map((email) => [email.id, email]));
    for (const row of await deliveries()) {
      expect(row.status).toBe('sent');
      // The delivery tag maps the provider's email back to its row (webhooks rely on it).
      const email = byId.get(row.provider_id ?? '');
      expect(email && tagOf(email, 'delivery')).toBe(String(row.id));
    }
  });

  it('a call that went through but lost its answer is re-sent whole under the same key', async () => {
    await seedSubscribers(deps.db, 150, { dueAt: START });
    api.faults = () => (api.requests.length === 0 ? 'drop-after' : null);
    const first = await tick(deps, deps.clock());
    expect(first).toMatchObject({ sent: 50, retried: 100 });
    const lost = api.requests[0];

    // More mail falls due while the batch waits: it must not join the batch.
    deps.clock.advance(minutes(5));
    await seedSubscribers(deps.db, 10, { dueAt: deps.clock().toISOString(), from: 1000 });
    const second = await tick(deps, deps.clock());
    expect(second).toMatchObject({ sent: 110, retried: 0 });

    const retry = api.requests.find((r, i) => i > 1 && r.idempotencyKey === lost?.idempotencyKey);
    expect(retry).toMatchObject({ emails: 100, status: 200 });
    expect(api.accepted).toHaveLength(160);
    expect([...deliveriesByRecipient(api.accepted).values()].every((n) => n === 1)).toBe(true);
    // Same payload, so the provider replayed its answer with ids (a 409 would leave none).
    expect((await deliveries()).every((row) => row.status === 'sent' && row.provider_id)).toBe(
      true,
    );
  });

  it('a crashed run leaves its batch to be taken over when the lease ends', async () => {
    await seedSubscribers(deps.db, 30, { dueAt: START });
    await tick(deps, deps.clock());
    // Simulate a run that claimed and called, then died before recording anything.
    const key = (await deliveries())[0]?.batch_key ?? '';
    await deps.db
      .updateTable('deliveries')
      .set({ status: 'sending', lease_until: deps.clock().toISOString() })
      .execute();
    deps.clock.advance(minutes(1));
    const report = await sendDue(deps, deps.clock());
    expect(report.sent).toBe(30);
    expect(api.requests.map((r) => r.idempotencyKey)).toEqual([key, key]);
    expect(api.accepted).toHaveLength(30);
  });

  it('leaves out members who left while their batch waited to be retried', async () => {
    const ids = await seedSubscribers(deps.db, 3, { dueAt: START });
    api.faults = () => (api.requests.length === 0 ? 'server-error' : null);
    await tick(deps, deps.clock());
    await unsubscribe(deps, ids[1] ?? 0, 'test');
    deps.clock.advance(minutes(5));
    await tick(deps, deps.clock());
    expect(api.accepted.map((e) => e.to[0])).toEqual([readerAddress(0), readerAddress(2)]);
    expect((await deliveries()).map((row) => row.status)).toEqual(['sent', 'cancelled', 'sent']);
  });

  it('when the first call went through, a smaller retry is answered 409 and counts as sent', async () => {
    const ids = await seedSubscribers(deps.db, 3, { dueAt: START });
    api.faults = () => (api.requests.length === 0 ? 'drop-after' : null);
    await tick(deps, deps.clock());
    await unsubscribe(deps, ids[1] ?? 0, 'test');
    deps.clock.advance(minutes(5));
    const report = await tick(deps, deps.clock());
    expect(report.sent).toBe(2);
    expect(api.requests.map((r) => r.status)).toEqual([null, 409]);
    expect(api.accepted).toHaveLength(3);
    expect((await deliveries()).map((row) => [row.status, row.provider_id])).toEqual([
      ['sent', null],
      ['cancelled', null],
      ['sent', null],
    ]);
  });

  it('fails an email the provider rejects alone, sends the rest, and never retries it', async () => {
    await seedSubscribers(deps.db, 3, {
      dueAt: START,
      addresses: (n) => (n === 1 ? 'broken@@example.com' : readerAddress(n)),
    });
    expect(await tick(deps, deps.clock())).toMatchObject({ sent: 2, failed: 1, retried: 0 });
    const rows = await deliveries();
    expect(rows.map((row) => row.status)).toEqual(['sent', 'failed', 'sent']);
    expect(rows[1]?.last_error).toMatch(/^rejected: /);
    expect(rows[1]?.last_error).not.toContain('broken@@');
    deps.clock.advance(minutes(60));
    await tick(deps, deps.clock());
    expect(api.requests).toHaveLength(1);
  });

  it('a spent quota pauses every run until it can resume, across processes', async () => {
    await seedSubscribers(deps.db, 120, { dueAt: START });
    api.faults = () => (api.requests.length === 0 ? 'daily-quota' : null);
    const first = await tick(deps, deps.clock());
    expect(first.pausedUntil?.toISOString()).toBe('2026-06-01T11:00:00.000Z');
    expect(api.requests).toHaveLength(1);

    // Another process (another connection to the same database) respects the pause.
    deps.clock.advance(minutes(30));
    const other = await openSqlite(deps.dbPath);
    const paused = await tick({ ...deps, db: other.db }, deps.clock());
    await other.close();
    expect(paused).toMatchObject({ sent: 0, pausedUntil: first.pausedUntil });
    expect(api.requests).toHaveLength(1);

    deps.clock.advance(minutes(31));
    expect(await tick(deps, deps.clock())).toMatchObject({ sent: 120 });
    expect(api.accepted).toHaveLength(120);
  });

  it('a throttled run stops at once and the next one resumes', async () => {
    await seedSubscribers(deps.db, 300, { dueAt: START });
    api.faults = () => (api.requests.length === 0 ? 'rate-limit' : null);
    expect(await tick(deps, deps.clock())).toMatchObject({ sent: 0, retried: 100 });
    expect(api.requests).toHaveLength(1);
    // The batch composed during the throttled call was given back, its attempt not counted:
    // nothing waits for a lease.
    const rows = await deliveries();
    expect(rows.filter((row) => row.status === 'sending')).toHaveLength(0);
    expect(rows.filter((row) => row.batch_key !== null && row.attempts === 0)).toHaveLength(100);
    deps.clock.advance(minutes(1));
    expect(await tick(deps, deps.clock())).toMatchObject({ sent: 300 });
    expect(api.requests).toHaveLength(4);
  });

  it('stops a run after three calls in a row get no usable answer', async () => {
    await seedSubscribers(deps.db, 500, { dueAt: START });
    api.faults = () => 'server-error';
    expect(await tick(deps, deps.clock())).toMatchObject({ sent: 0, retried: 300 });
    expect(api.requests).toHaveLength(3);
  });

  it('the confirmation goes out at once through the single-email endpoint', async () => {
    const { createApp } = await import('../../src/app.ts');
    const response = await createApp(deps).request('/subscribe', {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: 'https://tend.test' },
      body: JSON.stringify({ email: 'new@example.com', role: 'hurt', timezone: 'UTC' }),
    });
    expect(response.status).toBe(202);
    expect(api.requests).toMatchObject([{ path: '/emails', emails: 1 }]);
    const [row] = await deliveries();
    expect(api.requests[0]?.idempotencyKey).toBe(`tend-${row?.token_id}`);
    expect(row).toMatchObject({ status: 'sent', provider_id: api.accepted[0]?.id });
  });

  it('two runs at once never send the same delivery', async () => {
    await seedSubscribers(deps.db, 1000, { dueAt: START });
    const now = deps.clock();
    await planCourseMail(deps, now);
    const connections = await Promise.all([1, 2, 3].map(() => openSqlite(deps.dbPath)));
    const reports = await Promise.all(
      connections.map((connection) => sendDue({ ...deps, db: connection.db }, now)),
    );
    await Promise.all(connections.map((connection) => connection.close()));
    expect(reports.every((report) => report.sent > 0)).toBe(true);
    expect(reports.reduce((sum, r) => sum + r.sent, 0)).toBe(1000);
    expect(api.accepted).toHaveLength(1000);
    expect([...deliveriesByRecipient(api.accepted).values()].every((n) => n === 1)).toBe(true);
  });

  it('keeps to SEND_RATE_LIMIT requests a second against a provider that enforces it', async () => {
    await api.close();
    api = await startResendServer({ keepBodies: false, rateLimit: 5 });
    const { mailer } = selectMailer(
      { ...deps.config, resendApiKey: 're_test', resendBaseUrl: api.url, sendRateLimit: 5 },
      memoryOutbox(),
      deps.clock,
    );
    await seedSubscribers(deps.db, 1200, { dueAt: START });
    const started = performance.now();
    expect(await tick({ ...deps, mailer }, deps.clock())).toMatchObject({ sent: 1200 });
    expect(performance.now() - started).toBeGreaterThanOrEqual(11 * 200);
    // Arrival jitter can make the provider count six in a second now and then: such a call
    // is made once more after the wait it asked for, and nothing is sent twice.
    const throttled = api.requests.filter((request) => request.status === 429).length;
    expect(api.requests).toHaveLength(12 + throttled);
    expect(throttled).toBeLessThanOrEqual(2);
    expect(api.accepted).toHaveLength(1200);
  });
});
