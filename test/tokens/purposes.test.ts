import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.ts';
import type { ReceivedEmail } from '../../src/reflections/inbound.ts';
import { storeReply } from '../../src/reflections/inbound.ts';
import type { Purpose } from '../../src/tokens/purpose.ts';
import { newTokenId, TOKEN_LENGTH } from '../../src/tokens/token.ts';
import { type TestDeps, testDeps } from '../support/deps.ts';
import { enrollmentByEmail } from '../support/enrollments.ts';
import {
  emailsTo,
  form,
  messageOf,
  runScheduler,
  subscribeAndConfirm,
  tokenOf,
} from '../support/flows.ts';

let deps: TestDeps;
beforeEach(async () => {
  deps = await testDeps({ start: '2026-06-01T10:00:00Z' });
});
afterEach(() => deps.close());

const ADDRESS = 'matrix@example.com';

/** A token of every purpose for one subscriber, each taken from the email that carries it. */
async function tokensOfEveryPurpose(): Promise<Record<Purpose, string>> {
  const { app } = await subscribeAndConfirm(deps, { email: ADDRESS, role: 'hurt' });
  await runScheduler(deps, '2026-06-02T09:00:00Z', 30);
  const confirmation = emailsTo(deps, ADDRESS).find((email) => messageOf(email) === 'confirm');
  const lesson = emailsTo(deps, ADDRESS).find((email) => messageOf(email) === 'lesson_1');
  if (!confirmation || !lesson) throw new Error('missing emails');
  await app.request('/signin', form({ email: ADDRESS }));
  const signIn = emailsTo(deps, ADDRESS).find((email) => messageOf(email) === 'signin');
  if (!signIn) throw new Error('no sign-in email');
  await app.request(
    `/preferences/${tokenOf(lesson, 'preferences')}/partner`,
    form({ action: 'invite', partner_email: 'partner@example.org' }),
  );
  const invitation = emailsTo(deps, 'partner@example.org').at(-1);
  if (!invitation) throw new Error('no invitation');
  return {
    confirm: tokenOf(confirmation, 'confirm'),
    unsubscribe: tokenOf(lesson, 'unsubscribe'),
    preferences: tokenOf(lesson, 'preferences'),
    reflect: tokenOf(lesson, 'reflect'),
    journal: tokenOf(lesson, 'journal'),
    signin: tokenOf(signIn, 'signin'),
    reply: tokenOf(lesson, 'reply'),
    invite: tokenOf(invitation, 'invite'),
  };
}

/** Pages that take a token, by the purpose they accept (the reply token has none). */
const PAGES: Record<Exclude<Purpose, 'reply'>, string> = {
  confirm: '/confirm/',
  unsubscribe: '/unsubscribe/',
  preferences: '/preferences/',
  reflect: '/reflect/',
  journal: '/journal/',
  signin: '/signin/',
  invite: '/invite/',
};

/** A well-formed token that no delivery or link has. */
const unknownToken = () => newTokenId().padEnd(TOKEN_LENGTH, 'a');

describe('every link has one purpose', () => {
  it('a GET opens a page only with its own purpose; any other gets the unknown-token 404', async () => {
    const tokens = await tokensOfEveryPurpose();
    const app = createApp(deps);
    const purposes = Object.keys(tokens) as Purpose[];
    let opened = 0;
    for (const [route, path] of Object.entries(PAGES)) {
      const unknown = await app.request(`${path}${unknownToken()}`);
      const unknownPage = await unknown.text();
      expect(unknown.status, route).toBe(404);
      for (const purpose of purposes) {
        const response = await app.request(`${path}${tokens[purpose]}`);
        const page = await response.text();
        if (purpose === route) {
          expect(response.status, `${purpose} on ${route}`).toBe(200);
          opened++;
        } else {
          expect(response.status, `${purpose} on ${route}`).toBe(404);
          expect(page, `${purpose} on ${route}`).toBe(unknownPage);
        }
      }
    }
    expect(opened).toBe(Object.keys(PAGES).length);
  });

  it('the matching pages show what they are for', async () => {
    const tokens = await tokensOfEveryPurpose();
    const app = createApp(deps);
    const text = async (path: string) => (await app.request(path)).text();
    expect(await text(`/confirm/${tokens.confirm}`)).toContain('Already confirmed');
    expect(await text(`/unsubscribe/${tokens.unsubscribe}`)).toContain('Unsubscribe?');
    expect(await text(`/preferences/${tokens.preferences}`)).toContain('value="settings"');
    expect(await text(`/reflect/${tokens.reflect}`)).toContain('Save to my journal');
    expect(await text(`/journal/${tokens.journal}`)).toContain('<h1>Your journal</h1>');
    expect(await text(`/signin/${tokens.signin}`)).toContain('action="/signin/');
    expect(await text(`/invite/${tokens.invite}`)).toContain('value="accept"');
  });

  it('a POST with another purpose changes nothing and gets the same 404 as an unknown token', async () => {
    const tokens = await tokensOfEveryPurpose();
    const app = createApp(deps);
    const posts: Record<Exclude<Purpose, 'reply'>, Record<string, string>> = {
      confirm: {},
      unsubscribe: {},
      preferences: { action: 'unsubscribe' },
      reflect: { text: 'Written through the wrong door.' },
      journal: {},
      signin: {},
      invite: { action: 'decline' },
    };
    for (const [route, fields] of Object.entries(posts)) {
      const path = PAGES[route as keyof typeof PAGES];
      const unknown = await app.request(`${path}${unknownToken()}`, form(fields));
      const unknownPage = await unknown.text();
      for (const purpose of Object.keys(tokens) as Purpose[]) {
        if (purpose === route) continue;
        const response = await app.request(`${path}${tokens[purpose]}`, form(fields));
        expect(response.status, `${purpose} on POST ${route}`).toBe(unknown.status);
        expect(await response.text(), `${purpose} on POST ${route}`).toBe(unknownPage);
      }
    }
    // RFC 8058 one-click with anything but the unsubscribe token: an empty 404.
    for (const purpose of Object.keys(tokens) as Purpose[]) {
      if (purpose === 'unsubscribe') continue;
      const response = await app.request(`/unsubscribe/${tokens[purpose]}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: 'List-Unsubscribe=One-Click',
      });
      expect(response.status, purpose).toBe(404);
    }
    const subscriber = await enrollmentByEmail(deps.db, ADDRESS);
    expect(subscriber?.status).toBe('active');
    expect(await deps.db.selectFrom('reflections').selectAll().execute()).toEqual([]);
    expect(await deps.db.selectFrom('subscriber_sessions').selectAll().execute()).toEqual([]);
    // The sign-in link was not spent by any of that.
    const signedIn = await app.request(`/signin/${tokens.signin}`, form({}));
    expect(signedIn.status).toBe(303);
  });

  it('the Reply-To token opens no page at all, and only it is accepted by inbound mail', async () => {
    const tokens = await tokensOfEveryPurpose();
    const app = createApp(deps);
    for (const path of [
      ...Object.values(PAGES).map((page) => `${page}${tokens.reply}`),
      `/journal/${tokens.reply}/download`,
    ]) {
      const response = await app.request(path);
      expect(response.status, path).toBe(404);
      expect(await response.text(), path).not.toContain('Your journal');
    }
    const received: ReceivedEmail = {
      from: ADDRESS,
      to: [],
      text: 'My own words, by email.',
      html: null,
    };
    const source = { fetchReceived: async () => received };
    for (const purpose of Object.keys(tokens) as Purpose[]) {
      const to = [`reply+${tokens[purpose]}@reply.tend.test`];
      const outcome = await storeReply(
        deps,
        { emailId: `in-${purpose}`, from: ADDRESS, to },
        source,
      );
      expect(outcome, purpose).toBe(purpose === 'reply' ? 'stored' : 'unknown-token');
    }
  });
});

describe('confirmation links', () => {
  it('confirm once; afterwards they show a friendly page and open nothing else', async () => {
    const app = createApp(deps);
    await app.request(
      '/subscribe',
      form({ email: 'once@example.com', role: 'hurt', timezone: 'UTC', send_time: '08:00' }),
    );
    const confirmation = emailsTo(deps, 'once@example.com').at(-1);
    if (!confirmation) throw new Error('no confirmation');
    const token = tokenOf(confirmation, 'confirm');
    expect(confirmation.html).not.toMatch(/\/(unsubscribe|preferences|journal|reflect)\//);

    const first = await app.request(`/confirm/${token}`, form({}));
    expect(first.status).toBe(200);
    expect(await first.text()).toContain('Your welcome email is on its way');
    const mailed = emailsTo(deps, 'once@example.com').length;

    const again = await app.request(`/confirm/${token}`, form({}));
    expect(again.status).toBe(200);
    expect(await again.text()).toContain('Already confirmed');
    const page = await (await app.request(`/confirm/${token}`)).text();
    expect(page).toContain('Already confirmed');
    expect(page).not.toContain('<form');
    expect(emailsTo(deps, 'once@example.com')).toHaveLength(mailed);
    for (const path of ['/preferences/', '/journal/', '/reflect/', '/unsubscribe/']) {
      expect((await app.request(`${path}${token}`)).status, path).toBe(404);
    }
  });

  it('expire after 7 days: a friendly page, and the address stays unconfirmed', async () => {
    const app = createApp(deps);
    await app.request(
      '/subscribe',
      form({ email: 'late@example.com', role: 'hurt', timezone: 'UTC', send_time: '08:00' }),
    );
    const confirmation = emailsTo(deps, 'late@example.com').at(-1);
    if (!confirmation) throw new Error('no confirmation');
    const token = tokenOf(confirmation, 'confirm');
    deps.clock.advance(7 * 86_400_000 + 60_000);
    const page = await app.request(`/confirm/${token}`);
    expect(page.status).toBe(410);
    expect(await page.text()).toContain('This link has expired');
    const post = await app.request(`/confirm/${token}`, form({}));
    expect(post.status).toBe(410);
    const row = await enrollmentByEmail(deps.db, 'late@example.com');
    expect(row?.status).toBe('pending');
  });
});

describe('unsubscribe links', () => {
  it('keep working for years, one-click included', async () => {
    const tokens = await tokensOfEveryPurpose();
    deps.clock.advance(3 * 365 * 86_400_000);
    const app = createApp(deps);
    expect((await app.request(`/unsubscribe/${tokens.unsubscribe}`)).status).toBe(200);
    const response = await app.request(`/unsubscribe/${tokens.unsubscribe}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
    });
    expect(response.status).toBe(200);
    const row = await enrollmentByEmail(deps.db, ADDRESS);
    expect(row?.status).toBe('unsubscribed');
  });

  it('the unsubscribe page offers the preferences through their own token', async () => {
    const tokens = await tokensOfEveryPurpose();
    const html = await (await createApp(deps).request(`/unsubscribe/${tokens.unsubscribe}`)).text();
    expect(html).toContain(`href="/preferences/${tokens.preferences}"`);
  });
});
