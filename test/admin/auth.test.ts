import { afterEach, describe, expect, it } from 'vitest';
import { LOGIN_BACKOFF } from '../../src/admin/lockout.ts';
import { createApp } from '../../src/app.ts';
import type { TestDeps } from '../support/deps.ts';
import { subscribeAndConfirm } from '../support/flows.ts';
import { ADMIN_PASSWORD, adminDeps, get, loginFrom, post, signIn } from './support.ts';

let deps: TestDeps;
afterEach(() => deps.close());

const GET_PATHS = [
  '/admin',
  '/admin/',
  '/admin/funnel',
  '/admin/subscribers',
  '/admin/subscribers/1',
  '/admin/previews',
  '/admin/previews/welcome?role=hurt',
  '/admin/previews/lesson-1?role=broke&discreet=1',
];
const POST_PATHS = [
  '/admin/subscribers/lookup',
  '/admin/subscribers/1/pause',
  '/admin/subscribers/1/unsubscribe',
  '/admin/subscribers/1/erase',
  '/admin/previews/welcome/test',
];

describe('signing in to the console', () => {
  it('sends every page to the sign-in form and refuses every action without a session', async () => {
    deps = await adminDeps();
    await subscribeAndConfirm(deps, { email: 'reader@example.com' });
    const app = createApp(deps);
    const sentBefore = deps.sent.length;
    for (const path of GET_PATHS) {
      const response = await app.request(path);
      expect(response.status, path).toBe(303);
      expect(response.headers.get('location'), path).toBe('/admin/login');
      expect(response.headers.get('cache-control'), path).toBe('no-store');
      expect(await response.text(), path).not.toContain('reader@example.com');
    }
    for (const path of POST_PATHS) {
      const response = await app.request(
        path,
        post({ email: 'reader@example.com', confirm: 'reader@example.com', to: 'x@example.com' }),
      );
      expect(response.status, path).toBe(401);
      const body = await response.text();
      expect(body, path).toContain('Sign in');
      expect(body, path).not.toContain('reader@example.com');
    }
    const row = await deps.db.selectFrom('enrollments').select('status').executeTakeFirst();
    expect(row?.status).toBe('active');
    expect(deps.sent).toHaveLength(sentBefore);
  });

  it('refuses a forged or expired session cookie', async () => {
    deps = await adminDeps();
    const app = createApp(deps);
    const cookie = await signIn(app);
    const [name, value = ''] = cookie.split('=');
    const [expiry = '', mac = ''] = value.split('.');
    const forged = [
      `${name}=${Number(expiry) + 1000}.${mac}`,
      `${name}=${expiry}.${mac.replace(/^./, (c) => (c === '0' ? '1' : '0'))}`,
      `${name}=`,
      `${name}=garbage`,
    ];
    for (const bad of forged) {
      expect((await app.request('/admin', get(bad))).status, bad).toBe(303);
    }
    expect((await app.request('/admin', get(cookie))).status).toBe(200);
    deps.clock.advance(12 * 3600_000 + 1000);
    expect((await app.request('/admin', get(cookie))).status).toBe(303);
  });

  it('sets an HttpOnly, Secure, SameSite=Strict cookie, and signing out clears it', async () => {
    deps = await adminDeps();
    const app = createApp(deps);
    const response = await app.request('/admin/login', post({ password: ADMIN_PASSWORD }));
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('/admin');
    const setCookie = response.headers.get('set-cookie') ?? '';
    expect(setCookie).toMatch(/^__Host-tend-admin=\d+\.[0-9a-f]{64}; /);
    expect(setCookie).toContain('HttpOnly');
    expect(setCookie).toContain('Secure');
    expect(setCookie).toContain('SameSite=Strict');
    expect(setCookie).toContain('Path=/');
    const cookie = setCookie.split(';')[0] ?? '';

    const overview = await app.request('/admin', get(cookie));
    expect(overview.status).toBe(200);
    expect(overview.headers.get('cache-control')).toBe('no-store');
    expect(await overview.text()).toContain('Subscribers by course and status');

    const out = await app.request('/admin/logout', post({}, { cookie }));
    expect(out.status).toBe(303);
    expect(out.headers.get('set-cookie')).toMatch(/^__Host-tend-admin=; Max-Age=0/);
  });

  it('uses a plain cookie scoped to /admin when PUBLIC_URL is http', async () => {
    deps = await adminDeps({ PUBLIC_URL: 'http://localhost:3000' });
    const app = createApp(deps);
    const response = await app.request(
      '/admin/login',
      post({ password: ADMIN_PASSWORD }, { origin: 'http://localhost:3000' }),
    );
    const setCookie = response.headers.get('set-cookie') ?? '';
    expect(setCookie).toMatch(/^tend-admin=/);
    expect(setCookie).toContain('Path=/admin');
    expect(setCookie).not.toContain('Secure');
  });

  it('says the password is wrong without saying more', async () => {
    deps = await adminDeps();
    const response = await createApp(deps).request('/admin/login', post({ password: 'not it' }));
    expect(response.status).toBe(401);
    expect(response.headers.get('set-cookie')).toBeNull();
    expect(await response.text()).toContain('That password is not right.');
  });
});

describe('cross-site requests', () => {
  it('refuses a sign-in or an action another site made a browser send', async () => {
    deps = await adminDeps();
    await subscribeAndConfirm(deps, { email: 'csrf@example.com' });
    const app = createApp(deps);
    const cookie = await signIn(app);
    const id = (await deps.db.selectFrom('enrollments').select('id').executeTakeFirstOrThrow()).id;
    const crossSite: { origin: string | null; fetchSite?: string }[] = [
      { origin: 'https://evil.example' },
      { origin: 'https://evil.example', fetchSite: 'cross-site' },
      { origin: 'null' },
      { origin: 'null', fetchSite: 'cross-site' },
      { origin: null, fetchSite: 'cross-site' },
      { origin: null, fetchSite: 'same-site' },
    ];
    for (const from of crossSite) {
      const login = await app.request('/admin/login', post({ password: ADMIN_PASSWORD }, from));
      expect([from, login.status]).toEqual([from, 403]);
      expect(login.headers.get('set-cookie')).toBeNull();
      const action = await app.request(
        `/admin/subscribers/${id}/unsubscribe`,
        post({}, { cookie, ...from }),
      );
      expect([from, action.status]).toEqual([from, 403]);
      const json = await app.request(`/admin/subscribers/${id}/pause`, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          Cookie: cookie,
          ...(from.origin ? { Origin: from.origin } : {}),
          ...(from.fetchSite ? { 'Sec-Fetch-Site': from.fetchSite } : {}),
        },
        body: '{}',
      });
      expect([from, json.status]).toEqual([from, 403]);
    }
    const row = await deps.db.selectFrom('enrollments').select('status').executeTakeFirst();
    expect(row?.status).toBe('active');
  });

  it('signs in from its own page when the browser sends Origin: null and same-origin', async () => {
    deps = await adminDeps();
    const app = createApp(deps);
    const login = await app.request(
      '/admin/login',
      post({ password: ADMIN_PASSWORD }, { origin: 'null', fetchSite: 'same-origin' }),
    );
    expect(login.status).toBe(303);
    expect(login.headers.get('set-cookie')).toMatch(/^__Host-tend-admin=/);
  });
});

describe('backoff', () => {
  it('ten wrong passwords from ten addresses do not keep out an eleventh with the right one', async () => {
    deps = await adminDeps();
    const app = createApp(deps);
    for (let i = 0; i < 10; i++) {
      for (let guess = 0; guess < 5; guess++) {
        const wrong = await loginFrom(app, `198.51.100.${i + 1}`, `guess ${guess}`);
        expect([401, 429]).toContain(wrong.status);
      }
    }
    const operator = await loginFrom(app, '203.0.113.5', ADMIN_PASSWORD);
    expect(operator.status).toBe(303);
    const cookie = (operator.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    expect(cookie).toMatch(/^__Host-tend-admin=/);

    // The overview counts the day's wrong passwords (three from each address were checked;
    // the rest waited their turn), and forgets them after a day.
    const overview = await (await app.request('/admin', get(cookie))).text();
    expect(overview).toContain('30 wrong passwords in the last 24 hours.');
    deps.clock.advance(24 * 3600_000 + 1000);
    const fresh = await loginFrom(app, '203.0.113.5', ADMIN_PASSWORD);
    const later = (fresh.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    expect(await (await app.request('/admin', get(later))).text()).toContain(
      '0 wrong passwords in the last 24 hours.',
    );
  });

  it('makes a failing client wait longer after each failure, and waiting is enough', async () => {
    deps = await adminDeps();
    const app = createApp(deps);
    const ip = '198.51.100.7';
    for (let i = 0; i < LOGIN_BACKOFF.freeFailures; i++) {
      expect((await loginFrom(app, ip, `guess ${i}`)).status).toBe(401);
    }
    const waits: number[] = [];
    for (let round = 0; round < 4; round++) {
      const refused = await loginFrom(app, ip, ADMIN_PASSWORD);
      expect(refused.status).toBe(429);
      expect(refused.headers.get('set-cookie')).toBeNull();
      expect(await refused.text()).toContain('Too many attempts');
      const wait = Number(refused.headers.get('retry-after'));
      waits.push(wait);
      // Refused attempts do not count: waiting as long as asked lets the next one be checked.
      deps.clock.advance(wait * 1000);
      expect((await loginFrom(app, ip, `again ${round}`)).status).toBe(401);
    }
    expect(waits).toEqual([1, 2, 4, 8]);

    // Another client is not slowed down by this one's failures.
    expect((await loginFrom(app, '203.0.113.5', ADMIN_PASSWORD)).status).toBe(303);

    // The right password after the wait signs in and forgives the failures.
    deps.clock.advance(16_000);
    expect((await loginFrom(app, ip, ADMIN_PASSWORD)).status).toBe(303);
    expect((await loginFrom(app, ip, 'one slip')).status).toBe(401);
    expect((await loginFrom(app, ip, ADMIN_PASSWORD)).status).toBe(303);
  });

  it('counts attempts in the database: a second app (another process) sees them', async () => {
    deps = await adminDeps();
    const ip = '198.51.100.8';
    for (let i = 0; i < LOGIN_BACKOFF.freeFailures; i++) {
      expect((await loginFrom(createApp(deps), ip, 'nope')).status).toBe(401);
    }
    expect((await loginFrom(createApp(deps), ip, ADMIN_PASSWORD)).status).toBe(429);
    const rows = await deps.db.selectFrom('admin_logins').selectAll().execute();
    expect(rows).toHaveLength(LOGIN_BACKOFF.freeFailures);
    // Only a keyed hash of the address is stored.
    expect(JSON.stringify(rows)).not.toContain('198.51.100.8');
  });

  it('ignores X-Forwarded-For without TRUST_PROXY, and believes it with', async () => {
    const attempt = (app: ReturnType<typeof createApp>, forwarded: string, password: string) =>
      app.request(
        '/admin/login',
        {
          ...post({ password }),
          headers: { ...post({ password }).headers, 'X-Forwarded-For': forwarded },
        },
        { incoming: { socket: { remoteAddress: '10.0.0.1' } } },
      );
    deps = await adminDeps();
    let app = createApp(deps);
    // One client behind a forged header each time: still one client, the socket's.
    for (let i = 0; i <= LOGIN_BACKOFF.freeFailures; i++) {
      await attempt(app, `192.0.2.${i + 1}`, 'wrong');
    }
    expect((await attempt(app, '192.0.2.99', ADMIN_PASSWORD)).status).toBe(429);
    await deps.close();

    // Behind one trusted proxy the rightmost entry is the client; entries left of it are
    // the client's own words.
    deps = await adminDeps({ TRUST_PROXY: '1' });
    app = createApp(deps);
    for (let i = 0; i <= LOGIN_BACKOFF.freeFailures; i++) {
      await attempt(app, '192.0.2.50', 'wrong');
    }
    expect((await attempt(app, '192.0.2.50', ADMIN_PASSWORD)).status).toBe(429);
    expect((await attempt(app, '192.0.2.50, 192.0.2.51', ADMIN_PASSWORD)).status).toBe(303);
    expect((await attempt(app, '192.0.2.51, 192.0.2.50', ADMIN_PASSWORD)).status).toBe(429);
  });
});

describe('without ADMIN_PASSWORD', () => {
  it('answers 404 in production', async () => {
    deps = await adminDeps({
      ADMIN_PASSWORD: '',
      NODE_ENV: 'production',
      OUTBOX_IN_PRODUCTION: '1',
    });
    const app = createApp(deps);
    for (const path of ['/admin', '/admin/login', '/admin/funnel', '/admin/admin.css']) {
      const response = await app.request(path);
      expect(response.status, path).toBe(404);
      expect(await response.text()).toContain('<title>Page not found</title>');
    }
    expect((await app.request('/admin/login', post({ password: 'x' }))).status).toBe(404);
  });

  it('explains how to turn the console on in development', async () => {
    deps = await adminDeps({ ADMIN_PASSWORD: '' });
    const response = await createApp(deps).request('/admin');
    expect(response.status).toBe(404);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(await response.text()).toContain('ADMIN_PASSWORD');
  });
});
