import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.ts';
import { dbOutboxStore } from '../../src/mail/outbox-db.ts';
import { ADMIN_PASSWORD, signIn } from '../admin/support.ts';
import { type TestDeps, testDeps } from '../support/deps.ts';
import { enrollmentByEmail } from '../support/enrollments.ts';
import { ORIGIN, subscribeAndConfirm, tokenOf } from '../support/flows.ts';
import { webhookSecret } from '../support/svix.ts';

/**
 * Whatever a person (or a robot) can send gets a clear 4xx or a normal page: never a 500.
 * Every route the app has (read from the app itself, so a new route is covered the day it is
 * added) is hit with malformed, oversized, wrongly typed and hostile payloads and path
 * segments, the console's signed in.
 */
let deps: TestDeps;
let token = '';
/** A subscriber for the console's routes, apart from the one whose links are attacked. */
let targetId = 0;
beforeAll(async () => {
  deps = await testDeps({
    start: '2026-06-01T10:00:00Z',
    env: { ADMIN_PASSWORD, RESEND_WEBHOOK_SECRET: webhookSecret() },
  });
  await subscribeAndConfirm(deps, { email: 'victim@example.com' });
  const welcome = deps.sent.at(-1);
  if (welcome) token = tokenOf(welcome);
  await subscribeAndConfirm(deps, { email: 'target@example.com' });
  const target = await enrollmentByEmail(deps.db, 'target@example.com');
  if (!target) throw new Error('no enrollment');
  targetId = target.id;
});
afterAll(() => deps.close());

/** Path segments no route expects, put in place of each parameter in turn. */
const hostileSegments = [
  '%00',
  '..%2F..%2F',
  '%2e%2e',
  'a'.repeat(5000),
  '%E0%A4%A',
  '%F0%9F%92%94',
  '-1',
  '1e309',
  '99999999999999999999',
];

/** `:name` or `:name{pattern}` in a route's path. */
const PARAM = /:([A-Za-z_]+)(\{(?:[^{}]|\{[^{}]*\})*\})?/g;

/**
 * Concrete paths for a route: each parameter given a value that works (or a plain one when
 * the test knows no better), then each parameter in turn given each hostile segment.
 */
function pathsFor(
  route: string,
  working: Record<string, string>,
): { working: string; hostile: string[] } {
  const names = [...route.matchAll(PARAM)].map((match) => match[1] ?? '');
  const fill = (values: Record<string, string>) =>
    route.replace(PARAM, (_, name: string) => values[name] ?? working[name] ?? 'x');
  const hostile = names.flatMap((name) =>
    hostileSegments.map((segment) => fill({ [name]: segment })),
  );
  return { working: fill({}), hostile };
}
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
  it("never gets a 500 from any of the app's routes", async () => {
    const outbox = dbOutboxStore(deps.db);
    const app = createApp({ ...deps, outbox });
    const cookie = await signIn(app);
    await outbox.put(
      { id: 'tend-x', recipient: 'victim@example.com', subject: 's', createdAt: 'now' },
      'Subject: s\r\n\r\nbody',
    );
    const working: Record<string, string> = {
      token,
      id: String(targetId),
      action: 'pause',
      slug: 'welcome',
    };
    const routes = app.routes.filter((route) => route.method !== 'ALL');
    // Read from the app, sub-apps included: the console's and the outbox's routes are there.
    const routePaths = new Set(routes.map((route) => route.path));
    for (const path of ['/subscribe', '/admin/subscribers/:id/:action', '/dev/outbox/:id']) {
      expect(routePaths).toContain(path);
    }
    const headers = { ...ORIGIN, Cookie: cookie };
    expect((await app.request('/admin', { headers })).status).toBe(200);

    const failures: string[] = [];
    const send = async (method: string, path: string, init: RequestInit = {}) => {
      const response = await app.request(path, {
        method,
        ...init,
        headers: { ...headers, ...(init.headers as Record<string, string>) },
      });
      if (response.status >= 500) failures.push(`${method} ${path} -> ${response.status}`);
    };
    const filled = [...routePaths].map((path) => pathsFor(path, working));
    // Every hostile body where every parameter works; one ordinary body on hostile paths.
    const targets = [
      ...filled.map((paths) => ({ path: paths.working, posts: bodies() })),
      ...['/nope', '/admin/nope'].map((path) => ({ path, posts: bodies() })),
      ...[...new Set(filled.flatMap((paths) => paths.hostile))].map((path) => ({
        path,
        posts: bodies().slice(-1),
      })),
    ];
    for (const { path, posts } of targets) {
      for (const method of ['GET', 'HEAD', 'PUT', 'DELETE']) await send(method, path);
      for (const { type, body } of posts) {
        await send('POST', path, { body, headers: { 'Content-Type': type } });
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
