import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.ts';
import { type TestDeps, testDeps } from '../support/deps.ts';

/**
 * Answers given before a request's body is read, through a real Node server and fetch's
 * keep-alive pool: the connection must close, or the next request sent on it fails.
 */
let deps: TestDeps;
let url: string;
let server: ReturnType<typeof serve>;

beforeAll(async () => {
  deps = await testDeps();
  const app = createApp(deps);
  await new Promise<void>((resolve) => {
    server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve());
  });
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
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
