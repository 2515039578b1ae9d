import type { Hono } from 'hono';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.ts';
import { claimConfirmations } from '../../src/db/delivery-batches.ts';
import type { Coalescing } from '../../src/delivery/coalescing.ts';
import { confirmationSender } from '../../src/delivery/confirmation-sender.ts';
import { sendConfirmations } from '../../src/delivery/send.ts';
import { tick } from '../../src/delivery/tick.ts';
import { memoryMailer } from '../../src/mail/memory.ts';
import type { Mailer } from '../../src/mail/message.ts';
import { type TestDeps, testDeps } from '../support/deps.ts';
import { emailsTo, form, messageOf } from '../support/flows.ts';
import { deliveriesByRecipient, resendTestDeps } from '../support/resend-deps.ts';
import { type ResendServer, startResendServer } from '../support/resend-server.ts';
import { seedSubscribers } from '../support/seed.ts';

const START = '2026-06-01T10:00:00.000Z';
const MINUTE = 60_000;

let deps: TestDeps | undefined;
let api: ResendServer | undefined;
afterEach(async () => {
  await deps?.close();
  await api?.close();
  deps = undefined;
  api = undefined;
});

/** A mailer whose calls hang until the test opens the gate; it records every call. */
function gatedMailer() {
  const calls: { endpoint: 'single' | 'batch'; emails: number; key: string }[] = [];
  const inner = memoryMailer();
  let open = () => {};
  const gate = new Promise<void>((resolve) => {
    open = resolve;
  });
  const mailer: Mailer = {
    name: 'gated',
    async send(email) {
      calls.push({ endpoint: 'single', emails: 1, key: email.idempotencyKey });
      await gate;
      return inner.send(email);
    },
    async sendBatch(emails, key) {
      calls.push({ endpoint: 'batch', emails: emails.length, key });
      await gate;
      return inner.sendBatch(emails, key);
    },
  };
  return { mailer, calls, open };
}

/** The app as Node composes it: signups answer, then kick the process's sender. */
function nodeApp(testDeps: TestDeps): { app: Hono; sender: Coalescing } {
  const sender = confirmationSender(testDeps, { defer: setImmediate });
  const app = createApp(testDeps, { confirmationsQueued: () => void sender.kick() });
  return { app, sender };
}

const signup = (app: Hono, email: string) =>
  app.request('/subscribe', form({ email, role: 'hurt', timezone: 'UTC', send_time: '08:00' }));

async function until(condition: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 400 && !condition(); i++) await new Promise((r) => setTimeout(r, 5));
  if (!condition()) throw new Error(`timed out waiting for ${what}`);
}

async function confirmationRows(db: TestDeps['db']) {
  return db
    .selectFrom('deliveries')
    .innerJoin('enrollments', 'enrollments.id', 'deliveries.enrollment_id')
    .innerJoin('subscribers', 'subscribers.id', 'enrollments.subscriber_id')
    .select(['subscribers.email', 'deliveries.status', 'deliveries.batch_key'])
    .where('deliveries.message_key', 'like', 'confirm:%')
    .orderBy('deliveries.id')
    .execute();
}

describe('confirmations after the answer (Node)', () => {
  it('answers before the confirmation is sent, which arrives just after', async () => {
    const gated = gatedMailer();
    deps = await testDeps({ mailer: gated.mailer, start: START });
    const { app, sender } = nodeApp(deps);

    const response = await signup(app, 'first@example.com');
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('/check-your-inbox');
    // The provider has not answered (its gate is shut), yet the signup was answered, and the
    // rows it promises are written.
    expect(deps.sent).toHaveLength(0);
    expect(await confirmationRows(deps.db)).toEqual([
      expect.objectContaining({ email: 'first@example.com' }),
    ]);

    await until(() => gated.calls.length === 1, 'the provider call');
    gated.open();
    await sender.idle();
    expect(emailsTo(deps, 'first@example.com').map(messageOf)).toEqual(['confirm']);
    expect(await confirmationRows(deps.db)).toEqual([expect.objectContaining({ status: 'sent' })]);
  });

  it('sends confirmations queued during a pass together, in batches of at most 100, each once', async () => {
    const gated = gatedMailer();
    deps = await testDeps({ mailer: gated.mailer, start: START });
    const { app, sender } = nodeApp(deps);

    // The first signup's pass reaches the provider and waits there.
    await signup(app, 'reader-0@example.com');
    await until(() => gated.calls.length === 1, 'the first call');
    // 150 more signups meanwhile: each answered at once, their kicks folded into one pass.
    for (let n = 1; n <= 150; n++) {
      expect((await signup(app, `reader-${n}@example.com`)).status).toBe(303);
    }
    expect(gated.calls).toHaveLength(1);
    gated.open();
    await sender.idle();

    expect(gated.calls.map(({ endpoint, emails }) => [endpoint, emails])).toEqual([
      ['single', 1],
      ['batch', 100],
      ['batch', 50],
    ]);
    const rows = await confirmationRows(deps.db);
    expect(rows).toHaveLength(151);
    expect(rows.every((row) => row.status === 'sent')).toBe(true);
    // Each batch went under the key its claim wrote; the lone one under its token's key.
    expect(new Set(rows.map((row) => row.batch_key))).toEqual(
      new Set(gated.calls.map((call) => call.key)),
    );
    expect(deps.sent).toHaveLength(151);
    for (let n = 0; n <= 150; n++) {
      expect(emailsTo(deps, `reader-${n}@example.com`).map(messageOf)).toEqual(['confirm']);
    }
  });

  it('gives the same answer, as soon, whether or not the address is known', async () => {
    const gated = gatedMailer();
    deps = await testDeps({ mailer: gated.mailer, start: START });
    await seedSubscribers(deps.db, 1, { dueAt: START, prefix: 'enrolled' });
    const { app, sender } = nodeApp(deps);
    await signup(app, 'pending@example.com');

    // The provider never answers while these are asked: none of them waits for it.
    const answers = [];
    for (const address of ['new@example.com', 'pending@example.com', 'enrolled0@example.com']) {
      const response = await signup(app, address);
      answers.push({
        status: response.status,
        location: response.headers.get('location'),
        body: await response.text(),
      });
    }
    expect(answers[1]).toEqual(answers[0]);
    expect(answers[2]).toEqual(answers[0]);
    gated.open();
    await sender.idle();
    expect(deps.sent.map((email) => email.to).sort()).toEqual([
      'new@example.com',
      'pending@example.com',
    ]);
  });

  it('logs a failed pass without addresses or tokens, and the next kick still sends', async () => {
    deps = await testDeps({ start: START });
    // The claim fails as a broken disk would fail it. A trigger rather than a Kysely plugin:
    // the sending claims are compiled once per process (src/db/prepared.ts), so a plugin
    // added afterwards never sees them.
    const sender = confirmationSender(deps);
    const app = createApp(deps, { confirmationsQueued: () => void sender.kick() });
    await sql`CREATE TRIGGER broken BEFORE UPDATE OF status ON deliveries WHEN NEW.status = 'sending' BEGIN SELECT RAISE(ABORT, 'disk I/O error'); END`.execute(
      deps.db,
    );

    expect((await signup(app, 'logged@example.com')).status).toBe(303);
    await sender.idle();
    expect(deps.sent).toHaveLength(0);
    expect(deps.log.lines.join('\n')).toContain('confirmations.failed');
    expect(deps.log.lines.join('\n')).not.toContain('logged@example.com');

    await sql`DROP TRIGGER broken`.execute(deps.db);
    await sender.kick();
    expect(emailsTo(deps, 'logged@example.com').map(messageOf)).toEqual(['confirm']);
  });
});

describe('crash safety of answering first', () => {
  it('a crash between the subscriber and its confirmation is repaired by the next signup', async () => {
    deps = await testDeps({ start: START });
    // The process dies as it writes the confirmation (here: the database refuses the write).
    await sql`CREATE TRIGGER killed BEFORE INSERT ON deliveries BEGIN SELECT RAISE(ABORT, 'killed'); END`.execute(
      deps.db,
    );
    const crashed = nodeApp(deps);
    expect((await signup(crashed.app, 'half@example.com')).status).toBe(500);
    expect(await confirmationRows(deps.db)).toEqual([]);
    await sql`DROP TRIGGER killed`.execute(deps.db);

    // The person tries again: the pending subscriber gets its first confirmation.
    const { app, sender } = nodeApp(deps);
    expect((await signup(app, 'half@example.com')).status).toBe(303);
    await sender.idle();
    expect(emailsTo(deps, 'half@example.com').map(messageOf)).toEqual(['confirm']);
  });

  it('a crash after answering, before the send, leaves the confirmation to the next tick', async () => {
    deps = await testDeps({ start: START });
    // The process answered, then died before its sender ran.
    const app = createApp(deps, { confirmationsQueued: () => {} });
    expect((await signup(app, 'later@example.com')).status).toBe(303);
    expect(deps.sent).toHaveLength(0);

    deps.clock.advance(MINUTE);
    expect(await tick(deps, deps.clock())).toMatchObject({ sent: 1 });
    expect(await tick(deps, deps.clock())).toMatchObject({ sent: 0 });
    expect(emailsTo(deps, 'later@example.com').map(messageOf)).toEqual(['confirm']);
  });

  it('a batch claimed by a pass that died is sent whole, once, under its key after the lease', async () => {
    api = await startResendServer({ keepBodies: false });
    deps = await resendTestDeps(api, { start: START });
    const app = createApp(deps, { confirmationsQueued: () => {} });
    for (let n = 0; n < 5; n++) await signup(app, `claimed-${n}@example.com`);
    // A pass claims the five as one batch and dies before calling the provider.
    const now = deps.clock();
    const key = await claimConfirmations(deps.db, {
      now: now.toISOString(),
      leaseUntil: new Date(now.getTime() + 10 * MINUTE).toISOString(),
      key: 'tend-batch-died',
      limit: 100,
    });
    expect(key).toBe('tend-batch-died');

    // Neither a confirmation pass nor a tick takes the batch while its lease holds.
    deps.clock.advance(MINUTE);
    expect(await sendConfirmations(deps, deps.clock())).toMatchObject({ sent: 0 });
    expect(await tick(deps, deps.clock())).toMatchObject({ sent: 0 });
    deps.clock.advance(10 * MINUTE);
    expect(await tick(deps, deps.clock())).toMatchObject({ sent: 5 });
    expect(api.requests).toMatchObject([
      { path: '/emails/batch', emails: 5, idempotencyKey: 'tend-batch-died' },
    ]);
    expect([...deliveriesByRecipient(api.accepted).values()]).toEqual([1, 1, 1, 1, 1]);
  });

  it('a confirmation batch whose answer was lost is re-sent whole under the same key', async () => {
    api = await startResendServer({ keepBodies: false });
    deps = await resendTestDeps(api, { start: START });
    const app = createApp(deps, { confirmationsQueued: () => {} });
    for (let n = 0; n < 4; n++) await signup(app, `lost-${n}@example.com`);
    api.faults = () => (api?.requests.length === 0 ? 'drop-after' : null);
    expect(await sendConfirmations(deps, deps.clock())).toMatchObject({ sent: 0, retried: 4 });

    deps.clock.advance(5 * MINUTE);
    expect(await tick(deps, deps.clock())).toMatchObject({ sent: 4 });
    const [first, retry] = api.requests;
    expect(first).toMatchObject({ path: '/emails/batch', emails: 4, status: null });
    expect(retry).toMatchObject({ idempotencyKey: first?.idempotencyKey, emails: 4, status: 200 });
    expect(api.accepted).toHaveLength(4);
    expect((await confirmationRows(deps.db)).every((row) => row.status === 'sent')).toBe(true);
  });
});
