import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.ts';
import { type TestDeps, testDeps } from '../support/deps.ts';
import { ORIGIN } from '../support/flows.ts';

let deps: TestDeps;
beforeEach(async () => {
  deps = await testDeps();
});
afterEach(() => deps.close());

/** A styled page: the site's stylesheet, a language, a title, a heading and a way back. */
function expectErrorPage(html: string, title: string) {
  expect(html).toMatch(/^<!DOCTYPE html>|^<html lang="en">/);
  expect(html).toContain('<html lang="en">');
  expect(html).toContain(`<title>${title}</title>`);
  expect(html).toContain(`<h1>${title}</h1>`);
  expect(html).toContain('<link rel="stylesheet" href="/assets/site.css"/>');
  expect(html).toContain('<a class="button" href="/">Go to the start page</a>');
  expect(html).toContain('href="/help"');
}

describe('error pages', () => {
  it('answers an unknown address with a styled 404', async () => {
    const response = await createApp(deps).request('/no/such/page');
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    expectErrorPage(await response.text(), 'Page not found');
  });

  it('answers a body too large with a styled 413 that closes the connection', async () => {
    const response = await createApp(deps).request('/subscribe', {
      method: 'POST',
      headers: { ...ORIGIN, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: `email=${'a'.repeat(70 * 1024)}`,
    });
    expect(response.status).toBe(413);
    expect(response.headers.get('connection')).toBe('close');
    expectErrorPage(await response.text(), 'That was too long');
  });

  it('answers an unreadable body with a styled 400', async () => {
    const response = await createApp(deps).request('/preferences/x', {
      method: 'POST',
      headers: { ...ORIGIN, 'Content-Type': 'multipart/form-data; boundary=zz' },
      body: 'not multipart at all',
    });
    expect(response.status).toBe(400);
    expectErrorPage(await response.text(), 'That did not work');
  });

  it('answers a form from another site with a styled 403', async () => {
    const response = await createApp(deps).request('/subscribe', {
      method: 'POST',
      headers: {
        Origin: 'https://elsewhere.example',
        'Content-Type': 'application/x-www-form-urlencoded',
      },
      body: 'email=a%40b.c',
    });
    expect(response.status).toBe(403);
    expectErrorPage(await response.text(), 'This form came from another site');
  });

  it('keeps JSON for requests that sent or asked for JSON', async () => {
    const app = createApp(deps);
    const missing = await app.request('/nothing', { headers: { Accept: 'application/json' } });
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({ error: 'Not found.' });
    const broken = await app.request('/subscribe', {
      method: 'POST',
      headers: { ...ORIGIN, 'Content-Type': 'application/json' },
      body: '{broken',
    });
    expect(broken.status).toBe(400);
    expect(await broken.json()).toEqual({ error: 'The request body could not be read.' });
  });
});

describe('a trailing slash', () => {
  it('finds the help page and other pages, keeping the query', async () => {
    const app = createApp(deps);
    const help = await app.request('/help/');
    expect(help.status).toBe(301);
    expect(help.headers.get('location')).toBe('/help');
    const inbox = await app.request('/check-your-inbox/?again=1');
    expect(inbox.headers.get('location')).toBe('/check-your-inbox?again=1');
    expect((await app.request('/help')).status).toBe(200);
  });

  it('never sends anyone to another site', async () => {
    const app = createApp(deps);
    for (const path of ['//evil.example/', '/\\evil.example/', '///']) {
      const response = await app.request(path);
      expect(response.status, path).toBe(404);
      expect(response.headers.get('location'), path).toBeNull();
    }
  });

  it('does not redirect a path that exists or a POST', async () => {
    const app = createApp(deps);
    expect((await app.request('/')).status).toBe(200);
    const post = await app.request('/help/', { method: 'POST', headers: ORIGIN });
    expect(post.status).toBe(404);
  });
});
