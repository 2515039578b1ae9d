/** @jsxImportSource hono/jsx */
import { type Context, Hono, type MiddlewareHandler } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import {
  FORGET_ATTEMPTS_MS,
  LOGIN_BACKOFF,
  type LoginBackoff,
  loginVerdict,
} from '../admin/lockout.ts';
import { AdminSessions, SESSION_MS } from '../admin/session.ts';
import { clientAddress, clientKeyer } from '../clients/address.ts';
import {
  forgiveLoginFailures,
  recordLoginAttempt,
  withdrawLoginAttempt,
} from '../db/admin-logins.ts';
import type { Deps } from '../deps.ts';
import { LoginPage } from '../pages/admin-login.tsx';
import { readBody } from './body.ts';

export interface AdminAuth {
  /** Sign-in and sign-out, open to anyone. */
  readonly routes: Hono;
  /** Lets a request through only with a valid session cookie. */
  readonly requireSession: MiddlewareHandler;
}

/**
 * Password sign-in for the console. The session cookie is HttpOnly, SameSite=Strict and,
 * when PUBLIC_URL is https, Secure with the __Host- prefix (so no subdomain can set it).
 * Failed attempts slow down their own client only (src/admin/lockout.ts), counted in the
 * database so the backoff holds across processes and on Workers.
 */
export function adminAuth(
  deps: Deps,
  password: string,
  backoff: LoginBackoff = LOGIN_BACKOFF,
): AdminAuth {
  const { db, config, log } = deps;
  const keyOf = clientKeyer(deps.addressHasher);
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
      const client = await keyOf(clientAddress(c));
      const attempt = await recordLoginAttempt(db, {
        client,
        now: now.toISOString(),
        forgetBefore: new Date(now.getTime() - FORGET_ATTEMPTS_MS).toISOString(),
      });
      const verdict = loginVerdict(attempt, backoff, now);
      if (!verdict.allowed) {
        // Not counted: waiting as long as asked must always be enough.
        await withdrawLoginAttempt(db, attempt.id);
        log.warn('admin.login_locked', { retryAfter: verdict.retryAfterSeconds });
        c.header('Retry-After', String(verdict.retryAfterSeconds));
        return c.html(
          <LoginPage
            error={`Too many attempts. Try again in ${waitText(verdict.retryAfterSeconds)}.`}
          />,
          429,
        );
      }
      const given = typeof body.password === 'string' ? body.password : '';
      if (!(await sessions.passwordMatches(given))) {
        log.warn('admin.login_failed', {});
        return c.html(<LoginPage error="That password is not right." />, 401);
      }
      await withdrawLoginAttempt(db, attempt.id);
      await forgiveLoginFailures(db, client);
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

function waitText(seconds: number): string {
  if (seconds < 60) return `${seconds} second${seconds === 1 ? '' : 's'}`;
  const minutes = Math.ceil(seconds / 60);
  return `${minutes} minute${minutes === 1 ? '' : 's'}`;
}
