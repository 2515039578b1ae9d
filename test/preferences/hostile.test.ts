import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.ts';
import { type TestDeps, testDeps } from '../support/deps.ts';
import { ORIGIN } from '../support/flows.ts';
import { enroll } from './support.ts';

/** Whatever reaches the preferences page gets a page or a clear 4xx: never a 500. */
let deps: TestDeps;
let token = '';
beforeAll(async () => {
  deps = await testDeps({ start: '2026-06-01T10:00:00Z' });
  token = (await enroll(deps, { email: 'target@example.com' })).token;
});
afterAll(() => deps.close());

const hostile = [
  '',
  'a'.repeat(5_000),
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  'Sam\r\nBcc: everyone@example.com',
  '\u0000\u0001',
  '💔'.repeat(40),
  "'; DROP TABLE subscribers; --",
  'Etc/GMT+99',
  '../../zoneinfo',
  '25:99',
  '9999-99-99',
  '-1',
];
const actions = [
  'settings',
  'break',
  'resume',
  'restart',
  'checkins',
  'stop-checkins',
  'export',
  'erase',
  'nonsense',
];

describe('the preferences page under hostile input', () => {
  it('answers every field and action with a page or a 4xx', async () => {
    const app = createApp(deps);
    for (const action of actions) {
      for (const value of hostile) {
        const fields = {
          action,
          name: value,
          role: value,
          timezone: value,
          send_time: value,
          send_days: value,
          until: value,
          checkin_time: value,
          checkin_days: value,
          confirm: value,
        };
        for (const init of [
          {
            headers: { ...ORIGIN, 'Content-Type': 'application/x-www-form-urlencoded' },
            body: new URLSearchParams(fields).toString(),
          },
          {
            headers: { ...ORIGIN, 'Content-Type': 'application/json' },
            body: JSON.stringify({ ...fields, send_day_1: [value], discreet: { x: 1 } }),
          },
        ]) {
          const response = await app.request(`/preferences/${token}`, { method: 'POST', ...init });
          expect(response.status, `${action} ${JSON.stringify(value).slice(0, 40)}`).toBeLessThan(
            500,
          );
          const body = await response.text();
          expect(body).not.toContain('<script>alert(1)</script>');
          expect(body).not.toContain('<img src=x');
        }
      }
    }
    const row = await deps.db
      .selectFrom('subscribers')
      .select('email')
      .where('email', '=', 'target@example.com')
      .executeTakeFirst();
    expect(row?.email).toBe('target@example.com');
  });

  it('refuses a POST from another site, and unknown tokens get the friendly page', async () => {
    const app = createApp(deps);
    const crossSite = await app.request(`/preferences/${token}`, {
      method: 'POST',
      headers: { Origin: 'https://evil.test', 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'action=erase-confirmed&confirm=erase',
    });
    expect(crossSite.status).toBe(403);
    for (const bad of ['x', 'a'.repeat(300), '%00', `${token}x`]) {
      const response = await app.request(`/preferences/${bad}`);
      expect(response.status).toBe(404);
      expect(await response.text()).toContain('Nothing here');
    }
  });
});
