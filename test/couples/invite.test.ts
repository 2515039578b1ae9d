import { afterEach, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.ts';
import { findEnrollmentByEmail } from '../../src/db/enrollments.ts';
import { LIMITS_ON } from '../limits/support.ts';
import { type TestDeps, testDeps } from '../support/deps.ts';
import { emailsTo, form, subscribeAndConfirm, tokenOf } from '../support/flows.ts';
import { invitationTo, invite, linkedCouple, preferencesToken } from './support.ts';

let deps: TestDeps;
afterEach(() => deps?.close());

const A = 'ana@example.com';
const B = 'ben@example.net';

/** The preferences page's couples section, all the inviter sees of an invitation. */
async function partnerSection(app: ReturnType<typeof createApp>, token: string) {
  const html = await (await app.request(`/preferences/${token}`)).text();
  return /<section[^>]*id="partner"[\s\S]*?<\/section>/.exec(html)?.[0] ?? '';
}

async function links() {
  return deps.db.selectFrom('couple_links').selectAll().execute();
}

describe('inviting a partner', () => {
  it('sends an invitation that carries only a first name, and links on confirmation', async () => {
    deps = await testDeps({ start: '2026-06-01T10:00:00Z' });
    const app = createApp(deps);
    await subscribeAndConfirm(deps, { email: A, name: 'Ana' }, app);
    const aToken = preferencesToken(deps, A);
    const prefs = await (await app.request(`/preferences/${aToken}`)).text();
    expect(prefs).toContain('name="partner_email"');
    expect(prefs).toContain(deps.course.couplesSafety);

    const sent = await invite(app, aToken, B, 'Sam Smith <script>');
    expect(sent.status).toBe(200);
    expect(await sent.text()).toContain('Your invitation was sent.');
    const email = invitationTo(deps, B);
    if (!email) throw new Error('no invitation');
    expect(email.subject).toContain('from Sam');
    expect(email.text).toContain('from Sam');
    expect(email.text).not.toContain('Smith');
    expect(email.html).not.toContain('script');
    expect(email.text).toContain('https://tend.test/help');
    expect(email.headers['List-Unsubscribe']).toBeUndefined();
    expect(email.text).not.toContain(A);
    // No address of the invitee is kept: only its keyed hash.
    const rows = await deps.db.selectFrom('couple_invitations').selectAll().execute();
    expect(JSON.stringify(rows)).not.toContain('ben');

    const token = tokenOf(email, 'invite');
    const page = await app.request(`/invite/${token}`);
    const html = await page.text();
    expect(page.status).toBe(200);
    expect(html).toContain('value="accept"');
    expect(html).toContain('href="/help"');
    expect(html).toContain(deps.course.couplesSafety);
    // A GET changes nothing.
    expect(
      (await deps.db.selectFrom('couple_invitations').select('state').execute())[0]?.state,
    ).toBe('pending');
    const accept = await app.request(`/invite/${token}`, form({ action: 'accept' }));
    const signup = await accept.text();
    expect(signup).toContain(`action="/invite/${token}/join"`);
    expect(signup).toContain('name="role"');

    const joined = await app.request(
      `/invite/${token}/join`,
      form({
        email: B,
        role: 'broke',
        timezone: 'Europe/London',
        send_time: '19:00',
        discreet: 'on',
      }),
    );
    expect(joined.status).toBe(303);
    // Not linked (and not "accepted") until B confirms their own address.
    expect(await links()).toEqual([]);
    expect(await (await app.request(`/preferences/${aToken}`)).text()).toContain(
      'Your invitation was sent.',
    );
    const confirmation = emailsTo(deps, B).at(-1);
    if (!confirmation) throw new Error('no confirmation');
    await app.request(`/confirm/${tokenOf(confirmation)}`, form({}));
    expect(await links()).toHaveLength(2);
    const ben = await findEnrollmentByEmail(deps.db, B, deps.course.id);
    if (!ben) throw new Error('no enrollment');
    expect([ben.role, ben.timezone, ben.sendTime, ben.discreet]).toEqual([
      'broke',
      'Europe/London',
      '19:00',
      true,
    ]);
    const after = await (await app.request(`/preferences/${aToken}`)).text();
    expect(after).toContain('value="unlink"');
    // The invitation cannot be used again.
    expect((await app.request(`/invite/${token}`)).status).toBe(404);
  });

  it('never tells the inviter of a decline or a block; a block holds later invitations', async () => {
    deps = await testDeps({ start: '2026-06-01T10:00:00Z' });
    const app = createApp(deps);
    await subscribeAndConfirm(deps, { email: A }, app);
    const aToken = preferencesToken(deps, A);
    await invite(app, aToken, B);
    const pendingPage = await partnerSection(app, aToken);
    expect(pendingPage).toContain('Your invitation was sent.');

    const first = invitationTo(deps, B);
    if (!first) throw new Error('no invitation');
    const declined = await app.request(
      `/invite/${tokenOf(first, 'invite')}`,
      form({ action: 'decline' }),
    );
    expect(declined.status).toBe(200);
    const afterDecline = await partnerSection(app, aToken);
    expect(afterDecline).toBe(pendingPage);
    expect(afterDecline).not.toMatch(/declin/i);
    // One open invitation at a time, declined or not.
    const again = await invite(app, aToken, B);
    expect(again.status).toBe(409);
    expect(emailsTo(deps, B)).toHaveLength(1);

    // Two weeks on, another one; this time B blocks.
    deps.clock.advance(15 * 86_400_000);
    expect((await invite(app, aToken, B)).status).toBe(200);
    const second = invitationTo(deps, B);
    if (!second || second === first) throw new Error('no second invitation');
    await app.request(`/invite/${tokenOf(second, 'invite')}`, form({ action: 'block' }));
    const afterBlock = await partnerSection(app, aToken);
    expect(afterBlock).toBe(pendingPage);
    expect(await deps.db.selectFrom('blocked_invitees').selectAll().execute()).toHaveLength(1);

    // Later invitations to that address (in any letter case) are not sent, and the inviter
    // is answered exactly as if they were.
    deps.clock.advance(15 * 86_400_000);
    const held = await invite(app, aToken, 'Ben@Example.NET');
    expect(held.status).toBe(200);
    expect(await held.text()).toContain('Your invitation was sent.');
    expect(emailsTo(deps, B)).toHaveLength(2);
    expect(emailsTo(deps, 'Ben@Example.NET')).toHaveLength(0);
  });

  it('is discreet when the inviter is', async () => {
    deps = await testDeps({ start: '2026-06-01T10:00:00Z' });
    const app = createApp(deps);
    await subscribeAndConfirm(deps, { email: A }, app);
    const ana = await findEnrollmentByEmail(deps.db, A, deps.course.id);
    await deps.db
      .updateTable('enrollments')
      .set({ discreet: 1 })
      .where('id', '=', ana?.id ?? 0)
      .execute();
    await invite(app, preferencesToken(deps, A), B, 'Sam');
    const email = invitationTo(deps, B);
    if (!email) throw new Error('no invitation');
    expect(email.subject).toBe('An invitation from Sam');
    const course = deps.course;
    for (const part of [email.subject, email.from, email.text, email.html]) {
      expect(part).not.toContain(course.title);
      expect(part.toLowerCase()).not.toContain('trust');
    }
    expect(email.text).toContain('https://tend.test/help');
  });

  it('refuses one’s own address and a second partner', async () => {
    deps = await testDeps({ start: '2026-06-01T10:00:00Z' });
    const { app, aToken } = await linkedCouple(deps, { email: A }, { email: B });
    expect((await invite(app, aToken, 'third@example.org')).status).toBe(409);
    expect((await invite(app, preferencesToken(deps, B), B.toUpperCase())).status).toBe(400);
    expect(emailsTo(deps, 'third@example.org')).toEqual([]);
  });

  it('is rate-limited per client', async () => {
    deps = await testDeps({ start: '2026-06-01T10:00:00Z', env: LIMITS_ON });
    const app = createApp(deps);
    await subscribeAndConfirm(deps, { email: A }, app);
    const token = preferencesToken(deps, A);
    const statuses = [];
    for (let i = 0; i < 4; i++) {
      statuses.push(
        (await invite(app, token, `p${i}@example.org`, '', { from: '198.51.100.9' })).status,
      );
    }
    // The first is sent; the next two are refused as "already pending"; the fourth is over
    // the client's burst of three and never reaches the form.
    expect(statuses).toEqual([200, 409, 409, 429]);
    expect(deps.sent.filter((e) => e.to.startsWith('p'))).toHaveLength(1);
  });

  it('unlinks at once and silently, from either side', async () => {
    deps = await testDeps({ start: '2026-06-01T10:00:00Z' });
    const { app, aToken, bToken } = await linkedCouple(deps, { email: A }, { email: B });
    const before = deps.sent.length;
    const unlinked = await app.request(
      `/preferences/${bToken}/partner`,
      form({ action: 'unlink' }),
    );
    expect(unlinked.status).toBe(200);
    expect(await links()).toEqual([]);
    expect(deps.sent.length).toBe(before);
    const aPage = await (await app.request(`/preferences/${aToken}`)).text();
    expect(aPage).not.toContain('value="unlink"');
    expect(aPage).toContain('name="partner_email"');
  });
});
