import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.ts';
import { type TestDeps, testDeps } from '../support/deps.ts';
import { enrollmentByEmail } from '../support/enrollments.ts';
import { emailsTo, form, messageOf, ORIGIN, subscribeAndConfirm } from '../support/flows.ts';

let deps: TestDeps;
beforeEach(async () => {
  deps = await testDeps({ start: '2026-06-01T10:00:00Z' });
});
afterEach(() => deps.close());

const signup = (fields: Record<string, string>) =>
  createApp(deps).request('/subscribe', form({ role: 'broke', ...fields }));

const subscriber = (email: string) => enrollmentByEmail(deps.db, email);

describe('GET /', () => {
  it('serves a form that works without JavaScript', async () => {
    const response = await createApp(deps).request('/');
    const html = await response.text();
    expect(response.status).toBe(200);
    expect(html).toContain('<form method="post" action="/subscribe"');
    for (const label of ['I broke the trust', 'I was hurt', 'We are working on it together']) {
      expect(html).toContain(label);
    }
    expect(html).toContain('name="timezone"');
    expect(html).toContain('name="send_time"');
    expect(html).toContain('href="/help"');
  });
});

describe('POST /subscribe', () => {
  it('accepts a form with 303 to the check-your-inbox page and stores a pending subscriber', async () => {
    const response = await signup({
      email: '  Alex.Doe@Example.COM ',
      name: 'Alex',
      timezone: 'America/New_York',
      send_time: '07:15',
    });
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('/check-your-inbox');
    const row = await subscriber('Alex.Doe@example.com');
    expect(row).toMatchObject({
      email: 'Alex.Doe@example.com',
      status: 'pending',
      name: 'Alex',
      role: 'broke',
      timezone: 'America/New_York',
      send_time: '07:15',
    });
    const [confirmation] = emailsTo(deps, 'Alex.Doe@example.com');
    expect(confirmation && messageOf(confirmation)).toBe('confirm');
    expect(confirmation?.text).toContain('https://tend.test/confirm/');
  });

  it('accepts JSON with 202', async () => {
    const response = await createApp(deps).request('/subscribe', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ email: 'json@example.com', role: 'together' }),
    });
    expect(response.status).toBe(202);
    expect(await response.json()).toMatchObject({ status: 'pending' });
    expect(await subscriber('json@example.com')).toMatchObject({
      send_time: '08:00',
      timezone: 'UTC',
    });
  });

  it('falls back to the default time zone for an unknown one', async () => {
    await signup({ email: 'zone@example.com', timezone: 'Mars/Olympus_Mons' });
    expect((await subscriber('zone@example.com'))?.timezone).toBe('UTC');
  });

  it('explains what is wrong with a bad form, keeping what was typed', async () => {
    const response = await signup({ email: 'not an address', name: 'Kim', role: 'nobody' });
    const html = await response.text();
    expect(response.status).toBe(400);
    expect(html).toContain('Please enter a valid email address');
    expect(html).toContain('Please choose one of the sentences, or none');
    expect(html).toContain('value="Kim"');
    expect(deps.sent).toHaveLength(0);
  });

  it('answers the same whether or not the address is known', async () => {
    await subscribeAndConfirm(deps, { email: 'known@example.com' });
    const known = await signup({ email: 'known@example.com' });
    const unknown = await signup({ email: 'unknown@example.com' });
    expect(known.status).toBe(unknown.status);
    expect(known.headers.get('location')).toBe(unknown.headers.get('location'));
    expect(await known.text()).toBe(await unknown.text());
  });

  it('re-sends a pending confirmation at most once per 10 minutes', async () => {
    await signup({ email: 'again@example.com' });
    deps.clock.advance(5 * 60_000);
    await signup({ email: 'again@example.com' });
    expect(emailsTo(deps, 'again@example.com')).toHaveLength(1);
    deps.clock.advance(6 * 60_000);
    await signup({ email: 'again@example.com' });
    expect(emailsTo(deps, 'again@example.com')).toHaveLength(2);
  });

  it('sends nothing new to a confirmed address and leaves its settings alone', async () => {
    await subscribeAndConfirm(deps, { email: 'settled@example.com', send_time: '08:00' });
    const before = deps.sent.length;
    deps.clock.advance(60 * 60_000);
    await signup({ email: 'settled@example.com', send_time: '23:00', role: 'hurt' });
    expect(deps.sent.length).toBe(before);
    expect(await subscriber('settled@example.com')).toMatchObject({
      status: 'active',
      send_time: '08:00',
    });
  });
});

describe('confirmation', () => {
  async function pendingToken(email: string) {
    await signup({ email });
    const [confirmation] = emailsTo(deps, email);
    const token = /\/confirm\/([a-z2-7]+)/.exec(confirmation?.text ?? '')?.[1];
    if (!token) throw new Error('no token');
    return token;
  }

  it('GET shows a button and changes nothing; POST confirms and sends the welcome', async () => {
    const token = await pendingToken('confirm@example.com');
    const app = createApp(deps);
    const page = await app.request(`/confirm/${token}`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain(`<form method="post" action="/confirm/${token}"`);
    expect((await subscriber('confirm@example.com'))?.status).toBe('pending');

    const confirmed = await app.request(`/confirm/${token}`, form({}));
    expect(confirmed.status).toBe(200);
    expect(await confirmed.text()).toContain('welcome email is on its way');
    expect((await subscriber('confirm@example.com'))?.status).toBe('active');
    expect(emailsTo(deps, 'confirm@example.com').map(messageOf)).toEqual(['confirm', 'welcome']);
  });

  it('confirming twice is harmless', async () => {
    const token = await pendingToken('double@example.com');
    const app = createApp(deps);
    await app.request(`/confirm/${token}`, form({}));
    const again = await app.request(`/confirm/${token}`, form({}));
    expect(again.status).toBe(200);
    expect(await again.text()).toContain('Already confirmed');
    expect(emailsTo(deps, 'double@example.com').map(messageOf)).toEqual(['confirm', 'welcome']);
  });

  it('an expired link gets a friendly page with a way to sign up again', async () => {
    const token = await pendingToken('late@example.com');
    deps.clock.advance(7 * 24 * 3_600_000 + 60_000);
    const response = await createApp(deps).request(`/confirm/${token}`, form({}));
    expect(response.status).toBe(410);
    expect(await response.text()).toContain('href="/"');
    expect((await subscriber('late@example.com'))?.status).toBe('pending');
  });

  it('an unknown or tampered token gets a friendly page', async () => {
    const token = await pendingToken('tamper@example.com');
    const tampered = `${token.slice(0, -1)}${token.endsWith('a') ? 'b' : 'a'}`;
    for (const candidate of [tampered, 'nope', 'a'.repeat(52)]) {
      const response = await createApp(deps).request(`/confirm/${candidate}`, form({}));
      expect(response.status).toBe(404);
      expect(await response.text()).toContain('sign up again');
    }
    expect((await subscriber('tamper@example.com'))?.status).toBe('pending');
  });

  it('refuses a cross-site form post (Origin check)', async () => {
    const token = await pendingToken('csrf@example.com');
    const response = await createApp(deps).request(`/confirm/${token}`, {
      method: 'POST',
      headers: {
        Origin: 'https://evil.example',
        'Content-Type': 'application/x-www-form-urlencoded',
      },
      body: '',
    });
    expect(response.status).toBe(403);
    expect((await subscriber('csrf@example.com'))?.status).toBe('pending');
    expect(ORIGIN.Origin).toBe('https://tend.test');
  });

  it('takes a form posted from the address it was served at, as well as from PUBLIC_URL', async () => {
    const app = createApp(deps);
    const post = (url: string, origin: string, email: string) =>
      app.request(url, {
        method: 'POST',
        headers: { Origin: origin, 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ email, role: 'hurt' }).toString(),
      });
    const cases: [url: string, origin: string, status: number][] = [
      ['http://127.0.0.1:8787/subscribe', 'http://127.0.0.1:8787', 303],
      ['http://127.0.0.1:8787/subscribe', 'http://127.0.0.1:8788', 403],
      ['http://127.0.0.1:8787/subscribe', 'https://127.0.0.1:8787', 403],
      ['http://Tend.Example:80/subscribe', 'http://tend.example', 303],
      ['https://tend.example:443/subscribe', 'https://tend.example', 303],
      ['http://tend.example:443/subscribe', 'http://tend.example', 403],
      ['http://tend.example/subscribe', 'http://tend.example.evil', 403],
    ];
    for (const [index, [url, origin, status]] of cases.entries()) {
      const response = await post(url, origin, `origin-${index}@example.com`);
      expect([url, origin, response.status]).toEqual([url, origin, status]);
      const row = await subscriber(`origin-${index}@example.com`);
      expect(row?.status).toBe(status === 303 ? 'pending' : undefined);
    }
  });
});
