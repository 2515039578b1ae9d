import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.ts';
import { type TestDeps, testDeps } from '../support/deps.ts';
import { enrollmentByEmail } from '../support/enrollments.ts';
import { emailsTo, form, messageOf, tokenOf } from '../support/flows.ts';

let deps: TestDeps;
beforeEach(async () => {
  // A Monday.
  deps = await testDeps({ start: '2026-06-01T10:00:00Z' });
});
afterEach(() => deps.close());

const signupFields = (fields: Record<string, string> = {}) => ({
  email: 'sam@example.com',
  role: 'hurt',
  timezone: 'Europe/Madrid',
  send_time: '07:30',
  ...fields,
});

/** The cookie a response sets, as a browser would send it back. */
function cookieOf(response: Response): string {
  return (response.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
}

describe('the signup page', () => {
  it('says when emails arrive, in words, and offers the time zones to choose from', async () => {
    const html = await (await createApp(deps).request('/')).text();
    expect(html).toContain('Emails at <strong data-time-words="">08:00</strong>');
    expect(html).toContain('<strong data-zone-words="">UTC</strong>');
    expect(html).toContain('<select id="timezone" name="timezone" data-detect="">');
    expect(html).toContain('<option value="Europe/Madrid">Europe/Madrid</option>');
    expect(html).toContain('<option value="America/New_York">America/New York</option>');
    expect(html).toContain('<script src="/assets/timezone.js" defer=""></script>');
  });

  it('describes the course by its own length, as the confirmation email does', async () => {
    const length =
      'A welcome email as soon as you confirm, then 10 lessons, one a day, and a closing note the day after the last lesson.';
    expect(await (await createApp(deps).request('/')).text()).toContain(length);
    await createApp(deps).request('/subscribe', form(signupFields()));
    expect(emailsTo(deps, 'sam@example.com')[0]?.text).toContain(
      `What confirming starts: a welcome email as soon as you confirm, then 10 lessons`,
    );
  });

  it('links every error to its field and puts a focusable summary first', async () => {
    const response = await createApp(deps).request(
      '/subscribe',
      form({ email: 'not an address', role: 'nobody', send_time: '25:00', timezone: 'Asia/Tokyo' }),
    );
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(html).toContain('<title>Error: Rebuilding Trust</title>');
    const summary = html.indexOf('id="error-summary"');
    expect(summary).toBeGreaterThan(0);
    expect(summary).toBeLessThan(html.indexOf('<h1>'));
    expect(html).toContain('role="alert" tabindex="-1"');
    expect(html).toContain('<a href="#email">Please enter a valid email address');
    expect(html).toContain('<a href="#role">');
    expect(html).toContain('<a href="#send_time">');
    expect(html).toMatch(/id="email"[^>]*aria-invalid="true" aria-describedby="email-error"/);
    expect(html).toContain('<p class="error" id="email-error">');
    expect(html).toMatch(/<fieldset id="role" aria-invalid="true" aria-describedby="role-error">/);
    expect(html).toMatch(/id="send_time"[^>]*aria-describedby="send_time-error schedule"/);
    expect(html).not.toMatch(/id="name"[^>]*aria-invalid/);
    // The zone chosen is kept, not detected again.
    expect(html).toContain('<option value="Asia/Tokyo" selected="">');
    expect(html).toContain('<select id="timezone" name="timezone">');
    expect(html).toContain('<strong data-zone-words="">Tokyo time</strong>');
  });

  it('serves the script that detects the zone and focuses the summary', async () => {
    const script = await (await createApp(deps).request('/assets/timezone.js')).text();
    expect(script).toContain('resolvedOptions().timeZone');
    expect(script).toContain("getElementById('error-summary')");
  });
});

describe('check your inbox', () => {
  it('names the address, the sender and the subject to look for', async () => {
    const app = createApp(deps);
    const signup = await app.request('/subscribe', form(signupFields()));
    expect(signup.headers.get('set-cookie')).toMatch(/Path=\/check-your-inbox; HttpOnly/);
    expect(signup.headers.get('location')).toBe('/check-your-inbox');
    const response = await app.request('/check-your-inbox', {
      headers: { Cookie: cookieOf(signup) },
    });
    const html = await response.text();
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(html).toContain('If <strong>sam@example.com</strong> can receive mail');
    expect(html).toContain('Rebuilding Trust <span class="muted">(hello@tend.test)</span>');
    const [email] = emailsTo(deps, 'sam@example.com');
    expect(html).toContain(`<dd>${email?.subject}</dd>`);
    expect(email?.subject).toBe('Please confirm your subscription to Rebuilding Trust');
    expect(html).toContain('<form method="post" action="/check-your-inbox"');
  });

  it('names the neutral sender and subject when discreet emails were chosen', async () => {
    const app = createApp(deps);
    const signup = await app.request('/subscribe', form(signupFields({ discreet: 'on' })));
    const html = await (
      await app.request('/check-your-inbox', { headers: { Cookie: cookieOf(signup) } })
    ).text();
    const [email] = emailsTo(deps, 'sam@example.com');
    expect(email?.subject).toBe('Please confirm your email address');
    expect(html).toContain('<dd>Please confirm your email address</dd>');
    expect(html).toContain(`<dd>${deps.course.discreet.senderName} <span`);
    expect(html).not.toContain('Please confirm your subscription to');
  });

  it('works without the cookie, saying less', async () => {
    const html = await (await createApp(deps).request('/check-your-inbox')).text();
    expect(html).toContain('If the address you gave can receive mail');
    expect(html).toContain('value=""');
  });

  it('sends it again at most once in ten minutes, answering the same for any address', async () => {
    const app = createApp(deps);
    await app.request('/subscribe', form(signupFields()));
    const again = () => app.request('/check-your-inbox', form({ email: ' sam@example.com ' }));
    const confirmations = () =>
      emailsTo(deps, 'sam@example.com').filter((email) => messageOf(email) === 'confirm');

    const early = await again();
    expect(early.status).toBe(303);
    expect(early.headers.get('location')).toBe('/check-your-inbox?again=1');
    expect(confirmations()).toHaveLength(1);

    deps.clock.advance(10 * 60_000);
    await again();
    expect(confirmations()).toHaveLength(2);
    expect(tokenOf(confirmations()[1] as never)).not.toBe(tokenOf(confirmations()[0] as never));
    await again();
    expect(confirmations()).toHaveLength(2);

    const unknown = await app.request('/check-your-inbox', form({ email: 'who@example.com' }));
    expect(unknown.status).toBe(303);
    expect(unknown.headers.get('location')).toBe('/check-your-inbox?again=1');
    const garbage = await app.request('/check-your-inbox', form({ email: 'x'.repeat(5000) }));
    expect(garbage.status).toBe(303);
    expect(deps.sent.filter((email) => email.to !== 'sam@example.com')).toEqual([]);

    const page = await (await app.request('/check-your-inbox?again=1')).text();
    expect(page).toContain('another confirmation email is on its way');
  });

  it('sends nothing again to an address that has already confirmed', async () => {
    const app = createApp(deps);
    await app.request('/subscribe', form(signupFields()));
    const [confirmation] = emailsTo(deps, 'sam@example.com');
    await app.request(`/confirm/${tokenOf(confirmation as never)}`, form({}));
    deps.clock.advance(60 * 60_000);
    const before = deps.sent.length;
    await app.request('/check-your-inbox', form({ email: 'sam@example.com' }));
    expect(deps.sent.length).toBe(before);
  });
});

describe('confirmed', () => {
  it('gives the weekday, date, local time and zone of lesson 1, and a link to preferences', async () => {
    const app = createApp(deps);
    await app.request('/subscribe', form(signupFields()));
    const token = tokenOf(emailsTo(deps, 'sam@example.com')[0] as never);
    const response = await app.request(`/confirm/${token}`, form({}));
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain(
      'Your first lesson arrives on <strong>Tuesday 2 June, 07:30 Madrid time</strong>.',
    );
    // A preferences link of its own: the confirmation token opens nothing else.
    const preferences = /href="(\/preferences\/[a-z2-7]+)"/.exec(html)?.[1];
    expect(preferences).toBeDefined();
    expect(preferences).not.toContain(token);
    expect((await app.request(preferences ?? '')).status).toBe(200);
    expect(emailsTo(deps, 'sam@example.com').map(messageOf)).toEqual(['confirm', 'welcome']);
  });

  it('counts only the days lessons may arrive on', async () => {
    const app = createApp(deps);
    await app.request('/subscribe', form(signupFields({ send_time: '18:00' })));
    const row = await deps.db
      .updateTable('enrollments')
      .set({ send_days: '67' })
      .where('id', '=', (await enrollmentByEmail(deps.db, 'sam@example.com'))?.id ?? 0)
      .executeTakeFirst();
    expect(Number(row.numUpdatedRows)).toBe(1);
    const token = tokenOf(emailsTo(deps, 'sam@example.com')[0] as never);
    const html = await (await app.request(`/confirm/${token}`, form({}))).text();
    expect(html).toContain('<strong>Saturday 6 June, 18:00 Madrid time</strong>');
  });
});
