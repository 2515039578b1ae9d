import type { Hono } from 'hono';
import { createApp } from '../../src/app.ts';
import { PUBLIC_URL, type TestDeps, testDeps } from '../support/deps.ts';

export const ADMIN_PASSWORD = 'correct horse battery staple';

export async function adminDeps(env: Record<string, string> = {}): Promise<TestDeps> {
  return testDeps({ env: { ADMIN_PASSWORD, ...env }, start: '2026-06-01T10:00:00Z' });
}

/** A form POST from our own origin (or another), as a browser sends it. */
export function post(
  fields: Record<string, string>,
  options: { cookie?: string; origin?: string | null; fetchSite?: string } = {},
): RequestInit {
  const headers: Record<string, string> = {
    'Content-Type': 'application/x-www-form-urlencoded',
  };
  if (options.origin !== null) headers.Origin = options.origin ?? PUBLIC_URL;
  if (options.fetchSite) headers['Sec-Fetch-Site'] = options.fetchSite;
  if (options.cookie) headers.Cookie = options.cookie;
  return { method: 'POST', headers, body: new URLSearchParams(fields).toString() };
}

/** A sign-in attempt from a client at `ip`, as Node's server hands it over (the socket's). */
export function loginFrom(app: Hono, ip: string, password: string) {
  return app.request('/admin/login', post({ password }), {
    incoming: { socket: { remoteAddress: ip } },
  });
}

export function get(cookie?: string): RequestInit {
  return cookie ? { headers: { Cookie: cookie } } : {};
}

/** Signs in and returns the Cookie header value to send afterwards. */
export async function signIn(app: Hono, ip = '192.0.2.1'): Promise<string> {
  const response = await loginFrom(app, ip, ADMIN_PASSWORD);
  if (response.status !== 303) throw new Error(`sign-in answered ${response.status}`);
  const setCookie = response.headers.get('set-cookie') ?? '';
  const pair = setCookie.split(';')[0];
  if (!pair) throw new Error('no session cookie');
  return pair;
}

export async function signedInApp(deps: TestDeps): Promise<{ app: Hono; cookie: string }> {
  const app = createApp(deps);
  return { app, cookie: await signIn(app) };
}
