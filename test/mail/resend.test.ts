import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { OutgoingEmail } from '../../src/mail/message.ts';
import { batchResults, resendMailer } from '../../src/mail/resend.ts';
import { type ResendServer, startResendServer } from '../support/resend-server.ts';

let api: ResendServer;
beforeEach(async () => {
  api = await startResendServer({ slowMs: 400 });
});
afterEach(() => api.close());

const mailer = (timeoutMs = 5000) =>
  resendMailer({ apiKey: 're_test', baseUrl: api.url, timeoutMs });

function email(n: number, overrides: Partial<OutgoingEmail> = {}): OutgoingEmail {
  return {
    idempotencyKey: `tend-${n}`,
    from: 'Rebuilding Trust <hello@tend.test>',
    to: `reader${n}@example.com`,
    replyTo: `reply+tok${n}@reply.tend.test`,
    subject: `Lesson ${n}`,
    html: `<p>Hello ${n}</p>`,
    text: `Hello ${n}`,
    headers: {
      'List-Unsubscribe': `<https://tend.test/unsubscribe/tok${n}>`,
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
    },
    tags: [
      { name: 'course', value: 'rebuilding-trust' },
      { name: 'message', value: 'lesson_1' },
      { name: 'delivery', value: String(n) },
    ],
    ...overrides,
  };
}

describe('resendMailer', () => {
  it('sends one email with its key, reply_to, headers and tags on the wire', async () => {
    const result = await mailer().send(email(1));
    expect(result).toEqual({ ok: true, providerId: api.accepted[0]?.id });
    expect(api.accepted[0]).toMatchObject({
      endpoint: '/emails',
      idempotencyKey: 'tend-1',
      to: ['reader1@example.com'],
      replyTo: ['reply+tok1@reply.tend.test'],
      headers: {
        'List-Unsubscribe': '<https://tend.test/unsubscribe/tok1>',
        'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
      },
      tags: [
        { name: 'course', value: 'rebuilding-trust' },
        { name: 'message', value: 'lesson_1' },
        { name: 'delivery', value: '1' },
      ],
      html: '<p>Hello 1</p>',
      text: 'Hello 1',
    });
  });

  it('sends a batch under one key and returns the ids in request order', async () => {
    const emails = [1, 2, 3].map((n) => email(n));
    const result = await mailer().sendBatch(emails, 'tend-batch-a');
    expect(result.ok).toBe(true);
    if (!result.ok) return;
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
    expect(result.results[2]).toEqual({ ok: true, providerId: api.accepted[1]?.id });
    expect(api.accepted.map((e) => e.to[0])).toEqual([
      'reader1@example.com',
      'reader3@example.com',
    ]);
  });

  it('a retry with the same key and payload is answered again and delivered once', async () => {
    const emails = [email(1), email(2)];
    const first = await mailer().sendBatch(emails, 'tend-batch-c');
    const again = await mailer().sendBatch(emails, 'tend-batch-c');
    expect(again).toEqual(first);
    expect(api.accepted).toHaveLength(2);
  });

  it('a key already accepted with another payload counts as sent, with no ids', async () => {
    await mailer().sendBatch([email(1), email(2)], 'tend-batch-d');
    const smaller = await mailer().sendBatch([email(1)], 'tend-batch-d');
    expect(smaller).toEqual({ ok: true, results: [{ ok: true, providerId: null }] });
    expect(api.accepted).toHaveLength(2);
  });

  it('throttling is retryable after the wait the provider asked for', async () => {
    api.faults = () => 'rate-limit';
    expect(await mailer().sendBatch([email(1)], 'k')).toEqual({
      ok: false,
      failure: expect.objectContaining({ kind: 'retryable', retryAfterMs: 1000 }),
    });
  });

  it('5xx, an HTML error page and a dropped connection are retryable', async () => {
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

  it('a quota pauses sending; a refused key pauses it too', async () => {
    api.faults = () => 'daily-quota';
    expect(await mailer().send(email(1))).toMatchObject({ ok: false, failure: { kind: 'quota' } });
    api.faults = () => null;
    const refused = await startResendServer({ apiKey: 're_right' });
    const wrongKey = resendMailer({ apiKey: 're_wrong', baseUrl: refused.url });
    expect(await wrongKey.send(email(1))).toMatchObject({ ok: false, failure: { kind: 'quota' } });
    await refused.close();
  });

  it('refuses to build a batch over 100 emails', async () => {
    const emails = Array.from({ length: 101 }, (_, n) => email(n));
    await expect(mailer().sendBatch(emails, 'k')).rejects.toThrow(/at most 100/);
  });

  it('the double refuses what the API refuses', async () => {
    const response = await fetch(`${api.url}/emails/batch`, {
      method: 'POST',
      headers: { authorization: 'Bearer re_test', 'content-type': 'application/json' },
      body: JSON.stringify(
        Array.from({ length: 101 }, (_, n) => ({
          from: 'a@b.co',
          to: `r${n}@b.co`,
          subject: 's',
          html: 'h',
        })),
      ),
    });
    expect(response.status).toBe(422);
    const tags = await mailer().send(email(1, { tags: [{ name: 'message', value: 'lesson:1' }] }));
    expect(tags).toMatchObject({ ok: false, failure: { kind: 'permanent' } });
  });
});

describe('batchResults', () => {
  it('places ids around the rejected indexes', () => {
    expect(
      batchResults(
        4,
        [{ id: 'a' }, { id: 'b' }],
        [
          { index: 0, message: 'bad' },
          { index: 2, message: 'worse' },
        ],
      ).map((r) => (r.ok ? r.providerId : 'x')),
    ).toEqual(['x', 'a', 'x', 'b']);
  });

  it('gives no ids when the counts do not add up', () => {
    expect(batchResults(2, [{ id: 'a' }], [])).toEqual([
      { ok: true, providerId: null },
      { ok: true, providerId: null },
    ]);
  });
});
