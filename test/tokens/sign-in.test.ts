import { Hono } from 'hono';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.ts';
import { setSessionCookie } from '../../src/routes/session-cookie.ts';
import { type TestDeps, testDeps } from '../support/deps.ts';
import { enrollmentByEmail } from '../support/enrollments.ts';
import {
  emailsTo,
  form,
  messageOf,
  runScheduler,
  signInCookie,
  subscribeAndConfirm,
  tokenOf,
  withCookie,
} from '../support/flows.ts';

let deps: TestDeps;
beforeEach(async () => {
  deps = await testDeps({ start: '2026-06-01T10:00:00Z' });
});
afterEach(() => deps.close());

const MINUTE = 60_000;
const OFFER = 'Email me a sign-in link';

/** A subscriber with lesson 1 (sent 2026-06-02 08:00) answered on the web with `words`. */
async function reader(address: string, words: string) {
  const { app } = await subscribeAndConfirm(deps, { email: address, role: 'hurt' });
  await runScheduler(deps, '2026-06-02T09:00:00Z', 30);
  return answered(app, address, words);
}

/** Lesson 1's links for `address`, once its reflection has been written on the web. */
async function answered(app: Hono, address: string, words: string) {
  const lesson = emailsTo(deps, address).find((email) => messageOf(email) === 'lesson_1');
  if (!lesson) throw new Error('no lesson 1');
  await app.request(`/reflect/${tokenOf(lesson, 'reflect')}`, form({ text: words }));
  return {
    app,
    journal: tokenOf(lesson, 'journal'),
    preferences: tokenOf(lesson, 'preferences'),
  };
}

const signInEmails = (address: string) =>
  emailsTo(deps, address).filter((email) => messageOf(email) === 'signin');

describe('a journal link', () => {
  it('opens the journal for 7 days after its email was sent, then offers a sign-in', async () => {
    const { app, journal } = await reader('week@example.com', 'Seven days of words.');
    deps.clock.set('2026-06-09T07:59:00Z');
    const within = await app.request(`/journal/${journal}`);
    expect(await within.text()).toContain('Seven days of words.');
    expect(await (await app.request(`/journal/${journal}/download`)).text()).toContain(
      'Seven days of words.',
    );

    deps.clock.set('2026-06-09T08:01:00Z');
    for (const path of [`/journal/${journal}`, `/journal/${journal}/download`]) {
      const after = await app.request(path);
      const html = await after.text();
      expect(html, path).toContain(OFFER);
      expect(html, path).not.toContain('Seven days of words.');
      // The offer never shows whose link it was.
      expect(html, path).not.toContain('week@example.com');
    }
  });
});

describe('signing in', () => {
  it('mails a single-use link to the subscriber alone, with the same answer for any address', async () => {
    const { app } = await reader('own@example.com', 'Mine alone.');
    const answers: string[] = [];
    for (const email of ['own@example.com', 'nobody@example.com', 'not an address']) {
      const response = await app.request('/signin', form({ email }));
      expect(response.status).toBe(200);
      answers.push(await response.text());
    }
    expect(new Set(answers).size).toBe(1);
    expect(deps.sent.filter((email) => messageOf(email) === 'signin').map((e) => e.to)).toEqual([
      'own@example.com',
    ]);
    const [mail] = signInEmails('own@example.com');
    if (!mail) throw new Error('no sign-in email');
    expect(mail.replyTo).toBeUndefined();
    expect(mail.headers['List-Unsubscribe']).toBeUndefined();
    expect(mail.tags.map((tag) => tag.name)).not.toContain('delivery');
    expect(mail.html).toContain('https://tend.test/courses/rebuilding-trust/help');
    expect(mail.html).toContain('lang="en"');
    const token = tokenOf(mail, 'signin');

    // The GET only shows a button: a mail scanner following the link spends nothing.
    const page = await app.request(`/signin/${token}`);
    expect(page.status).toBe(200);
    expect(page.headers.get('set-cookie')).toBeNull();

    const signedIn = await app.request(`/signin/${token}`, form({}));
    expect(signedIn.status).toBe(303);
    expect(signedIn.headers.get('location')).toBe('/account');
    const cookie = signedIn.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^tend-session=[a-z2-7]{52}; Path=\/; HttpOnly; SameSite=Lax$/);
    const id = cookie.split(';')[0]?.split('=')[1] ?? '';
    // Only a hash of the session id is kept.
    const sessions = await deps.db.selectFrom('subscriber_sessions').selectAll().execute();
    expect(sessions).toHaveLength(1);
    expect(sessions[0]?.id_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(sessions)).not.toContain(id);

    const again = await app.request(`/signin/${token}`, form({}));
    expect(again.status).toBe(410);
    expect(again.headers.get('set-cookie')).toBeNull();
    expect(await again.text()).toContain(OFFER);
    expect((await app.request(`/signin/${token}`)).status).toBe(410);
  });

  it('a link expires after 30 minutes', async () => {
    const { app } = await reader('slow@example.com', 'Too slow.');
    await app.request('/signin', form({ email: 'slow@example.com' }));
    const [mail] = signInEmails('slow@example.com');
    if (!mail) throw new Error('no sign-in email');
    deps.clock.advance(30 * MINUTE + 1000);
    const late = await app.request(`/signin/${tokenOf(mail, 'signin')}`, form({}));
    expect(late.status).toBe(410);
    expect(late.headers.get('set-cookie')).toBeNull();
  });

  it('is rate-limited: one link per address per 5 minutes, the same answer either way', async () => {
    const { app } = await reader('eager@example.com', 'Again and again.');
    const first = await (await app.request('/signin', form({ email: 'eager@example.com' }))).text();
    deps.clock.advance(4 * MINUTE);
    const second = await (
      await app.request('/signin', form({ email: 'Eager@EXAMPLE.com' }))
    ).text();
    expect(second).toBe(first);
    expect(signInEmails('eager@example.com')).toHaveLength(1);
    deps.clock.advance(MINUTE + 1000);
    await app.request('/signin', form({ email: 'eager@example.com' }));
    expect(signInEmails('eager@example.com')).toHaveLength(2);
  });

  it('a session reads its own journal and data only, ends when idle, and signs out', async () => {
    const app = createApp(deps);
    await subscribeAndConfirm(deps, { email: 'b@example.com', role: 'hurt' }, app);
    const a = await reader('a@example.com', 'Words of A.');
    const b = await answered(app, 'b@example.com', 'Words of B.');
    // Past the window of both journal links.
    deps.clock.set('2026-06-10T09:00:00Z');
    const cookie = await signInCookie(deps, app, 'a@example.com');
    const get = (path: string) => app.request(path, { headers: { Cookie: cookie } });

    expect(await (await get('/journal')).text()).toContain('Words of A.');
    expect(await (await get('/account')).text()).toContain('You are signed in');

    // A's own link after its window opens with A's session; B's link, never.
    expect(await (await get(`/journal/${a.journal}`)).text()).toContain('Words of A.');
    for (const path of [`/journal/${b.journal}`, `/journal/${b.journal}/download`]) {
      const html = await (await get(path)).text();
      expect(html, path).toContain(OFFER);
      expect(html, path).not.toContain('Words of B.');
    }
    const theirData = await app.request(
      `/preferences/${b.preferences}`,
      withCookie(form({ action: 'export' }), cookie),
    );
    expect(await theirData.text()).toContain(OFFER);
    const myData = await app.request('/account', withCookie(form({ action: 'export' }), cookie));
    expect(myData.headers.get('content-type')).toMatch(/^application\/json/);
    const data = JSON.stringify(await myData.json());
    expect(data).toContain('a@example.com');
    expect(data).not.toContain('b@example.com');

    // Each use keeps the session open for 30 more minutes; 30 idle minutes end it.
    deps.clock.advance(25 * MINUTE);
    expect(await (await get('/journal')).text()).toContain('Words of A.');
    deps.clock.advance(25 * MINUTE);
    expect(await (await get('/journal')).text()).toContain('Words of A.');
    deps.clock.advance(31 * MINUTE);
    expect(await (await get('/journal')).text()).toContain(OFFER);

    const again = await signInCookie(deps, app, 'a@example.com');
    const out = await app.request('/signout', withCookie(form({}), again));
    expect(out.headers.get('set-cookie')).toMatch(/^tend-session=; Max-Age=0; Path=\/;/);
    expect(await deps.db.selectFrom('subscriber_sessions').selectAll().execute()).toEqual([]);
    const after = await app.request('/journal', { headers: { Cookie: again } });
    expect(await after.text()).toContain(OFFER);
  });

  it('the data export and erasure need a session even with a fresh link', async () => {
    const { app, preferences } = await reader('rights@example.com', 'Keep me.');
    for (const action of ['export', 'erase', 'erase-confirmed']) {
      const response = await app.request(
        `/preferences/${preferences}`,
        form({ action, confirm: 'erase' }),
      );
      expect(response.headers.get('content-type'), action).toMatch(/^text\/html/);
      expect(await response.text(), action).toContain(OFFER);
    }
    expect(await deps.db.selectFrom('subscribers').select('email').execute()).toHaveLength(1);
    const cookie = await signInCookie(deps, app, 'rights@example.com');
    const erased = await app.request(
      '/account',
      withCookie(form({ action: 'erase-confirmed', confirm: 'erase' }), cookie),
    );
    expect(await erased.text()).toContain('<h1>Erased</h1>');
    expect(await deps.db.selectFrom('subscribers').select('email').execute()).toEqual([]);
    expect(await deps.db.selectFrom('subscriber_sessions').selectAll().execute()).toEqual([]);
  });

  it('a pending or bounced address is sent no link', async () => {
    const app = createApp(deps);
    await app.request(
      '/subscribe',
      form({ email: 'pending@example.com', role: 'hurt', timezone: 'UTC' }),
    );
    await reader('gone@example.com', 'Bounced.');
    await deps.db
      .updateTable('enrollments')
      .set({ status: 'bounced' })
      .where('id', '=', (await enrollmentByEmail(deps.db, 'gone@example.com'))?.id ?? 0)
      .execute();
    for (const email of ['pending@example.com', 'gone@example.com']) {
      await app.request('/signin', form({ email }));
      expect(signInEmails(email), email).toEqual([]);
    }
  });

  it('the cookie is Secure, under the __Host- prefix, in production', async () => {
    const app = new Hono().get('/', (c) => {
      setSessionCookie(c, { production: true }, 'x');
      return c.body(null, 204);
    });
    expect((await app.request('/')).headers.get('set-cookie')).toBe(
      '__Host-tend-session=x; Path=/; HttpOnly; Secure; SameSite=Lax',
    );
  });
});
