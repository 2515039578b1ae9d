import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.ts';
import { confirmationSender } from '../../src/delivery/confirmation-sender.ts';
import { addWebhookEndpoint } from '../../src/outgoing/endpoints.ts';
import { batchedSignups } from '../../src/subscribers/signup-batches.ts';
import { type TestDeps, testDeps } from '../support/deps.ts';
import { emailsTo, form, messageOf } from '../support/flows.ts';
import { seedSubscribers } from '../support/seed.ts';

let deps: TestDeps | undefined;
afterEach(async () => {
  await deps?.close();
  deps = undefined;
});

/** The app as Node composes it: signups of one event-loop turn share a transaction. */
function nodeApp(d: TestDeps) {
  const sender = confirmationSender(d, { defer: setImmediate });
  const app = createApp(d, {
    confirmationsQueued: () => void sender.kick(),
    signUp: batchedSignups(d, setImmediate),
  });
  return { app, sender };
}

const signup = (app: ReturnType<typeof createApp>, email: string) =>
  app.request('/subscribe', form({ email, role: 'together', timezone: 'UTC' }));

describe('signups recorded together (Node)', () => {
  it('records signups that arrive together, each with its confirmation, each answered', async () => {
    deps = await testDeps({ start: '2026-06-01T10:00:00Z' });
    const { app, sender } = nodeApp(deps);
    const addresses = Array.from({ length: 120 }, (_, n) => `together-${n}@example.com`);
    const answers = await Promise.all(addresses.map((email) => signup(app, email)));
    expect(answers.map((answer) => answer.status)).toEqual(addresses.map(() => 303));
    await sender.idle();
    const rows = await deps.db
      .selectFrom('enrollments')
      .innerJoin('deliveries', 'deliveries.enrollment_id', 'enrollments.id')
      .select(['enrollments.status', 'deliveries.message_key'])
      .execute();
    expect(rows).toHaveLength(120);
    expect(rows.every((row) => row.status === 'pending' && row.message_key === 'confirm:1')).toBe(
      true,
    );
    for (const email of addresses) {
      expect(emailsTo(deps, email).map(messageOf)).toEqual(['confirm']);
    }
  });

  it('records the webhook event of every new enrollment of a batch, and only those', async () => {
    deps = await testDeps({ start: '2026-06-01T10:00:00Z' });
    await seedSubscribers(deps.db, 1, { dueAt: '2026-06-01T10:00:00Z', prefix: 'known' });
    const created = await addWebhookEndpoint(deps, 'https://hooks.example/a', [
      'subscriber.created',
    ]);
    await addWebhookEndpoint(deps, 'https://hooks.example/b', ['subscriber.confirmed']);
    const { app, sender } = nodeApp(deps);
    const addresses = Array.from({ length: 30 }, (_, n) => `hooked-${n}@example.com`);
    const answers = await Promise.all(
      [...addresses, 'known0@example.com'].map((email) => signup(app, email)),
    );
    expect(answers.every((answer) => answer.status === 303)).toBe(true);
    await sender.idle();
    const messages = await deps.db
      .selectFrom('webhook_messages')
      .select(['endpoint_id', 'type', 'payload', 'subscriber_id'])
      .execute();
    // One for each new address, to the endpoint that listens for it; none for the known one.
    expect(messages).toHaveLength(30);
    expect(messages.every((message) => message.endpoint_id === created.endpoint.id)).toBe(true);
    expect(messages.every((message) => message.type === 'subscriber.created')).toBe(true);
    const people = await deps.db.selectFrom('subscribers').select(['id', 'email']).execute();
    const idOf = new Map(people.map((person) => [person.email, person.id]));
    const bodies = messages.map((message) => ({
      subscriberId: message.subscriber_id,
      body: JSON.parse(message.payload) as { data: { email: string; subscriber_id: number } },
    }));
    expect(bodies.map(({ body }) => body.data.email).sort()).toEqual([...addresses].sort());
    for (const { subscriberId, body } of bodies) {
      expect(subscriberId).toBe(idOf.get(body.data.email));
      expect(body.data.subscriber_id).toBe(subscriberId);
    }
  });

  it('a signup that fails fails alone; the others of its batch are recorded', async () => {
    deps = await testDeps({ start: '2026-06-01T10:00:00Z' });
    // The database refuses one address, as a full disk or a broken row would.
    await sql`CREATE TRIGGER refuse_broken BEFORE INSERT ON subscribers
      WHEN NEW.email = 'broken@example.com' BEGIN SELECT RAISE(ABORT, 'disk'); END`.execute(
      deps.db,
    );
    const { app, sender } = nodeApp(deps);
    const answers = await Promise.all(
      ['ok-1@example.com', 'broken@example.com', 'ok-2@example.com'].map((email) =>
        signup(app, email),
      ),
    );
    expect(answers.map((answer) => answer.status)).toEqual([303, 500, 303]);
    await sender.idle();
    expect(deps.sent.map((email) => email.to).sort()).toEqual([
      'ok-1@example.com',
      'ok-2@example.com',
    ]);
  });

  it('answers a known address as it answers a new one', async () => {
    deps = await testDeps({ start: '2026-06-01T10:00:00Z' });
    await seedSubscribers(deps.db, 1, { dueAt: '2026-06-01T10:00:00Z', prefix: 'known' });
    const { app, sender } = nodeApp(deps);
    const [known, fresh] = await Promise.all([
      signup(app, 'known0@example.com'),
      signup(app, 'fresh@example.com'),
    ]);
    expect(known.status).toBe(fresh.status);
    expect(known.headers.get('location')).toBe(fresh.headers.get('location'));
    expect(await known.text()).toBe(await fresh.text());
    await sender.idle();
    expect(deps.sent.map((email) => email.to)).toEqual(['fresh@example.com']);
  });
});
