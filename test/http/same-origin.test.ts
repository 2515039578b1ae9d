import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.ts';
import { requestSource } from '../../src/routes/same-origin.tsx';
import { PUBLIC_URL, type TestDeps, testDeps } from '../support/deps.ts';

let deps: TestDeps;
beforeEach(async () => {
  deps = await testDeps({ start: '2026-06-01T10:00:00Z', env: { ADMIN_PASSWORD: 'a'.repeat(16) } });
});
afterEach(() => deps.close());

/** A form POST with the headers a browser (or a program) would send. */
function post(path: string, fields: Record<string, string>, headers: Record<string, string>) {
  return createApp(deps).request(path, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(fields).toString(),
  });
}

const count = async () =>
  Number(
    (
      await deps.db
        .selectFrom('subscribers')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

// Each case: the headers, whether the signup is accepted. The same rule holds for every
// state-changing route, the console's included (test/admin/auth.test.ts).
const CASES: [name: string, headers: Record<string, string>, accepted: boolean][] = [
  ['Origin ours', { Origin: PUBLIC_URL }, true],
  ['Origin ours, same-origin', { Origin: PUBLIC_URL, 'Sec-Fetch-Site': 'same-origin' }, true],
  ['Origin absent, same-origin', { 'Sec-Fetch-Site': 'same-origin' }, true],
  ['Origin null, same-origin', { Origin: 'null', 'Sec-Fetch-Site': 'same-origin' }, true],
  ['no Origin and no Sec-Fetch-Site: not a browser', {}, true],
  ['Origin null without Sec-Fetch-Site', { Origin: 'null' }, false],
  ['Origin null, cross-site', { Origin: 'null', 'Sec-Fetch-Site': 'cross-site' }, false],
  ['Origin absent, cross-site', { 'Sec-Fetch-Site': 'cross-site' }, false],
  ['Origin absent, same-site', { 'Sec-Fetch-Site': 'same-site' }, false],
  ['Origin absent, none', { 'Sec-Fetch-Site': 'none' }, false],
  ['another Origin', { Origin: 'https://evil.example' }, false],
  ['a sibling subdomain', { Origin: 'https://a.tend.test', 'Sec-Fetch-Site': 'same-site' }, false],
  [
    'another Origin claiming same-origin',
    { Origin: 'https://evil.example', 'Sec-Fetch-Site': 'same-origin' },
    false,
  ],
];

describe('state-changing requests', () => {
  it.each(CASES)('%s', async (_name, headers, accepted) => {
    const response = await post('/subscribe', { email: 'x@example.com', role: 'hurt' }, headers);
    if (accepted) {
      expect(response.status).toBe(303);
      expect(await count()).toBe(1);
    } else {
      expect(response.status).toBe(403);
      expect(response.headers.get('content-type')).toMatch(/^text\/html/);
      expect(response.headers.get('cache-control')).toBe('no-store');
      const html = await response.text();
      expect(html).toContain('<html lang="en">');
      expect(html).toMatch(/<title>[^<]+<\/title>/);
      expect(html).toContain('href="/assets/site.css"');
      expect(html).toContain('href="/help"');
      expect(await count()).toBe(0);
    }
  });

  it('refuses a cross-site JSON post as well as a form', async () => {
    const response = await createApp(deps).request('/subscribe', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Origin: 'https://evil.example' },
      body: JSON.stringify({ email: 'json@example.com' }),
    });
    expect(response.status).toBe(403);
    expect(await count()).toBe(0);
  });

  it('logs a refusal with the origin only', async () => {
    await post('/subscribe', { email: 'x@example.com' }, { Origin: 'https://evil.example' });
    const line = deps.log.lines.find((entry) => entry.includes('http.cross_site_refused'));
    expect(line && JSON.parse(line)).toMatchObject({ origin: 'https://evil.example' });
    expect(line).not.toContain('x@example.com');
  });

  it('leaves the mail providers’ posts to their own checks (one-click, webhooks)', async () => {
    const headers = { Origin: 'https://mail.example', 'Sec-Fetch-Site': 'cross-site' };
    const oneClick = await post(
      '/unsubscribe/nothing',
      { 'List-Unsubscribe': 'One-Click' },
      headers,
    );
    expect(oneClick.status).toBe(404);
    const webhook = await post('/webhooks/resend', {}, headers);
    expect(webhook.status).not.toBe(403);
  });

  it('tells browsers to send our origin to us and nothing to other sites', async () => {
    for (const path of ['/', '/help', '/admin/login']) {
      const response = await createApp(deps).request(path);
      expect([path, response.headers.get('referrer-policy')]).toEqual([path, 'same-origin']);
      expect(await response.text()).not.toContain('name="referrer"');
    }
  });
});

describe('requestSource', () => {
  const ours = (origin: string) => origin === 'https://tend.test';
  it('names where a request came from', () => {
    expect(requestSource('https://tend.test', undefined, ours)).toBe('ours');
    expect(requestSource('null', 'same-origin', ours)).toBe('ours');
    expect(requestSource(undefined, 'same-origin', ours)).toBe('ours');
    expect(requestSource(undefined, undefined, ours)).toBe('not a browser');
    expect(requestSource('null', undefined, ours)).toBe('another site');
    expect(requestSource('https://tend.test.evil', 'same-origin', ours)).toBe('another site');
    expect(requestSource(undefined, 'cross-site', ours)).toBe('another site');
  });
});
