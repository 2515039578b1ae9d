import { describe, expect, it } from 'vitest';
import { subscribeAndConfirm, testWorker } from './support.ts';

const PASSWORD = 'a long console password on workers';

function form(fields: Record<string, string>, headers: Record<string, string> = {}): RequestInit {
  return {
    method: 'POST',
    headers: {
      Origin: 'https://tend.test',
      'Content-Type': 'application/x-www-form-urlencoded',
      ...headers,
    },
    body: new URLSearchParams(fields).toString(),
  };
}

describe('the console on Workers (D1, Web Crypto)', () => {
  it('signs in, shows the overview, funnel and previews, and locks out by cf-connecting-ip', async () => {
    const tw = testWorker({ ADMIN_PASSWORD: PASSWORD });
    await subscribeAndConfirm(tw, { email: 'wk@example.com' });

    expect((await tw.fetch('/admin', { redirect: 'manual' })).status).toBe(303);
    const login = await tw.fetch(
      '/admin/login',
      form({ password: PASSWORD }, { 'cf-connecting-ip': '192.0.2.10' }),
    );
    expect(login.status).toBe(303);
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    expect(cookie).toMatch(/^__Host-tend-admin=/);

    for (const path of [
      '/admin',
      '/admin/funnel',
      '/admin/previews/lesson-2?role=broke&discreet=1',
    ]) {
      const page = await tw.fetch(path, { headers: { Cookie: cookie } });
      expect(page.status, path).toBe(200);
      expect(page.headers.get('cache-control'), path).toBe('no-store');
    }
    const funnel = await (await tw.fetch('/admin/funnel', { headers: { Cookie: cookie } })).text();
    expect(funnel).toMatch(/<tr data-key="welcome"><td>Welcome<\/td><td class="n">1<\/td>/);

    const ip = { 'cf-connecting-ip': '198.51.100.20' };
    for (let i = 0; i < 5; i++) {
      expect((await tw.fetch('/admin/login', form({ password: 'wrong' }, ip))).status).toBe(401);
    }
    expect((await tw.fetch('/admin/login', form({ password: PASSWORD }, ip))).status).toBe(429);
  });

  it('answers 404 without ADMIN_PASSWORD in production', async () => {
    const tw = testWorker({
      NODE_ENV: 'production',
      ADMIN_PASSWORD: '',
      OUTBOX_IN_PRODUCTION: '1',
    });
    expect((await tw.fetch('/admin')).status).toBe(404);
  });
});
