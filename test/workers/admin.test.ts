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
  it('signs in, shows the overview, funnel and previews, and backs off by cf-connecting-ip', async () => {
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
      '/admin/previews/rebuilding-trust/lesson-2?role=broke&discreet=1',
    ]) {
      const page = await tw.fetch(path, { headers: { Cookie: cookie } });
      expect(page.status, path).toBe(200);
      expect(page.headers.get('cache-control'), path).toBe('no-store');
    }
    const funnel = await (await tw.fetch('/admin/funnel', { headers: { Cookie: cookie } })).text();
    expect(funnel).toMatch(/<tr data-key="welcome"><td>Welcome<\/td><td class="n">1<\/td>/);

    // Failures slow down their own address (after three, each waits twice as long as the
    // last, from a second), never another.
    const ip = { 'cf-connecting-ip': '198.51.100.20' };
    const answers: number[] = [];
    for (let i = 0; i < 6; i++) {
      answers.push((await tw.fetch('/admin/login', form({ password: 'wrong' }, ip))).status);
    }
    expect(answers.slice(0, 3)).toEqual([401, 401, 401]);
    expect(answers).toContain(429);
    const other = { 'cf-connecting-ip': '203.0.113.30' };
    expect((await tw.fetch('/admin/login', form({ password: PASSWORD }, other))).status).toBe(303);
    const overview = await (await tw.fetch('/admin', { headers: { Cookie: cookie } })).text();
    expect(overview).toMatch(/\d+ wrong passwords? in the last 24 hours\./);
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
