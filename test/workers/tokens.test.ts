import { describe, expect, it } from 'vitest';
import type { Purpose } from '../../src/tokens/purpose.ts';
import { form, outboxTo, subscribeAndConfirm, testWorker, tokenOf } from './support.ts';

const OFFER = 'Email me a sign-in link';

describe('scoped tokens and sign-in on Workers', () => {
  it('each link opens only its own page; the Reply-To token opens none', async () => {
    const tw = testWorker();
    await subscribeAndConfirm(tw, { email: 'scope@example.com' });
    const welcome = (await outboxTo(tw.deps(), 'scope@example.com')).at(-1)?.eml ?? '';
    const tokens: Partial<Record<Purpose, string>> = {};
    for (const purpose of ['unsubscribe', 'preferences', 'journal', 'reply'] as const) {
      tokens[purpose] = tokenOf(welcome, purpose);
    }
    expect(new Set(Object.values(tokens)).size).toBe(4);
    for (const route of ['unsubscribe', 'preferences', 'journal', 'reflect', 'confirm']) {
      for (const [purpose, token] of Object.entries(tokens)) {
        const response = await tw.fetch(`/${route}/${token}`);
        expect(response.status, `${purpose} on ${route}`).toBe(purpose === route ? 200 : 404);
      }
    }
  });

  it('signs in by email once, for a session that reads the journal, and signs out', async () => {
    const tw = testWorker();
    await subscribeAndConfirm(tw, { email: 'worker@example.com' });
    const deps = tw.deps();
    const before = (await outboxTo(deps, 'worker@example.com')).length;
    expect(await (await tw.fetch('/journal')).text()).toContain(OFFER);

    const asked = await tw.fetch('/signin', form({ email: 'worker@example.com' }));
    const unknown = await tw.fetch('/signin', form({ email: 'nobody@example.com' }));
    expect(await asked.text()).toBe(await unknown.text());
    const mails = await outboxTo(deps, 'worker@example.com');
    expect(mails).toHaveLength(before + 1);
    const token = tokenOf(mails.at(-1)?.eml ?? '', 'signin');

    const signedIn = await tw.fetch(`/signin/${token}`, form({}));
    expect(signedIn.status).toBe(303);
    const cookie = signedIn.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/HttpOnly; SameSite=Lax/);
    const session = { headers: { Cookie: cookie.split(';')[0] ?? '' } };
    expect((await tw.fetch(`/signin/${token}`, form({}))).status).toBe(410);

    const journal = await tw.fetch('/journal', session);
    expect(await journal.text()).toContain('<h1>Your journal</h1>');
    await tw.fetch('/signout', form({}, session.headers));
    expect(await (await tw.fetch('/journal', session)).text()).toContain(OFFER);
  });

  it('answers a sign-in request before the email is sent', async () => {
    const tw = testWorker();
    await subscribeAndConfirm(tw, { email: 'later@example.com' });
    const { response, waitUntil } = await tw.fetchAnswer(
      '/signin',
      form({ email: 'later@example.com' }),
    );
    expect(response.status).toBe(200);
    expect(waitUntil.length).toBeGreaterThan(0);
    await Promise.all(waitUntil);
    const mails = await outboxTo(tw.deps(), 'later@example.com');
    expect(() => tokenOf(mails.at(-1)?.eml ?? '', 'signin')).not.toThrow();
  });
});
