import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.ts';
import type { TestDeps } from '../support/deps.ts';
import { adminDeps, get, post, signIn } from './support.ts';

let deps: TestDeps;
beforeEach(async () => {
  deps = await adminDeps({ ALLOWED_ORIGINS: 'https://partner.example' });
});
afterEach(() => deps.close());

const decode = (html: string) =>
  html
    .replace(/&#(\d+);/g, (_, code) => String.fromCharCode(Number(code)))
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');

describe('the console’s API and webhooks page', () => {
  it('creates a key shown once, lists it, and revokes it', async () => {
    const app = createApp(deps);
    const cookie = await signIn(app);
    const created = await app.request(
      '/admin/integrations/keys',
      post({ name: 'zapier' }, { cookie }),
    );
    expect(created.status).toBe(200);
    const key = /tend_[A-Za-z0-9_-]{43}/.exec(await created.text())?.[0] ?? '';
    expect(key).not.toBe('');
    const api = () =>
      app.request('/api/v1/courses', { headers: { authorization: `Bearer ${key}` } });
    expect((await api()).status).toBe(200);
    const page = await (await app.request('/admin/integrations', get(cookie))).text();
    expect(page).toContain('zapier');
    expect(page).not.toContain(key);
    const row = await deps.db.selectFrom('api_keys').select('id').executeTakeFirstOrThrow();
    const revoked = await app.request(
      `/admin/integrations/keys/${row.id}/revoke`,
      post({}, { cookie }),
    );
    expect(await revoked.text()).toContain('revoked');
    expect((await api()).status).toBe(401);
  });

  it('adds an endpoint (secret once), and shows one that was disabled', async () => {
    const app = createApp(deps);
    const cookie = await signIn(app);
    const added = await app.request(
      '/admin/integrations/webhooks',
      post({ url: 'https://crm.example.org/in', 'event_email.sent': 'on' }, { cookie }),
    );
    const secret = /whsec_[A-Za-z0-9+/=]{44}/.exec(await added.text())?.[0];
    expect(secret).toBeDefined();
    await deps.db
      .updateTable('webhook_endpoints')
      .set({ disabled_at: '2026-05-30T10:00:00.000Z', disabled_reason: 'failing for three days' })
      .execute();
    const page = await (await app.request('/admin/integrations', get(cookie))).text();
    expect(page).toContain('Disabled 2026-05-30 10:00 (failing for three days)');
    expect(page).toContain('email.sent');
    expect(page).not.toContain(secret);
    const enabled = await app.request(
      '/admin/integrations/webhooks/1/enable',
      post({}, { cookie }),
    );
    expect(await enabled.text()).toContain('Working');
    const refused = await app.request(
      '/admin/integrations/webhooks',
      post({ url: 'ftp://x' }, { cookie }),
    );
    expect(refused.status).toBe(400);
  });

  it('shows a copy-paste form per course that posts to /subscribe with the honeypot', async () => {
    const app = createApp(deps);
    const cookie = await signIn(app);
    const page = decode(await (await app.request('/admin/integrations', get(cookie))).text());
    expect(page).toContain(`<form method="post" action="https://tend.test/subscribe">`);
    expect(page).toContain(`name="course" value="${deps.course.id}"`);
    expect(page).toContain('name="website"');
    expect(page).toContain('name="thank_you_url" value="https://partner.example/thank-you"');
    expect(page).not.toMatch(/<script/);
  });

  it('is behind the console’s password', async () => {
    const response = await createApp(deps).request('/admin/integrations');
    expect(response.status).not.toBe(200);
  });
});
