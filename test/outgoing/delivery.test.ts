import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.ts';
import { listWebhookEndpoints } from '../../src/db/webhooks.ts';
import { RETRY_DELAYS_MS } from '../../src/outgoing/backoff.ts';
import { addWebhookEndpoint } from '../../src/outgoing/endpoints.ts';
import { sendWebhooks } from '../../src/outgoing/send.ts';
import { erase } from '../../src/subscribers/erase.ts';
import { type TestDeps, testDeps } from '../support/deps.ts';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver.ts';

let deps: TestDeps;
let receiver: WebhookReceiver | undefined;
beforeEach(async () => {
  // The receiver checks signature timestamps against the real clock, so the test's starts there.
  deps = await testDeps({ start: new Date().toISOString() });
});
afterEach(async () => {
  await receiver?.close();
  receiver = undefined;
  await deps.close();
});

const signUp = (email: string) =>
  createApp(deps).request('/subscribe', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email }),
  });

const ledger = () =>
  deps.db.selectFrom('webhook_messages').selectAll().orderBy('created_at').execute();

describe('outgoing webhooks', () => {
  it('signs each delivery, retries failures under the same id, and is acted on once', async () => {
    receiver = await startWebhookReceiver((attempt) => (attempt <= 2 ? 503 : 200));
    const { secret } = await addWebhookEndpoint(deps, receiver.url, ['subscriber.created']);
    receiver.secret = secret;
    await signUp('ana@example.org');
    await signUp('ben@example.org');
    await signUp('ana@example.org'); // known: no second event

    const rows = await ledger();
    expect(rows.map((row) => row.type)).toEqual(['subscriber.created', 'subscriber.created']);
    expect(rows.every((row) => row.status === 'pending')).toBe(true);

    expect(await sendWebhooks(deps, deps.clock())).toMatchObject({ delivered: 0, retried: 2 });
    // Not yet due again: nothing is sent.
    expect(await sendWebhooks(deps, deps.clock())).toMatchObject({ delivered: 0, retried: 0 });
    deps.clock.advance(RETRY_DELAYS_MS[0] ?? 0);
    expect(await sendWebhooks(deps, deps.clock())).toMatchObject({ retried: 2 });
    deps.clock.advance(RETRY_DELAYS_MS[1] ?? 0);
    expect(await sendWebhooks(deps, deps.clock())).toMatchObject({ delivered: 2 });

    expect(receiver.attempts).toHaveLength(6);
    expect(receiver.attempts.every((attempt) => attempt.verified)).toBe(true);
    const ids = rows.map((row) => row.id);
    for (const id of ids) {
      expect(receiver.attempts.filter((attempt) => attempt.id === id)).toHaveLength(3);
    }
    expect([...receiver.acted.keys()].sort()).toEqual([...ids].sort());
    const bodies = [...receiver.acted.values()] as { type: string; data: { email: string } }[];
    expect(bodies.map((body) => body.data.email).sort()).toEqual([
      'ana@example.org',
      'ben@example.org',
    ]);
    expect((await ledger()).every((row) => row.status === 'delivered' && row.attempts === 3)).toBe(
      true,
    );
  });

  it('sends only the events an endpoint asked for, to every endpoint that did', async () => {
    receiver = await startWebhookReceiver();
    const { secret } = await addWebhookEndpoint(deps, receiver.url, null);
    receiver.secret = secret;
    await addWebhookEndpoint(deps, 'http://127.0.0.1:9/unused', ['email.sent']);
    await signUp('cy@example.org');
    const rows = await ledger();
    // The signup's event for the every-event endpoint; email.sent (the confirmation) for both.
    expect(rows.map((row) => `${row.endpoint_id}:${row.type}`).sort()).toEqual([
      '1:email.sent',
      '1:subscriber.created',
      '2:email.sent',
    ]);
    const sent = JSON.parse(rows.find((row) => row.type === 'email.sent')?.payload ?? '{}');
    expect(sent.data).toMatchObject({ message: 'confirm:1', subscriber_id: expect.any(Number) });
    expect(JSON.stringify(sent)).not.toContain('cy@example.org');
  });

  it('disables an endpoint that has failed for three days, and gives up its messages', async () => {
    receiver = await startWebhookReceiver(() => 500);
    const { secret } = await addWebhookEndpoint(deps, receiver.url, null);
    receiver.secret = secret;
    await signUp('dee@example.org');
    const start = deps.clock().getTime();
    let report = await sendWebhooks(deps, deps.clock());
    for (const delay of RETRY_DELAYS_MS) {
      deps.clock.advance(delay);
      report = await sendWebhooks(deps, deps.clock());
    }
    expect(deps.clock().getTime() - start).toBeGreaterThan(3 * 86_400_000);
    expect(report.failed).toBeGreaterThan(0);
    const [endpoint] = await listWebhookEndpoints(deps.db);
    expect(endpoint?.disabledAt).not.toBeNull();
    expect(endpoint?.disabledReason).toBe('failing for three days');
    expect((await ledger()).every((row) => row.status === 'failed')).toBe(true);
    expect(deps.log.lines.some((line) => line.includes('webhook.endpoint_disabled'))).toBe(true);
    // A disabled endpoint gets nothing new.
    await signUp('eve@example.org');
    deps.clock.advance(3600_000);
    const before = receiver.attempts.length;
    await sendWebhooks(deps, deps.clock());
    expect(receiver.attempts.length).toBe(before);
  });

  it('retries network errors, and a success ends an endpoint’s run of failures', async () => {
    const { secret } = await addWebhookEndpoint(deps, 'http://127.0.0.1:9/closed', null);
    await signUp('fay@example.org');
    const first = await sendWebhooks(deps, deps.clock());
    expect(first.retried).toBeGreaterThan(0);
    const [failing] = await listWebhookEndpoints(deps.db);
    expect(failing?.failingSince).not.toBeNull();
    expect((await ledger())[0]?.last_error).toMatch(/^network/);
    receiver = await startWebhookReceiver();
    receiver.secret = secret;
    await deps.db.updateTable('webhook_endpoints').set({ url: receiver.url }).execute();
    deps.clock.advance(RETRY_DELAYS_MS[0] ?? 0);
    expect((await sendWebhooks(deps, deps.clock())).delivered).toBeGreaterThan(0);
    const [healthy] = await listWebhookEndpoints(deps.db);
    expect(healthy?.failingSince).toBeNull();
  });
});

describe('erasure and webhooks', () => {
  it('deletes every message that named the person and leaves one subscriber.erased', async () => {
    await addWebhookEndpoint(deps, 'http://127.0.0.1:9/unused', null);
    await signUp('gus@example.org');
    const subscriber = await deps.db
      .selectFrom('subscribers')
      .selectAll()
      .where('email', '=', 'gus@example.org')
      .executeTakeFirstOrThrow();
    expect((await ledger()).map((row) => row.payload).join()).toContain('gus@example.org');
    await erase(deps, subscriber);
    const rows = await ledger();
    expect(rows.map((row) => row.type)).toEqual(['subscriber.erased']);
    expect(JSON.parse(rows[0]?.payload ?? '{}').data).toEqual({ subscriber_id: subscriber.id });
  });
});
