import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestDeps, testDeps } from '../support/deps.ts';
import { startTend } from '../support/tend-server.ts';

/**
 * Answers given before a request's body is read, through a real Node server and fetch's
 * keep-alive pool: the connection must close, or the next request sent on it fails.
 */
let deps: TestDeps;
let url: string;
let server: Awaited<ReturnType<typeof startTend>>;

beforeAll(async () => {
  deps = await testDeps();
  server = await startTend(deps);
  url = server.url;
});
afterAll(async () => {
  await server.close();
  await deps.close();
});

const formHeaders = (origin: string) => ({
  Origin: origin,
  'Content-Type': 'application/x-www-form-urlencoded',
});

describe('an answer given before the body is read', () => {
  it('closes the connection after a 413, and the next request succeeds', async () => {
    for (let i = 0; i < 3; i++) {
      const tooLarge = await fetch(`${url}/subscribe`, {
        method: 'POST',
        headers: formHeaders(url),
        body: `email=${'a'.repeat(300_000)}`,
      });
      expect(tooLarge.status).toBe(413);
      expect(tooLarge.headers.get('connection')).toBe('close');
      await tooLarge.text();
      const next = await fetch(`${url}/healthz`);
      expect(next.status).toBe(200);
    }
  });

  it('closes it after a refusal that never read the body (a cross-site post)', async () => {
    const refused = await fetch(`${url}/subscribe`, {
      method: 'POST',
      headers: formHeaders('https://elsewhere.example'),
      body: `email=${'b'.repeat(60_000)}`,
    });
    expect(refused.status).toBe(403);
    expect(refused.headers.get('connection')).toBe('close');
    await refused.text();
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
  });

  it('keeps the connection open when the body was read', async () => {
    const signup = await fetch(`${url}/subscribe`, {
      method: 'POST',
      headers: formHeaders(url),
      body: 'email=kept%40example.com&role=hurt',
      redirect: 'manual',
    });
    expect(signup.status).toBe(303);
    expect(signup.headers.get('connection')).not.toBe('close');
  });
});
