import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { expect } from 'vitest';

/**
 * The browser suite drives Debian's chromium (never a downloaded one). Without it the suite
 * fails with this message, unless TEND_SKIP_BROWSER=1 says to leave it out on purpose.
 */
export const CHROMIUM = process.env.TEND_CHROMIUM || '/usr/bin/chromium';
export const SKIP_BROWSER = process.env.TEND_SKIP_BROWSER === '1';
const MISSING = `The browser tests need Chromium at ${CHROMIUM}. Install it (Debian/Ubuntu: sudo apt-get install chromium), point TEND_CHROMIUM at another Chromium, or set TEND_SKIP_BROWSER=1 to skip them.`;

/** Where every page's screenshot lands (git-ignored), one folder per run of the suite. */
export const SCREENSHOTS = join('test-results', 'browser');

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(MISSING);
  // Nothing may download a browser: playwright-core never does, and this says so to any
  // tool that reads the variable.
  process.env.PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD = '1';
  rmSync(SCREENSHOTS, { recursive: true, force: true });
  mkdirSync(SCREENSHOTS, { recursive: true });
  return chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
}

/** Numbers the screenshots of a run in the order they were taken. */
let shots = 0;

const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/**
 * A page that records what must never happen: a Content Security Policy violation (the
 * browser's own console report and the page's securitypolicyviolation event) and any
 * uncaught error in the page's script.
 */
export interface WatchedPage {
  readonly page: Page;
  readonly width: number;
  /**
   * For the page as it is now: a screenshot, the problems so far, and (when the page was
   * opened with `audit`) axe-core.
   */
  check(name: string): Promise<void>;
}

export async function openPage(
  context: BrowserContext,
  options: { width: number; problems: string[]; audit: boolean },
): Promise<WatchedPage> {
  const { width, problems, audit } = options;
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      console.error(`securitypolicyviolation: ${event.violatedDirective} ${event.blockedURI}`);
    });
  });
  const page = await context.newPage();
  page.on('console', (message) => {
    const text = message.text();
    if (/Content Security Policy|securitypolicyviolation/i.test(text)) {
      problems.push(`${page.url()}: ${text}`);
    }
  });
  page.on('pageerror', (error) => problems.push(`${page.url()}: uncaught ${error.message}`));
  return {
    page,
    width,
    async check(name) {
      const started = Date.now();
      await page.waitForLoadState('load');
      shots += 1;
      const file = `${String(shots).padStart(3, '0')}-${width}-${name}.png`;
      await page.screenshot({ path: join(SCREENSHOTS, file), fullPage: true });
      const shot = Date.now();
      if (audit) {
        const serious = await accessibilityProblems(page);
        expect(serious, `${name} at ${width} px: axe-core`).toEqual([]);
      }
      if (process.env.TEND_BROWSER_TIMES) {
        console.log(`${file}: screenshot ${shot - started} ms, axe ${Date.now() - shot} ms`);
      }
      expect(problems, `${name} at ${width} px`).toEqual([]);
    },
  };
}

/**
 * axe-core's serious and critical violations on the page, one line each. The script goes in
 * through the DevTools protocol (page.evaluate): page.addScriptTag adds an inline script,
 * which the page's own Content Security Policy rightly blocks. Frames are left out: the
 * only ones show an email in a sandbox without scripts (emails: test/emails/document.test.ts).
 */
export async function accessibilityProblems(page: Page): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE);
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: AxeApi }).axe;
    const result = await axe.run(document, { iframes: false, resultTypes: ['violations'] });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      targets: v.nodes.slice(0, 3).map((node) => node.target.join(' ')),
    }));
  });
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id} (${v.help}): ${v.targets.join(', ')}`);
}

interface AxeApi {
  run(
    context: Document,
    options: { iframes: boolean; resultTypes: string[] },
  ): Promise<{
    violations: {
      id: string;
      impact: string | null;
      help: string;
      nodes: { target: string[] }[];
    }[];
  }>;
}

/**
 * Whether the focused element shows that it has focus: an outline or a box shadow, as
 * computed (the browser's own focus ring computes as outline-style auto).
 */
export async function focusIsVisible(page: Page): Promise<{ tag: string; visible: boolean }> {
  return page.evaluate(() => {
    const element = document.activeElement;
    if (!element || element === document.body) return { tag: 'body', visible: false };
    const style = getComputedStyle(element);
    const outline = style.outlineStyle !== 'none' && Number.parseFloat(style.outlineWidth) > 0;
    const shadow = style.boxShadow !== 'none' && style.boxShadow !== '';
    const label = `${element.tagName.toLowerCase()}${element.id ? `#${element.id}` : ''}`;
    return { tag: label, visible: outline || shadow };
  });
}
