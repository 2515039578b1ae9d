/** @jsxImportSource hono/jsx */
import { type Context, Hono, type MiddlewareHandler } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import {
  FORGET_ATTEMPTS_MS,
  LOGIN_LIMITS,
  type LoginLimits,
  loginVerdict,
} from '../admin/lockout.ts';
import { AdminSessions, clientKey, SESSION_MS } from '../admin/session.ts';
import {
  forgetLoginAttempts,
  recordLoginAttempt,
  withdrawLoginAttempt,
} from '../db/admin-logins.ts';
import type { Deps } from '../deps.ts';
import { LoginPage } from '../pages/admin-login.tsx';
import { readBody } from './body.ts';

/**
 * The client's IP address: the socket's on Node (a header there could be forged, so it is
 * not consulted while a socket is known), Cloudflare's `cf-connecting-ip` on Workers, where
 * Cloudflare sets it. Behind a reverse proxy on Node every client shares the proxy's
 * address, so the per-client limit acts like the global one: stricter, never looser.
 */
export function clientAddress(c: Context): string {
  const env = c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined;
  return env?.incoming?.socket?.remoteAddress ?? c.req.header('cf-connecting-ip') ?? 'unknown';
}

export interface AdminAuth {
  /** Sign-in and sign-out, open to anyone. */
  readonly routes: Hono;
  /** Lets a request through only with a valid session cookie. */
  readonly requireSession: MiddlewareHandler;
}

/**
 * Password sign-in for the console. The session cookie is HttpOnly, SameSite=Strict and,
 * when PUBLIC_URL is https, Secure with the __Host- prefix (so no subdomain can set it).
 * Attempts are limited per client and in total (src/admin/lockout.ts), counted in the
 * database so the limit holds across processes and on Workers.
 */
export function adminAuth(
  deps: Deps,
  password: string,
  limits: LoginLimits = LOGIN_LIMITS,
): AdminAuth {
  const { db, config, log } = deps;
  const sessions = new AdminSessions(config.secretKey, password, config.secretKeyPrevious);
  const secure = config.publicUrl.startsWith('https://');
  const cookie = secure ? '__Host-tend-admin' : 'tend-admin';
  const cookieOptions = {
    httpOnly: true,
    secure,
    sameSite: 'Strict',
    path: secure ? '/' : '/admin',
  } as const;

  const signedIn = async (c: Context) => sessions.verify(getCookie(c, cookie), deps.clock());

  const routes = new Hono()
    .get('/login', async (c) =>
      (await signedIn(c)) ? c.redirect('/admin', 303) : c.html(<LoginPage />),
    )
    .post('/login', async (c) => {
      const body = await readBody(c);
      const now = deps.clock();
      const client = await clientKey(config.secretKey, clientAddress(c));
      const counts = await recordLoginAttempt(db, {
        client,
        now: now.toISOString(),
        since: new Date(now.getTime() - limits.windowMs).toISOString(),
        forgetBefore: new Date(now.getTime() - FORGET_ATTEMPTS_MS).toISOString(),
      });
      const verdict = loginVerdict(counts, limits, now);
      if (!verdict.allowed) {
        // Not counted: waiting out the window must always be enough.
        await withdrawLoginAttempt(db, counts.id);
        log.warn('admin.login_locked', { retryAfter: verdict.retryAfterSeconds });
        const minutes = Math.ceil(verdict.retryAfterSeconds / 60);
        c.header('Retry-After', String(verdict.retryAfterSeconds));
        return c.html(
          <LoginPage
            error={`Too many attempts. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`}
          />,
          429,
        );
      }
      const given = typeof body.password === 'string' ? body.password : '';
      if (!(await sessions.passwordMatches(given))) {
        log.warn('admin.login_failed', {});
        return c.html(<LoginPage error="That password is not right." />, 401);
      }
      await forgetLoginAttempts(db, client);
      log.info('admin.login', {});
      setCookie(c, cookie, await sessions.issue(now), {
        ...cookieOptions,
        maxAge: SESSION_MS / 1000,
      });
      return c.redirect('/admin', 303);
    })
    .post('/logout', (c) => {
      deleteCookie(c, cookie, cookieOptions);
      return c.redirect('/admin/login', 303);
    });

  const requireSession: MiddlewareHandler = async (c, next) => {
    if (await signedIn(c)) return next();
    if (c.req.method === 'GET' || c.req.method === 'HEAD') return c.redirect('/admin/login', 303);
    return c.html(<LoginPage error="Your session has ended. Sign in again." />, 401);
  };

  return { routes, requireSession };
}
