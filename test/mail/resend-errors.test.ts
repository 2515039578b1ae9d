import { describe, expect, it } from 'vitest';
import {
  ACCOUNT_PAUSE_MS,
  classifyResendError,
  redact,
  waitFrom,
} from '../../src/mail/resend-errors.ts';

const now = new Date('2026-03-01T12:00:00Z');
type Name = Parameters<typeof classifyResendError>[0]['name'];
const error = (name: Name | string, statusCode: number | null, message = 'x') => ({
  name: name as Name,
  statusCode,
  message,
});

describe('classifyResendError', () => {
  it('429 rate_limit_exceeded is retryable after what retry-after says', () => {
    expect(
      classifyResendError(error('rate_limit_exceeded', 429), { 'retry-after': '3' }, now),
    ).toMatchObject({ kind: 'retryable', retryAfterMs: 3000 });
  });

  it('falls back on ratelimit-reset, then on a second', () => {
    expect(
      classifyResendError(error('rate_limit_exceeded', 429), { 'ratelimit-reset': '7' }, now),
    ).toMatchObject({ kind: 'retryable', retryAfterMs: 7000 });
    expect(classifyResendError(error('rate_limit_exceeded', 429), null, now)).toMatchObject({
      kind: 'retryable',
      retryAfterMs: 1000,
    });
  });

  it('daily and monthly quotas pause sending, until the headers say when it resets', () => {
    expect(classifyResendError(error('daily_quota_exceeded', 429), null, now)).toEqual({
      kind: 'quota',
      reason: expect.stringContaining('daily_quota_exceeded'),
    });
    expect(
      classifyResendError(error('monthly_quota_exceeded', 429), { 'retry-after': '3600' }, now),
    ).toMatchObject({ kind: 'quota', resumeAt: new Date('2026-03-01T13:00:00Z') });
  });

  it('5xx, bad gateways and requests that never got an answer are retryable', () => {
    expect(classifyResendError(error('internal_server_error', 500), null, now).kind).toBe(
      'retryable',
    );
    expect(classifyResendError(error('application_error', 502), {}, now).kind).toBe('retryable');
    expect(classifyResendError(error('application_error', null), null, now)).toMatchObject({
      kind: 'retryable',
      reason: expect.stringContaining('no answer'),
    });
  });

  it("the email's own problems are permanent", () => {
    for (const [name, status] of [
      ['validation_error', 422],
      ['validation_error', 400],
      ['missing_required_field', 422],
      ['invalid_parameter', 422],
      ['invalid_idempotency_key', 400],
    ] as const) {
      expect(classifyResendError(error(name, status), null, now).kind).toBe('permanent');
    }
  });

  it("the account's problems pause sending instead of failing every email", () => {
    for (const [name, status] of [
      ['invalid_api_key', 403],
      ['missing_api_key', 401],
      ['restricted_api_key', 401],
      ['invalid_from_address', 403],
      ['validation_error', 403],
      ['not_found', 404],
    ] as const) {
      expect(classifyResendError(error(name, status), null, now)).toMatchObject({
        kind: 'quota',
        resumeAt: new Date(now.getTime() + ACCOUNT_PAUSE_MS),
      });
    }
  });

  it('a key reused with another payload means the earlier call went through', () => {
    expect(classifyResendError(error('invalid_idempotent_request', 409), null, now).kind).toBe(
      'accepted-earlier',
    );
    expect(classifyResendError(error('concurrent_idempotent_requests', 409), null, now).kind).toBe(
      'retryable',
    );
  });

  it('a name it does not know is classified by status', () => {
    expect(classifyResendError(error('brand_new_error', 503), null, now).kind).toBe('retryable');
    expect(classifyResendError(error('brand_new_error', 422), null, now).kind).toBe('permanent');
    expect(classifyResendError(error('brand_new_error', 429), null, now).kind).toBe('retryable');
    expect(classifyResendError(error('brand_new_error', 401), null, now).kind).toBe('quota');
  });

  it('never puts an address in the reason', () => {
    const failure = classifyResendError(
      error('validation_error', 422, 'Invalid `to` field: someone@example.org is not allowed'),
      null,
      now,
    );
    expect(failure.reason).not.toContain('someone@example.org');
    expect(failure.reason).toContain('<address>');
  });
});

describe('waitFrom', () => {
  it('reads retry-after as seconds or an HTTP date, in any header case', () => {
    expect(waitFrom({ 'Retry-After': '2' })).toBe(2000);
    expect(waitFrom({ 'retry-after': 'Sun, 01 Mar 2026 12:00:30 GMT' }, now)).toBe(30_000);
    expect(waitFrom({ 'retry-after': 'soon' })).toBeUndefined();
    expect(waitFrom(null)).toBeUndefined();
  });
});

describe('redact', () => {
  /** What the single pattern gave, for comparison on short text. */
  const byPattern = (message: string) =>
    message.replace(/[^\s<>"'`(),;:]+@[^\s<>"'`(),;:]+/g, '<address>').slice(0, 200);

  it.each([
    'The to field is invalid: jane.doe+x@example.com, <bob@example.org>; (c@d.e)',
    'no address here',
    'edge @start and end@ and a@@b and @@ and "q@r"',
    'Invalid `from` field: Name <noreply@tend.example>',
  ])('takes addresses out as the pattern did: %s', (message) => {
    expect(redact(message)).toBe(byPattern(message));
    expect(redact(message)).not.toMatch(/\w@\w/);
  });

  it('never shows half an address cut by the input cap', () => {
    // Three long addresses shrink to 30 characters; the cap then falls just after the "@" of
    // the fourth, whose local part would otherwise be shown.
    const long = `${'k'.repeat(1_000)}@x.y `.repeat(3);
    const message = `${long}secret${'v'.repeat(3_999 - long.length - 6)}@example.org`;
    expect(message.indexOf('@example')).toBe(3_999);
    expect(redact(message)).not.toContain('secret');
    expect(redact(message)).toContain('<address>');
  });

  it('costs per byte on a long run without separators about what ordinary text costs', () => {
    const size = 200_000;
    const ordinary = 'Delivery failed for one recipient, please retry later. '.repeat(size / 56);
    const hostile = 'a'.repeat(ordinary.length);
    const best = (text: string) => {
      let time = Number.POSITIVE_INFINITY;
      for (let run = 0; run < 5; run++) {
        const started = performance.now();
        redact(text);
        time = Math.min(time, performance.now() - started);
      }
      return time;
    };
    best(ordinary);
    best(hostile);
    expect(best(hostile) / Math.max(best(ordinary), 0.01)).toBeLessThan(4);
  });
});
