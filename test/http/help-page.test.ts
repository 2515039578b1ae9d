import { existsSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.ts';
import { QUICK_EXIT_URL } from '../../src/routes/pages.tsx';
import { PUBLIC_URL, type TestDeps, testDeps } from '../support/deps.ts';

let deps: TestDeps;
beforeEach(async () => {
  deps = await testDeps({ start: '2026-06-01T10:00:00Z' });
});
afterEach(() => deps.close());

describe('GET /help', () => {
  it('opens with a way out and immediate danger, every number tappable, no inline script', async () => {
    const response = await createApp(deps).request('/help');
    const html = await response.text();
    expect(response.status).toBe(200);
    expect(response.headers.get('content-security-policy')).toContain("script-src 'self'");
    const exit = html.indexOf(
      `<a id="quick-exit" class="button quick-exit" href="${QUICK_EXIT_URL}"`,
    );
    expect(exit).toBeGreaterThan(-1);
    expect(exit).toBeLessThan(html.indexOf('<h1>'));
    expect(html.indexOf('danger right now')).toBeLessThan(html.indexOf('harming yourself'));
    for (const number of ['911', '999', '112', '000', '988', '116123', '131114']) {
      expect(html).toContain(`href="tel:${number}"`);
    }
    expect(html).toContain('<script src="/assets/quick-exit.js" defer="">');
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    expect(html).not.toMatch(/\sstyle="/);
  });

  it('serves the quick-exit script from its own assets', async () => {
    const response = await createApp(deps).request('/assets/quick-exit.js');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(await response.text()).toContain('location.replace(');
  });
});

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

describe.skipIf(!existsSync(CHROMIUM))('"Leave this page" in a browser', () => {
  it('goes to the neutral site and Back does not return to the help page', async () => {
    const app = createApp(deps);
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
    try {
      const page = await browser.newPage();
      // The app answers its own origin (with its real headers, CSP included); the neutral
      // site is a stub; nothing else leaves the machine.
      await page.route('**/*', async (route) => {
        const url = route.request().url();
        if (url.startsWith(PUBLIC_URL)) {
          const answer = await app.request(url.slice(PUBLIC_URL.length));
          await route.fulfill({
            status: answer.status,
            headers: Object.fromEntries(answer.headers),
            body: Buffer.from(await answer.arrayBuffer()),
          });
        } else if (url.startsWith(QUICK_EXIT_URL)) {
          await route.fulfill({ contentType: 'text/html', body: '<h1>Weather</h1>' });
        } else {
          await route.abort();
        }
      });
      await page.goto(`${PUBLIC_URL}/`);
      await page.goto(`${PUBLIC_URL}/help`);
      await page.click('#quick-exit');
      await page.waitForURL(QUICK_EXIT_URL);
      await page.goBack();
      expect(page.url()).toBe(`${PUBLIC_URL}/`);

      // The Escape key leaves the same way.
      await page.goto(`${PUBLIC_URL}/help`);
      await page.keyboard.press('Escape');
      await page.waitForURL(QUICK_EXIT_URL);
      await page.goBack();
      expect(page.url()).toBe(`${PUBLIC_URL}/`);
    } finally {
      await browser.close();
    }
  });
});

describe('every page', () => {
  it('links to help for fear and for thoughts of self-harm', async () => {
    for (const path of ['/', '/help', '/check-your-inbox']) {
      const html = await (await createApp(deps).request(path)).text();
      expect(html, path).toMatch(/afraid of your partner/);
      expect(html, path).toMatch(/harming yourself/);
      expect(html, path).toContain('<a href="/help">');
    }
  });
});
