import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestDeps, testDeps } from '../support/deps.ts';
import { startTend } from '../support/tend-server.ts';

const PARTNER = 'https://partner.example';
const STRANGER = 'https://stranger.example';

let deps: TestDeps;
let tend: Awaited<ReturnType<typeof startTend>>;
beforeAll(async () => {
  deps = await testDeps({
    start: '2026-06-01T10:00:00Z',
    env: { ALLOWED_ORIGINS: `${PARTNER}, http://localhost:8080` },
  });
  tend = await startTend(deps);
});
afterAll(async () => {
  await tend?.close();
  await deps?.close();
});

/** The embedded form posted by a browser showing a page of `origin`. */
function postForm(origin: string, fields: Record<string, string>, path = '/subscribe') {
  return fetch(`${tend.url}${path}`, {
    method: 'POST',
    redirect: 'manual',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      origin,
      'sec-fetch-site': 'cross-site',
    },
    body: new URLSearchParams(fields).toString(),
  });
}

const known = async (email: string) =>
  (await deps.db.selectFrom('subscribers').select('id').where('email', '=', email).execute())
    .length === 1;

describe('the signup form on an allowed site', () => {
  it('signs up and returns the browser to the thank-you page on that site', async () => {
    const response = await postForm(PARTNER, {
      email: 'ana@example.org',
      thank_you_url: `${PARTNER}/thanks?from=tend`,
    });
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe(`${PARTNER}/thanks?from=tend`);
    expect(await known('ana@example.org')).toBe(true);
  });

  it('lands on Tend’s own page when no thank-you URL, or one on another site, is given', async () => {
    const plain = await postForm(PARTNER, { email: 'ben@example.org' });
    expect(plain.headers.get('location')).toBe('/check-your-inbox');
    const elsewhere = await postForm(PARTNER, {
      email: 'cy@example.org',
      thank_you_url: `${STRANGER}/phish`,
    });
    expect(elsewhere.status).toBe(303);
    expect(elsewhere.headers.get('location')).toBe('/check-your-inbox');
    for (const trick of [
      '//stranger.example/x',
      'javascript:alert(1)',
      `${PARTNER}@stranger.example/`,
    ]) {
      const response = await postForm(PARTNER, { email: 'cy@example.org', thank_you_url: trick });
      expect(response.headers.get('location')).toBe('/check-your-inbox');
    }
    expect(await known('ben@example.org')).toBe(true);
  });

  it('keeps the honeypot: a filled trap gets the same answer and records nothing', async () => {
    const response = await postForm(PARTNER, {
      email: 'bot@example.org',
      website: 'http://spam.example',
      thank_you_url: `${PARTNER}/thanks`,
    });
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe(`${PARTNER}/thanks`);
    expect(await known('bot@example.org')).toBe(false);
  });

  it('lets an allowed site post the signup form and nothing else', async () => {
    const response = await postForm(PARTNER, { email: 'dee@example.org' }, '/check-your-inbox');
    expect(response.status).toBe(403);
  });
});

describe('a site that is not allowed', () => {
  it('is refused as before, and nothing is recorded', async () => {
    const response = await postForm(STRANGER, {
      email: 'eve@example.org',
      thank_you_url: `${PARTNER}/thanks`,
    });
    expect(response.status).toBe(403);
    expect(await known('eve@example.org')).toBe(false);
  });
});

describe('the JSON variant and CORS', () => {
  const preflight = (origin: string) =>
    fetch(`${tend.url}/subscribe`, {
      method: 'OPTIONS',
      headers: {
        origin,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type',
      },
    });

  it('answers a preflight from an allowed origin only', async () => {
    const allowed = await preflight(PARTNER);
    expect(allowed.status).toBe(204);
    expect(allowed.headers.get('access-control-allow-origin')).toBe(PARTNER);
    expect(allowed.headers.get('access-control-allow-methods')).toContain('POST');
    expect(allowed.headers.get('access-control-allow-headers')?.toLowerCase()).toContain(
      'content-type',
    );
    expect(allowed.headers.get('access-control-allow-credentials')).toBeNull();
    const refused = await preflight(STRANGER);
    expect(refused.status).toBe(403);
    expect(refused.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('accepts a JSON signup from an allowed origin, readable by its script', async () => {
    const response = await fetch(`${tend.url}/subscribe`, {
      method: 'POST',
      headers: {
        origin: 'http://localhost:8080',
        'content-type': 'application/json',
        'sec-fetch-site': 'cross-site',
      },
      body: JSON.stringify({ email: 'fay@example.org' }),
    });
    expect(response.status).toBe(202);
    expect(response.headers.get('access-control-allow-origin')).toBe('http://localhost:8080');
    expect((await response.json()).status).toBe('pending');
    const refused = await fetch(`${tend.url}/subscribe`, {
      method: 'POST',
      headers: {
        origin: STRANGER,
        'content-type': 'application/json',
        'sec-fetch-site': 'cross-site',
      },
      body: JSON.stringify({ email: 'gil@example.org' }),
    });
    expect(refused.status).toBe(403);
    expect(refused.headers.get('access-control-allow-origin')).toBeNull();
    expect(await known('gil@example.org')).toBe(false);
  });
});

describe('rate limits', () => {
  it('apply to posts from an allowed site as to any other', async () => {
    const limited = await testDeps({
      start: '2026-06-01T10:00:00Z',
      env: {
        ALLOWED_ORIGINS: PARTNER,
        FORM_LIMIT_PER_CLIENT: '1',
        FORM_LIMIT_BURST_PER_CLIENT: '1',
      },
    });
    const server = await startTend(limited);
    try {
      const send = (email: string) =>
        fetch(`${server.url}/subscribe`, {
          method: 'POST',
          redirect: 'manual',
          headers: { 'content-type': 'application/x-www-form-urlencoded', origin: PARTNER },
          body: new URLSearchParams({ email }).toString(),
        });
      expect((await send('one@example.org')).status).toBe(303);
      const second = await send('two@example.org');
      expect(second.status).toBe(429);
      expect(second.headers.get('retry-after')).not.toBeNull();
    } finally {
      await server.close();
      await limited.close();
    }
  });
});
