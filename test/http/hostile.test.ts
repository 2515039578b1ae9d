import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.ts';
import { type TestDeps, testDeps } from '../support/deps.ts';
import { ORIGIN, subscribeAndConfirm, tokenOf } from '../support/flows.ts';

/**
 * Whatever a person (or a robot) can send gets a clear 4xx or a normal page: never a 500.
 * Every route is hit with malformed, oversized, wrongly typed and hostile payloads.
 */
let deps: TestDeps;
let token = '';
beforeAll(async () => {
  deps = await testDeps({ start: '2026-06-01T10:00:00Z' });
  await subscribeAndConfirm(deps, { email: 'victim@example.com' });
  const welcome = deps.sent.at(-1);
  if (welcome) token = tokenOf(welcome);
});
afterAll(() => deps.close());

const invalidUtf8 = new Uint8Array([0x65, 0x6d, 0x61, 0x69, 0x6c, 0x3d, 0xff, 0xfe, 0xc3, 0x28]);
const hostileStrings = [
  '',
  ' ',
  'a'.repeat(10_000),
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  'Sam\r\nBcc: everyone@example.com',
  'x@example.com\r\nBcc: everyone@example.com',
  '../../../../etc/passwd',
  '%00%0d%0a',
  '\u0000\u0001\u0002',
  '\u202eevil',
  '💔🔥'.repeat(50),
  "'; DROP TABLE subscribers; --",
  'Etc/GMT+99',
  '../../zoneinfo',
  'America/New_York\u0000',
  '25:99',
  '-1',
  '1e309',
];

function bodies(): { type: string; body: BodyInit }[] {
  const out: { type: string; body: BodyInit }[] = [
    { type: 'application/json', body: '{"email": ' },
    { type: 'application/json', body: '[1,2,3]' },
    { type: 'application/json', body: 'null' },
    { type: 'application/json', body: '"just a string"' },
    {
      type: 'application/json',
      body: JSON.stringify({ email: ['a@b.c'], name: { x: 1 }, role: 42, send_time: true }),
    },
    { type: 'application/json', body: JSON.stringify({ __proto__: { admin: true }, email: 1 }) },
    { type: 'application/x-www-form-urlencoded', body: invalidUtf8 },
    { type: 'application/x-www-form-urlencoded', body: 'email=%E0%A4%A&name=%' },
    { type: 'multipart/form-data; boundary=xyz', body: '--xyz\r\nbroken' },
    { type: 'multipart/form-data', body: 'no boundary at all' },
    { type: 'text/xml', body: '<email>a@b.c</email>' },
    { type: 'application/x-www-form-urlencoded', body: 'x'.repeat(200_000) },
  ];
  for (const value of hostileStrings) {
    const fields = {
      email: value,
      name: value,
      role: value,
      timezone: value,
      send_time: value,
      discreet: value,
    };
    out.push({
      type: 'application/x-www-form-urlencoded',
      body: new URLSearchParams(fields).toString(),
    });
    out.push({ type: 'application/json', body: JSON.stringify(fields) });
    out.push({
      type: 'application/x-www-form-urlencoded',
      body: new URLSearchParams({
        email: 'ok@example.com',
        role: 'hurt',
        name: value,
        timezone: value,
      }).toString(),
    });
  }
  return out;
}

describe('hostile input', () => {
  it('never gets a 500 from any route', async () => {
    const app = createApp(deps);
    const paths = [
      '/',
      '/subscribe',
      '/check-your-inbox',
      '/help',
      '/healthz',
      `/confirm/${token}`,
      `/unsubscribe/${token}x`,
      '/confirm/%00',
      '/confirm/..%2F..%2F',
      `/confirm/${'a'.repeat(5000)}`,
      '/unsubscribe/%E0%A4%A',
      `/preferences/${token}`,
      `/reflect/${token}`,
      `/journal/${token}`,
      '/webhooks/resend',
      '/admin',
      '/dev/outbox/%2e%2e',
      '/nope',
    ];
    const failures: string[] = [];
    for (const path of paths) {
      for (const method of ['GET', 'POST', 'PUT', 'DELETE', 'HEAD']) {
        const requests: RequestInit[] =
          method === 'POST'
            ? bodies().map(({ type, body }) => ({
                method,
                body,
                headers: { ...ORIGIN, 'Content-Type': type },
              }))
            : [{ method }];
        for (const init of requests) {
          const response = await app.request(path, init);
          if (response.status >= 500) failures.push(`${method} ${path} -> ${response.status}`);
        }
      }
    }
    expect(failures).toEqual([]);
  });

  it('rejects oversized bodies with 413', async () => {
    const response = await createApp(deps).request('/subscribe', {
      method: 'POST',
      headers: { ...ORIGIN, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: `email=${'a'.repeat(100_000)}`,
    });
    expect(response.status).toBe(413);
  });

  it('stores names without control characters or markup, and escapes them in email', async () => {
    await createApp(deps).request('/subscribe', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        email: 'inject@example.com',
        role: 'hurt',
        name: 'Sam\r\nBcc: all@example.com <b>',
      }),
    });
    const row = await deps.db
      .selectFrom('subscribers')
      .select('name')
      .where('email', '=', 'inject@example.com')
      .executeTakeFirst();
    expect(row?.name).toBe('Sam Bcc: all@example.com b');
    const confirmation = deps.sent.at(-1);
    expect(confirmation?.to).toBe('inject@example.com');
    expect(confirmation?.html).not.toContain('<b>');
  });

  it('sets secure headers on pages', async () => {
    const response = await createApp(deps).request('/');
    expect(response.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('x-frame-options')).toBe('SAMEORIGIN');
  });
});
