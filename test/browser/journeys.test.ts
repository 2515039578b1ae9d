import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { CONTENT_DIR } from '../../src/node/deps.ts';
import { type PreviewServer, startPreviewServer } from '../../src/node/preview-server.tsx';
import { tempDir } from '../support/temp.ts';
import {
  accessibilityProblems,
  focusIsVisible,
  launchChromium,
  openPage,
  SKIP_BROWSER,
  type WatchedPage,
} from './browser.ts';
import { ADMIN_PASSWORD, type RunningTend, startTend } from './server.ts';

/**
 * Tend in a real browser (Debian's chromium through playwright-core), through the server as
 * `npm start` runs it: what in-process tests cannot see (the Content Security Policy, the
 * referrer policy's effect on Origin, the page's script, focus, layout at phone width).
 * Every page state is screenshotted into test-results/browser/ and checked by axe-core.
 * Journeys find things by role, label and heading, not by sentences, so that wording can change.
 */

// Generous: on a machine busy with the rest of the suite a journey can take half a minute.
vi.setConfig({ testTimeout: 180_000, hookTimeout: 120_000 });

/** Waiting for what a page shows after the load event (the page's script, a redirect). */
const SETTLE = { timeout: 15_000 };

let browser: Browser;
let tend: RunningTend;
const problems: string[] = [];
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  if (SKIP_BROWSER) return;
  // One after the other: without Chromium this fails at once, before a server is started.
  browser = await launchChromium();
  tend = await startTend();
}, 120_000);

afterAll(async () => {
  await Promise.all(contexts.map((context) => context.close()));
  await browser?.close();
  await tend?.stop();
});

/**
 * axe-core runs at phone width only: the pages are the same at both widths, and it costs
 * about a second a page, most of this suite's time.
 */
const AUDITED_WIDTH = 375;

async function newPage(width: number): Promise<WatchedPage> {
  const context = await browser.newContext({
    viewport: { width, height: 800 },
    timezoneId: 'Europe/Madrid',
    locale: 'en-GB',
  });
  contexts.push(context);
  return openPage(context, { width, problems, audit: width === AUDITED_WIDTH });
}

const DAY = 24 * 60 * 60 * 1000;

/** Several lines, a blank line between paragraphs, and an indented line: kept as written. */
const REFLECTION = 'I said I would call.\nI did not.\n\nNext time I will\n  say so first.';
const EDITED = 'I called, late.\nIt still mattered.';

describe.skipIf(SKIP_BROWSER).each([375, 1280])('at %i px', (width) => {
  const address = `reader-${width}@example.com`;
  let w: WatchedPage;

  beforeAll(async () => {
    w = await newPage(width);
  });

  it('signs up with the time zone the page detects, and confirms from the email', async () => {
    const { page } = w;
    await page.goto(`${tend.url}/`);
    await page.getByRole('link', { name: 'Rebuilding Trust' }).click();
    await page.waitForURL(/\/courses\/rebuilding-trust$/);
    await expect.poll(() => page.locator('#timezone').inputValue(), SETTLE).toBe('Europe/Madrid');
    await w.check('signup');

    await page.getByLabel(/email/i).first().fill(address);
    await page.getByLabel(/name/i).first().fill('Robin');
    await page.getByRole('radio').nth(1).check();
    await page.getByRole('button', { name: /start|sign up|subscribe/i }).click();
    await page.waitForURL(/\/check-your-inbox/);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).count(), SETTLE).toBe(1);
    await w.check('check-your-inbox');

    // The confirmation, in the .eml file and through /dev/outbox as a developer follows it.
    const confirmation = await tend.emailTo(address, (email) => email.text.includes('/confirm/'));
    await page.goto(`${tend.url}/dev/outbox`);
    await w.check('outbox');
    await page.getByRole('listitem').filter({ hasText: address }).getByRole('link').click();
    await page.waitForURL(/\/dev\/outbox\/.+/);
    await w.check('outbox-email');
    await page
      .getByRole('link', { name: /\/confirm\// })
      .first()
      .click();
    await page.waitForURL(/\/confirm\//);
    expect(page.url()).toBe(confirmation.link('confirm'));
    await w.check('confirm');
    await page.getByRole('main').getByRole('button').first().click();
    await page.waitForLoadState('load');
    await w.check('confirmed');
    // Confirmed: the welcome email follows at once.
    await tend.emailTo(address, (email) => email.text.includes('/journal/'));
  });

  it('writes a reflection of several lines, finds it in the journal as written, edits it', async () => {
    const { page } = w;
    await tend.tick(new Date(Date.now() + 2 * DAY));
    const lesson = await tend.emailTo(address, (email) => email.text.includes('/reflect/'));
    const reflect = lesson.link('reflect');

    await page.goto(reflect);
    await w.check('reflect');
    await page.getByRole('textbox').fill(REFLECTION);
    await page.getByRole('button', { name: /save/i }).click();
    await page.waitForLoadState('load');
    await expect.poll(() => page.getByRole('textbox').inputValue(), SETTLE).toBe(REFLECTION);
    await w.check('reflect-saved');

    await page
      .getByRole('link', { name: /journal/i })
      .first()
      .click();
    await page.waitForURL(/\/journal\//);
    expect(await journalText(w)).toBe(REFLECTION);
    await w.check('journal');

    await page.goto(reflect);
    await page.getByRole('textbox').fill(EDITED);
    await page.getByRole('button', { name: /save/i }).click();
    await page.waitForLoadState('load');
    await w.check('reflect-edited');
    await page
      .getByRole('link', { name: /journal/i })
      .first()
      .click();
    await page.waitForURL(/\/journal\//);
    expect(await journalText(w)).toBe(EDITED);
    await w.check('journal-edited');
  });

  it('changes time and days, takes a break and resumes, discreet on and off, check-ins', async () => {
    const { page } = w;
    const welcome = await tend.emailTo(address, (email) => email.text.includes('/preferences/'));
    await page.goto(welcome.link('preferences'));
    await w.check('preferences');
    // The zone the signup page detected is the one kept.
    await expect
      .poll(() => page.getByLabel(/time zone/i).inputValue(), SETTLE)
      .toBe('Europe/Madrid');

    const days = page.getByRole('group', { name: /days/i }).first();
    await page.getByLabel(/time each email|send time|what time/i).fill('07:30');
    await days.getByRole('checkbox', { name: /^sat/i }).uncheck();
    await days.getByRole('checkbox', { name: /^sun/i }).uncheck();
    await saveSettings(w);
    await w.check('preferences-saved');
    await page.reload();
    expect(await page.getByLabel(/time each email|send time|what time/i).inputValue()).toBe(
      '07:30',
    );
    const daysNow = page.getByRole('group', { name: /days/i }).first();
    expect(await daysNow.getByRole('checkbox', { name: /^sat/i }).isChecked()).toBe(false);
    expect(await daysNow.getByRole('checkbox', { name: /^mon/i }).isChecked()).toBe(true);

    await page.getByRole('button', { name: /take a break/i }).click();
    await page.waitForLoadState('load');
    await w.check('on-break');
    await page.getByRole('button', { name: /resume/i }).click();
    await page.waitForLoadState('load');
    await expect
      .poll(() => page.getByRole('button', { name: /take a break/i }).count(), SETTLE)
      .toBe(1);
    await w.check('resumed');

    const discreet = () => page.getByRole('checkbox', { name: /discreet/i });
    await discreet().check();
    await saveSettings(w);
    expect(await discreet().isChecked()).toBe(true);
    await w.check('discreet-on');
    await discreet().uncheck();
    await saveSettings(w);
    expect(await discreet().isChecked()).toBe(false);

    const checkins = page.getByRole('button', { name: /save check-ins/i }).locator('xpath=..');
    await checkins.getByRole('checkbox', { name: /^sun/i }).check();
    await checkins.getByLabel(/time/i).fill('18:00');
    await page.getByRole('button', { name: /save check-ins/i }).click();
    await page.waitForLoadState('load');
    await expect
      .poll(() => page.getByRole('button', { name: /stop check-ins/i }).count(), SETTLE)
      .toBe(1);
    await w.check('checkins-on');
    await page.getByRole('button', { name: /stop check-ins/i }).click();
    await page.waitForLoadState('load');
    await expect
      .poll(() => page.getByRole('button', { name: /stop check-ins/i }).count(), SETTLE)
      .toBe(0);

    await page.getByRole('link', { name: /help/i }).first().click();
    await page.waitForURL(/\/help/);
    await w.check('help');
  });

  it('runs the console: sign in, overview, funnel, find and pause, previews, a test, sign out', async () => {
    const { page } = w;
    await page.goto(`${tend.url}/admin`);
    await page.waitForURL(/\/admin\/login/);
    await w.check('console-login');
    await page.getByLabel(/password/i).pressSequentially(ADMIN_PASSWORD);
    await page.getByRole('button', { name: /sign in/i }).click();
    await page.waitForURL(/\/admin$/);
    await w.check('console-overview');

    const nav = page.getByRole('navigation');
    await nav.getByRole('link', { name: /funnel/i }).click();
    await page.waitForURL(/\/admin\/funnel/);
    await w.check('console-funnel');

    await nav.getByRole('link', { name: /subscribers/i }).click();
    await page.waitForURL(/\/admin\/subscribers/);
    await w.check('console-subscribers');
    await page.getByLabel(/email/i).fill(address);
    await page.getByRole('button', { name: /find/i }).click();
    await page.waitForURL(/\/admin\/subscribers\/\d+/);
    await w.check('console-subscriber');
    await page.getByRole('button', { name: /^pause/i }).click();
    await page.waitForLoadState('load');
    await expect.poll(() => page.getByRole('button', { name: /^resume/i }).count(), SETTLE).toBe(1);
    await w.check('console-paused');
    await page.getByRole('button', { name: /^resume/i }).click();
    await page.waitForLoadState('load');

    await nav.getByRole('link', { name: /emails|previews/i }).click();
    await page.waitForURL(/\/admin\/previews/);
    await w.check('console-previews');
    await page
      .getByRole('link', { name: /discreet/i })
      .nth(3)
      .click();
    await page.waitForURL(/\/admin\/previews\/.+/);
    await w.check('console-preview');
    const operator = `operator-${width}@example.com`;
    await page.getByLabel(/send this email to|send .* to/i).fill(operator);
    await page.getByRole('button', { name: /send test/i }).click();
    await page.waitForLoadState('load');
    const test = await tend.emailTo(operator, () => true);
    expect(test.subject).toMatch(/^\[Test\]/);
    await w.check('console-test-sent');

    await page.getByRole('button', { name: /sign out/i }).click();
    await page.waitForURL(/\/admin\/login/);
    await page.goto(`${tend.url}/admin`);
    await page.waitForURL(/\/admin\/login/);
  });

  it('unsubscribes from the link in an email', async () => {
    const { page } = w;
    const lesson = await tend.emailTo(address, (email) => email.text.includes('/unsubscribe/'));
    await page.goto(lesson.link('unsubscribe'));
    await w.check('unsubscribe');
    await page
      .getByRole('main')
      .getByRole('button', { name: /unsubscribe/i })
      .click();
    await page.waitForLoadState('load');
    await w.check('unsubscribed');
    await expect
      .poll(
        () =>
          page
            .getByRole('main')
            .getByRole('button', { name: /unsubscribe/i })
            .count(),
        SETTLE,
      )
      .toBe(0);
  });
});

describe.skipIf(SKIP_BROWSER).each([375, 1280])('several courses at %i px', (width) => {
  it('lists both shipped courses, and signs up for the one without roles', async () => {
    const w = await newPage(width);
    const { page } = w;
    const address = `weekly-${width}@example.com`;
    await page.goto(`${tend.url}/`);
    const courses = page.getByRole('main').getByRole('heading', { level: 2 });
    expect(await courses.allInnerTexts()).toEqual(['Rebuilding Trust', 'The Weekly Check-in']);
    await w.check('courses');
    await auditWide(w, 'courses');

    await page.getByRole('link', { name: 'The Weekly Check-in' }).click();
    await page.waitForURL(/\/courses\/weekly-check-in$/);
    await expect.poll(() => page.locator('#timezone').inputValue(), SETTLE).toBe('Europe/Madrid');
    // No roles: nothing to choose between, and the course's own default time.
    expect(await page.getByRole('radio').count()).toBe(0);
    expect(await page.locator('#send_time').inputValue()).toBe('18:00');
    await w.check('weekly-signup');
    await auditWide(w, 'weekly-signup');

    await page.getByLabel(/email/i).first().fill(address);
    await page.getByRole('button', { name: /start|sign up|subscribe/i }).click();
    await page.waitForURL(/\/check-your-inbox/);
    const confirmation = await tend.emailTo(address, (email) => email.text.includes('/confirm/'));
    await page.goto(confirmation.link('confirm'));
    await page.getByRole('main').getByRole('button').first().click();
    await page.waitForLoadState('load');
    const welcome = await tend.emailTo(address, (email) => email.text.includes('/journal/'));
    expect(welcome.subject).toMatch(/twenty minutes, once a week/);

    // The course's own help page, which its emails link to.
    expect(welcome.text).toContain(`${tend.url}/courses/weekly-check-in/help`);
    await page.goto(`${tend.url}/courses/weekly-check-in/help`);
    await expect
      .poll(() => page.getByRole('heading', { level: 1 }).textContent(), SETTLE)
      .toBe('Help if you feel unsafe');
    expect(await page.getByRole('link', { name: 'Leave this page' }).count()).toBe(1);
    await w.check('weekly-help');
  });
});

/**
 * axe-core at a wide screen too, for the pages whose layout changes most with width (the
 * course list's cards, a signup form): `check` audits at phone width only.
 */
async function auditWide(w: WatchedPage, name: string) {
  if (w.width === AUDITED_WIDTH) return;
  expect(await accessibilityProblems(w.page), `${name} at ${w.width} px: axe-core`).toEqual([]);
}

/** What the journal shows of the one reflection in it: its paragraphs' rendered text. */
async function journalText(w: WatchedPage): Promise<string> {
  const paragraphs = await w.page.locator('main section.card p.written').allInnerTexts();
  return paragraphs.join('\n\n');
}

async function saveSettings(w: WatchedPage) {
  await w.page.getByRole('button', { name: 'Save', exact: true }).click();
  await w.page.waitForLoadState('load');
}

describe.skipIf(SKIP_BROWSER).each([375, 1280])('keyboard only at %i px', (width) => {
  it('signs up and signs in to the console with Tab, Space and Enter, focus always visible', async () => {
    const w = await newPage(width);
    const { page } = w;
    await page.goto(`${tend.url}/`);
    await tabTo(w, 'a[href="/courses/rebuilding-trust"]');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/courses\/rebuilding-trust$/);
    await tabTo(w, '#email');
    await page.keyboard.type(`keys-${width}@example.com`);
    await tabTo(w, 'input[type="radio"]');
    await page.keyboard.press('Space');
    expect(await page.getByRole('radio').first().isChecked()).toBe(true);
    await tabTo(w, 'input[type="checkbox"]');
    await page.keyboard.press('Space');
    expect(await page.getByRole('checkbox').first().isChecked()).toBe(true);
    await tabTo(w, 'button[type="submit"]');
    await w.check('keyboard-signup');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/check-your-inbox/);
    await w.check('keyboard-check-your-inbox');
    await tend.emailTo(`keys-${width}@example.com`, (email) => email.text.includes('/confirm/'));

    await page.goto(`${tend.url}/admin/login`);
    await tabTo(w, 'input[type="password"]');
    await page.keyboard.type(ADMIN_PASSWORD);
    await tabTo(w, 'button[type="submit"]');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/admin$/);
    await w.check('keyboard-console');
    await tabTo(w, 'nav button');
    await page.keyboard.press('Space');
    await page.waitForURL(/\/admin\/login/);
  });
});

describe.skipIf(SKIP_BROWSER)('the live preview (tend preview --watch)', () => {
  let preview: PreviewServer | undefined;
  afterAll(async () => {
    await preview?.stop();
  });

  it('reloads an open page to the error when a lesson breaks, and back when it is fixed', async () => {
    const content = tempDir('tend-preview-browser-');
    cpSync(join(CONTENT_DIR, 'weekly-check-in'), join(content, 'weekly-check-in'), {
      recursive: true,
    });
    preview = await startPreviewServer({
      env: { PATH: process.env.PATH ?? '' },
      contentDir: content,
      watch: [content],
      port: 0,
      pollMs: 100,
    });
    const w = await newPage(AUDITED_WIDTH);
    const { page } = w;
    const text = (selector: string) => page.locator(selector).textContent();
    await page.goto(`${preview.url}/`);
    await w.check('preview-index');
    await page.getByRole('link', { name: 'plain' }).nth(3).click();
    await page.waitForURL(/\/email\/weekly-check-in\/lesson-2\?role=anyone$/);
    expect(await text('#subject')).toBe('Lesson 2 of 4: Taking turns to talk');
    await w.check('preview-email');

    // The page is left open: it reloads itself when the server has taken in the change.
    const file = join(content, 'weekly-check-in', 'lesson-02.md');
    const lesson = readFileSync(file, 'utf8');
    writeFileSync(file, lesson.replace('step: 2', 'step: 7'));
    await page.locator('#problem-file').waitFor({ timeout: 60_000 });
    expect(await text('#problem-file')).toBe('weekly-check-in/lesson-02.md');
    expect(await text('#problem-field')).toBe('step');
    expect(await text('#problem-reason')).toMatch(/expected 2/);
    await w.check('preview-error');

    writeFileSync(file, lesson.replace('Taking turns to talk', 'Talking in turns'));
    await page.locator('#subject').waitFor({ timeout: 60_000 });
    expect(await text('#subject')).toBe('Lesson 2 of 4: Talking in turns');
    await w.check('preview-recovered');
  });
});

describe.skipIf(SKIP_BROWSER)('error pages', () => {
  let w: WatchedPage;
  beforeAll(async () => {
    w = await newPage(375);
  });

  it('400: a signup form sent without its fields', async () => {
    const { page } = w;
    await page.goto(`${tend.url}/courses/rebuilding-trust`);
    const answer = page.waitForResponse((r) => r.url().endsWith('/subscribe'));
    await page.getByRole('button', { name: /start|sign up|subscribe/i }).click();
    expect((await answer).status()).toBe(400);
    await w.check('error-400');
  });

  it('403: a form another site posts, refused in a real browser', async () => {
    const { page } = w;
    // A data: URL is another origin: Chromium sends Origin: null, Sec-Fetch-Site: cross-site.
    const form = `<!doctype html><html lang="en"><title>elsewhere</title><form method="post" action="${tend.url}/subscribe"><input name="email" value="forged@example.com"><input name="role" value="hurt"><button>Go</button></form>`;
    await page.goto(`data:text/html,${encodeURIComponent(form)}`);
    const answer = page.waitForResponse((r) => r.url().endsWith('/subscribe'));
    await page.getByRole('button').click();
    expect((await answer).status()).toBe(403);
    await w.check('error-403');
    expect(await tend.emails()).not.toContainEqual(
      expect.objectContaining({ to: 'forged@example.com' }),
    );
  });

  it('404: an unknown address and a link that leads nowhere', async () => {
    const { page } = w;
    for (const [name, path] of [
      ['unknown', '/no-such-page'],
      ['journal', `/journal/${'a'.repeat(52)}`],
      ['preferences', `/preferences/${'a'.repeat(52)}`],
      ['confirm', `/confirm/${'a'.repeat(52)}`],
    ]) {
      const response = await page.goto(`${tend.url}${path}`);
      expect([path, response?.status()]).toEqual([path, 404]);
      await w.check(`error-404-${name}`);
    }
  });

  it('413: a form larger than any of ours', async () => {
    const { page } = w;
    await page.goto(`${tend.url}/courses/rebuilding-trust`);
    // Our pages cap their fields; only a page altered in the browser sends this much.
    await page.evaluate(() => {
      const filler = document.createElement('textarea');
      filler.name = 'filler';
      filler.value = 'x'.repeat(100_000);
      filler.hidden = true;
      document.querySelector('form')?.append(filler);
    });
    const answer = page.waitForResponse((r) => r.url().endsWith('/subscribe'));
    await page.getByRole('button', { name: /start|sign up|subscribe/i }).click();
    expect((await answer).status()).toBe(413);
    await w.check('error-413');
  });

  // Last: it locks this client out of the console for a quarter of an hour.
  it('429: console sign-in after too many wrong passwords', async () => {
    const { page } = w;
    let status = 0;
    for (let i = 0; i < 10 && status !== 429; i++) {
      await page.goto(`${tend.url}/admin/login`);
      await page.getByLabel(/password/i).fill(`wrong ${i}`);
      const answer = page.waitForResponse((r) => r.url().endsWith('/admin/login'));
      await page.getByRole('button', { name: /sign in/i }).click();
      status = (await answer).status();
    }
    expect(status).toBe(429);
    await w.check('error-429');
  });
});

/**
 * Presses Tab until the focused element matches `selector`, requiring after every press
 * that the focused element shows its focus.
 */
async function tabTo(w: WatchedPage, selector: string) {
  for (let i = 0; i < 40; i++) {
    await w.page.keyboard.press('Tab');
    const focus = await focusIsVisible(w.page);
    expect(focus, `focus on ${focus.tag} at ${w.width} px`).toMatchObject({ visible: true });
    if (await w.page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) {
      return;
    }
  }
  throw new Error(`Tab never reached ${selector}`);
}
