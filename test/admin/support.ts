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
  options: { cookie?: string; origin?: string | null; fetchSite?: string; ip?: string } = {},
): RequestInit {
  const headers: Record<string, string> = {
    'Content-Type': 'application/x-www-form-urlencoded',
  };
  if (options.origin !== null) headers.Origin = options.origin ?? PUBLIC_URL;
  if (options.fetchSite) headers['Sec-Fetch-Site'] = options.fetchSite;
  if (options.cookie) headers.Cookie = options.cookie;
  if (options.ip) headers['cf-connecting-ip'] = options.ip;
  return { method: 'POST', headers, body: new URLSearchParams(fields).toString() };
}

export function get(cookie?: string): RequestInit {
  return cookie ? { headers: { Cookie: cookie } } : {};
}

/** Signs in and returns the Cookie header value to send afterwards. */
export async function signIn(app: Hono, ip = '192.0.2.1'): Promise<string> {
  const response = await app.request('/admin/login', post({ password: ADMIN_PASSWORD }, { ip }));
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
