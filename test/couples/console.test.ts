import { afterEach, describe, expect, it } from 'vitest';
import { adminDeps, get, signedInApp } from '../admin/support.ts';
import type { TestDeps } from '../support/deps.ts';
import { linkedCouple } from './support.ts';

let deps: TestDeps;
afterEach(() => deps?.close());

describe('the console and couples', () => {
  it('shows how many couples are linked, never who', async () => {
    deps = await adminDeps();
    await linkedCouple(deps, { email: 'ana@example.com' }, { email: 'ben@example.net' });
    const { app, cookie } = await signedInApp(deps);
    const html = await (await app.request('/admin', get(cookie))).text();
    expect(html).toMatch(/Couples linked<\/p><p class="big">1</);
    expect(html).not.toContain('ana@example.com');
    expect(html).not.toContain('ben@example.net');
  });
});

describe('the safety note of couples mode', () => {
  it('is on the help page and the signup page of a couples course', async () => {
    deps = await adminDeps();
    const { createApp } = await import('../../src/app.ts');
    const app = createApp(deps);
    for (const path of ['/help', '/']) {
      const html = await (await app.request(path)).text();
      expect(html, path).toContain(deps.course.couplesSafety);
    }
  });
});
