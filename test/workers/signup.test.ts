import { describe, expect, it } from 'vitest';
import {
  form,
  outboxTo,
  signupForm,
  signupJson,
  subscriberByEmail,
  testWorker,
  tokenOf,
} from './support.ts';

describe('signup and confirmation on Workers (D1)', () => {
  it('takes a form signup, stores a pending subscriber and mails a confirmation', async () => {
    const tw = testWorker();
    const response = await tw.fetch(
      '/subscribe',
      signupForm({
        email: 'ana@example.com',
        name: 'Ana',
        role: 'hurt',
        timezone: 'Europe/Lisbon',
      }),
    );
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('/check-your-inbox');

    const deps = tw.deps();
    const subscriber = await subscriberByEmail(deps, 'ana@example.com');
    expect(subscriber).toMatchObject({
      status: 'pending',
      timezone: 'Europe/Lisbon',
      role: 'hurt',
    });
    const [confirmation, ...others] = await outboxTo(deps, 'ana@example.com');
    expect(others).toHaveLength(0);
    expect(confirmation?.subject).toContain('Please confirm');
    expect(tokenOf(confirmation?.eml ?? '')).toMatch(/^[a-z2-7]+$/);
  });

  it('takes a JSON signup and answers the same whether or not the address is known', async () => {
    const tw = testWorker();
    const json = (email: string) => signupJson({ email, role: 'broke' });
    const first = await tw.fetch('/subscribe', json('ben@example.com'));
    const again = await tw.fetch('/subscribe', json('ben@example.com'));
    expect(first.status).toBe(202);
    expect(again.status).toBe(202);
    expect(await again.json()).toEqual(await first.json());
    // The second signup within ten minutes sends no second confirmation.
    expect(await outboxTo(tw.deps(), 'ben@example.com')).toHaveLength(1);
  });

  it('answers first and sends the confirmation in waitUntil', async () => {
    const tw = testWorker();
    const { response, waitUntil } = await tw.fetchAnswer(
      '/subscribe',
      signupForm({ email: 'wu@example.com', role: 'hurt' }),
    );
    expect(response.status).toBe(303);
    // The rows are written before the answer; the sending is left to waitUntil.
    const deps = tw.deps();
    expect(await subscriberByEmail(deps, 'wu@example.com')).toMatchObject({ status: 'pending' });
    expect(waitUntil).toHaveLength(1);
    await Promise.all(waitUntil);
    expect(await outboxTo(deps, 'wu@example.com')).toHaveLength(1);

    // A known address gets the same answer and leaves nothing to send.
    const again = await tw.fetchAnswer(
      '/subscribe',
      signupForm({ email: 'wu@example.com', role: 'hurt' }),
    );
    expect(again.response.status).toBe(303);
    expect(await again.response.text()).toBe(await response.text());
    expect(again.response.headers.get('location')).toBe(response.headers.get('location'));
    await Promise.all(again.waitUntil);
    expect(await outboxTo(deps, 'wu@example.com')).toHaveLength(1);
  });

  it('sends each confirmation of a burst once, however the passes share them out', async () => {
    const tw = testWorker();
    const addresses = Array.from({ length: 12 }, (_, n) => `burst-${n}@example.com`);
    const answers = await Promise.all(
      addresses.map((email) => tw.fetchAnswer('/subscribe', signupForm({ email, role: 'broke' }))),
    );
    expect(answers.map((answer) => answer.response.status)).toEqual(addresses.map(() => 303));
    await Promise.all(answers.flatMap((answer) => answer.waitUntil));
    const deps = tw.deps();
    for (const email of addresses) expect(await outboxTo(deps, email)).toHaveLength(1);
    const statuses = await deps.db
      .selectFrom('deliveries')
      .innerJoin('subscribers', 'subscribers.id', 'deliveries.enrollment_id')
      .select('deliveries.status')
      .where('subscribers.email', 'like', 'burst-%')
      .execute();
    expect(statuses).toEqual(addresses.map(() => ({ status: 'sent' })));
  });

  it('refuses a cross-site form post', async () => {
    const tw = testWorker();
    const response = await tw.fetch(
      '/subscribe',
      signupForm({ email: 'eve@example.com', role: 'hurt' }, { Origin: 'https://evil.example' }),
    );
    expect(response.status).toBe(403);
  });

  it('confirms only on POST: the GET shows a button and changes nothing', async () => {
    const tw = testWorker();
    await tw.fetch('/subscribe', signupForm({ email: 'cy@example.com', role: 'together' }));
    const deps = tw.deps();
    const token = tokenOf((await outboxTo(deps, 'cy@example.com'))[0]?.eml ?? '');

    const page = await tw.fetch(`/confirm/${token}`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain(`action="/confirm/${token}"`);
    expect((await subscriberByEmail(deps, 'cy@example.com')).status).toBe('pending');

    const confirmed = await tw.fetch(`/confirm/${token}`, form({}));
    expect(confirmed.status).toBe(200);
    const html = await confirmed.text();
    expect(html).toContain('You&#39;re in');
    expect(html).toMatch(
      /Your first lesson arrives on <strong>\w+day \d+ \w+, \d\d:\d\d [^<]+<\/strong>/,
    );
    expect(html).toMatch(/href="\/preferences\/[a-z2-7]+"/);
    expect(html).not.toContain(`href="/preferences/${token}"`);
    const subscriber = await subscriberByEmail(deps, 'cy@example.com');
    expect(subscriber).toMatchObject({ status: 'active', round: 1, next_step: 1 });

    // The welcome goes out in the same request, into the D1 outbox.
    const emails = await outboxTo(deps, 'cy@example.com');
    expect(emails.map((email) => email.subject)).toHaveLength(2);
    const welcome = await deps.db
      .selectFrom('deliveries')
      .selectAll()
      .where('enrollment_id', '=', subscriber.id)
      .where('message_key', '=', 'welcome')
      .executeTakeFirstOrThrow();
    expect(welcome.status).toBe('sent');
  });

  it('shows the outbox at /dev/outbox outside production', async () => {
    const tw = testWorker();
    await tw.fetch('/subscribe', signupForm({ email: 'dee@example.com', role: 'hurt' }));
    const page = await tw.fetch('/dev/outbox');
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('to dee@example.com');
  });

  it('sends the confirmation again from check-your-inbox, at most once in ten minutes', async () => {
    const tw = testWorker();
    await tw.fetch('/subscribe', signupForm({ email: 'again@example.com', role: 'hurt' }));
    const again = await tw.fetch('/check-your-inbox', signupForm({ email: 'again@example.com' }));
    expect(again.status).toBe(303);
    expect(again.headers.get('location')).toBe('/check-your-inbox?again=1');
    const unknown = await tw.fetch(
      '/check-your-inbox',
      signupForm({ email: 'nobody@example.com' }),
    );
    expect(unknown.headers.get('location')).toBe('/check-your-inbox?again=1');
    expect(await outboxTo(tw.deps(), 'again@example.com')).toHaveLength(1);
    expect(await outboxTo(tw.deps(), 'nobody@example.com')).toHaveLength(0);
  });
});
