import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { OutgoingEmail } from '../../src/mail/message.ts';
import { resendMailer } from '../../src/mail/resend.ts';
import { toWire } from '../../src/mail/resend-wire.ts';
import { nodeApiTransport } from '../../src/node/resend-http.ts';
import { type ResendServer, startResendServer } from '../support/resend-server.ts';

let api: ResendServer;
beforeEach(async () => {
  api = await startResendServer({ slowMs: 400 });
});
afterEach(() => api.close());

/** The adapter as Node runs it: batches over node:http, single emails through the SDK. */
const mailer = (timeoutMs = 5000, baseUrl = api.url, apiKey = 're_test') =>
  resendMailer({ apiKey, baseUrl, timeoutMs, batchTransport: nodeApiTransport() });

function email(n: number, overrides: Partial<OutgoingEmail> = {}): OutgoingEmail {
  return {
    idempotencyKey: `tend-${n}`,
    from: 'Rebuilding Trust <hello@tend.test>',
    to: `reader${n}@example.com`,
    replyTo: `reply+tok${n}@reply.tend.test`,
    subject: `Lesson ${n} – “quoted” ✓`,
    html: `<p style="color: red">Hello ${n} &#8230;</p>`,
    text: `Hello ${n}…`,
    headers: { 'List-Unsubscribe': `<https://tend.test/unsubscribe/tok${n}>` },
    tags: [{ name: 'delivery', value: String(n) }],
    ...overrides,
  };
}

describe('batches over node:http', () => {
  it('sends the very request the SDK sends: same bytes, same headers', async () => {
    const seen: { body: string; headers: IncomingHttpHeaders }[] = [];
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        seen.push({ body: Buffer.concat(chunks).toString('utf8'), headers: req.headers });
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ data: [{ id: 'a' }, { id: 'b' }], errors: [] }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const emails = [email(1), email(2, { replyTo: undefined })];
    const sdk = resendMailer({ apiKey: 're_test', baseUrl: url });
    expect(await sdk.sendBatch(emails, 'k-same')).toEqual(
      await mailer(5000, url).sendBatch(emails, 'k-same'),
    );
    server.close();
    const [viaSdk, viaHttp] = seen;
    expect(viaHttp?.body).toBe(viaSdk?.body);
    for (const name of [
      'authorization',
      'content-type',
      'idempotency-key',
      'x-batch-validation',
      'user-agent',
    ]) {
      expect(viaHttp?.headers[name], name).toBe(viaSdk?.headers[name]);
    }
  });

  it('reuses one body buffer batch after batch, and each request carries only its own bytes', async () => {
    const bodies: string[] = [];
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        bodies.push(Buffer.concat(chunks).toString('utf8'));
        const count = (JSON.parse(bodies.at(-1) ?? '[]') as unknown[]).length;
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify({ data: Array.from({ length: count }, (_, i) => ({ id: `${i}` })) }),
        );
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const one = mailer(5000, url);
    const batches = [
      [1, 2, 3].map((n) => email(n, { html: `<p>${'long '.repeat(2000)}${n}</p>` })),
      [email(4)],
      [email(5), email(6, { text: 'ünïcödé ✓ 🌿' })],
    ];
    for (const batch of batches) expect((await one.sendBatch(batch, 'k')).ok).toBe(true);
    // Two at once: the second cannot share the first's buffer while it is being sent.
    await Promise.all(batches.map((batch) => one.sendBatch(batch, 'k')));
    server.close();
    const expected = batches.map((batch) => JSON.stringify(batch.map(toWire)));
    expect(bodies.slice(0, 3)).toEqual(expected);
    expect(bodies.slice(3).sort()).toEqual([...expected].sort());
  });

  it('sends a batch under one key and returns the ids in request order', async () => {
    const emails = [1, 2, 3].map((n) => email(n));
    const result = await mailer().sendBatch(emails, 'tend-batch-a');
    if (!result.ok) throw new Error('batch failed');
    expect(api.accepted.map((e) => e.to[0])).toEqual(emails.map((e) => e.to));
    expect(result.results).toEqual(api.accepted.map((e) => ({ ok: true, providerId: e.id })));
    expect(api.requests[0]).toMatchObject({
      path: '/emails/batch',
      idempotencyKey: 'tend-batch-a',
    });
  });

  it('fails only the email the provider rejects alone, and sends the others', async () => {
    const emails = [email(1), email(2, { to: 'not-an-address' }), email(3)];
    const result = await mailer().sendBatch(emails, 'tend-batch-b');
    if (!result.ok) throw new Error('batch failed');
    expect(result.results.map((r) => r.ok)).toEqual([true, false, true]);
    expect(result.results[1]).toMatchObject({ ok: false, failure: { kind: 'permanent' } });
  });

  it('a retry with the same key is answered again, or counts as sent when the payload shrank', async () => {
    const first = await mailer().sendBatch([email(1), email(2)], 'tend-batch-c');
    expect(await mailer().sendBatch([email(1), email(2)], 'tend-batch-c')).toEqual(first);
    expect(await mailer().sendBatch([email(1)], 'tend-batch-c')).toEqual({
      ok: true,
      results: [{ ok: true, providerId: null }],
    });
    expect(api.accepted).toHaveLength(2);
  });

  it('throttling is retryable after the wait asked for; 5xx, HTML and drops are retryable', async () => {
    api.faults = () => 'rate-limit';
    expect(await mailer().sendBatch([email(1)], 'k')).toEqual({
      ok: false,
      failure: expect.objectContaining({ kind: 'retryable', retryAfterMs: 1000 }),
    });
    for (const fault of ['server-error', 'bad-gateway', 'drop-before', 'drop-after'] as const) {
      api.faults = () => fault;
      const result = await mailer().sendBatch([email(1)], `k-${fault}`);
      expect(result, fault).toMatchObject({ ok: false, failure: { kind: 'retryable' } });
    }
  });

  it('gives up on a slow answer, and the retry is de-duplicated by key', async () => {
    api.faults = (request) => (api.requests.length === 0 && request.emails ? 'slow' : null);
    const first = await mailer(100).sendBatch([email(1)], 'k-slow');
    expect(first).toMatchObject({ ok: false, failure: { kind: 'retryable' } });
    await new Promise((resolve) => setTimeout(resolve, 500));
    const retry = await mailer(100).sendBatch([email(1)], 'k-slow');
    expect(retry).toEqual({ ok: true, results: [{ ok: true, providerId: api.accepted[0]?.id }] });
    expect(api.accepted).toHaveLength(1);
  });

  it('a spent quota and a refused key pause sending; nobody listening is retryable', async () => {
    api.faults = () => 'daily-quota';
    expect(await mailer().sendBatch([email(1)], 'k-q')).toMatchObject({
      ok: false,
      failure: { kind: 'quota' },
    });
    const refused = await startResendServer({ apiKey: 're_right' });
    expect(await mailer(5000, refused.url, 're_wrong').sendBatch([email(1)], 'k-r')).toMatchObject({
      ok: false,
      failure: { kind: 'quota' },
    });
    await refused.close();
    expect(await mailer(5000, refused.url).sendBatch([email(1)], 'k-n')).toMatchObject({
      ok: false,
      failure: { kind: 'retryable' },
    });
  });
});
