import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.ts';
import type { InboundSource } from '../../src/reflections/inbound.ts';
import { storeReply } from '../../src/reflections/inbound.ts';
import { linkedCouple } from '../couples/support.ts';
import { PUBLIC_URL, type TestDeps, testDeps } from '../support/deps.ts';
import { emailsTo, form, messageOf, runScheduler, tokenOf } from '../support/flows.ts';
import { launchChromium, openPage, SKIP_BROWSER } from './browser.ts';

/**
 * The couples pages this issue changed, in Chromium: the invitation with the course's safety
 * note, sharing a reply by email afterwards on the reflection page, and the check-ins
 * together box on the preferences page. Each state is screenshotted and checked by axe-core.
 */
let browser: Browser;
let deps: TestDeps;
let server: ReturnType<typeof serve>;
let url = '';

beforeAll(async () => {
  if (SKIP_BROWSER) return;
  browser = await launchChromium();
  server = serve({ fetch: (request) => app(request), port: 0, hostname: '127.0.0.1' });
  await new Promise((resolve) => server.once('listening', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  deps = await testDeps({ start: '2026-06-01T10:00:00Z' });
  handler = createApp(deps);
}, 60_000);

let handler: ReturnType<typeof createApp> | undefined;
/**
 * The app as served to the browser. It believes it is at PUBLIC_URL (the emails' links, and
 * the helpers' requests, say so), so the browser's own origin is presented as that one.
 */
function app(request: Request): Response | Promise<Response> {
  if (!handler) return new Response('starting', { status: 503 });
  if (request.headers.get('origin') !== url) return handler.fetch(request);
  const headers = new Headers(request.headers);
  headers.set('origin', PUBLIC_URL);
  return handler.fetch(new Request(request, { headers }));
}

afterAll(async () => {
  await browser?.close();
  server?.close();
  await deps?.close();
});

describe.skipIf(SKIP_BROWSER)('couples pages in Chromium', () => {
  it('invitation, sharing an emailed reply, and check-ins together', async () => {
    const inApp = handler;
    if (!inApp) throw new Error('no app');
    const { aToken } = await linkedCouple(
      deps,
      { email: 'ana@example.com' },
      { email: 'ben@example.net' },
      inApp,
    );
    await runScheduler(deps, '2026-06-02T09:00:00Z', 30);
    const lesson = emailsTo(deps, 'ana@example.com').find((e) => messageOf(e) === 'lesson_1');
    if (!lesson) throw new Error('no lesson');
    const source: InboundSource = {
      fetchReceived: async () => ({
        from: 'ana@example.com',
        to: [],
        text: 'I wrote this reply on the train home.',
        html: null,
      }),
    };
    await storeReply(
      deps,
      { emailId: 'r1', from: 'ana@example.com', to: [lesson.replyTo ?? ''] },
      source,
    );
    // A second invitation, to see its page: Ana unlinks and invites someone else.
    await inApp.request(`/preferences/${aToken}/partner`, form({ action: 'unlink' }));
    await inApp.request(
      `/preferences/${aToken}/partner`,
      form({ action: 'invite', partner_email: 'cleo@example.org', from_name: 'Ana' }),
    );
    const invitation = emailsTo(deps, 'cleo@example.org').at(-1);
    if (!invitation) throw new Error('no invitation');

    const problems: string[] = [];
    const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
    const watched = await openPage(context, { width: 390, problems, audit: true });
    const { page } = watched;
    await page.goto(`${url}/invite/${tokenOf(invitation, 'invite')}`);
    expect(await page.textContent('body')).toContain(deps.course.couplesSafety);
    await watched.check('couples-invitation');

    // Relink Ben and Ana to share the reply (the invitation to Cleo stays unanswered).
    await deps.db
      .insertInto('couple_links')
      .values([
        { enrollment_id: 1, partner_id: 2, linked_at: '2026-06-02T09:00:00Z' },
        { enrollment_id: 2, partner_id: 1, linked_at: '2026-06-02T09:00:00Z' },
      ])
      .execute();
    await page.goto(`${url}/reflect/${tokenOf(lesson, 'reflect')}`);
    await watched.check('couples-reflect-reply-private');
    await page.check('input[name="share_with_partner"][id^="share_with_partner_"]');
    await page.click('form.share-reply button[type="submit"]');
    await page.waitForLoadState('load');
    expect(await page.textContent('body')).toContain('Your reply is shared with your partner.');
    expect(await page.isChecked('input[id^="share_with_partner_"]')).toBe(true);
    await watched.check('couples-reflect-reply-shared');

    await page.goto(`${url}/preferences/${aToken}#checkins`);
    await page.check('input[name="checkin_day_1"]');
    await page.check('#checkins_together');
    await page.click('#checkins button[type="submit"]');
    await page.waitForLoadState('load');
    expect(await page.isChecked('#checkins_together')).toBe(true);
    await watched.check('couples-checkins-together');
    await context.close();
  }, 120_000);
});
