import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { Config } from '../config.ts';
import type { Deps } from '../deps.ts';
import { sessionSubscriber } from '../subscribers/sign-in.ts';

/**
 * The subscriber's session cookie: HttpOnly, SameSite=Lax (a link from an email opens the
 * page signed in; a cross-site form post does not carry it), and in production Secure with
 * the __Host- prefix, so no subdomain can plant one. No Max-Age: the server ends a session
 * 30 minutes after its last use (src/tokens/windows.ts), and the browser at its close.
 */
function cookie(config: Pick<Config, 'production'>) {
  const secure = config.production;
  return {
    name: secure ? '__Host-tend-session' : 'tend-session',
    options: { httpOnly: true, secure, sameSite: 'Lax', path: '/' } as const,
  };
}

export function sessionIdOf(c: Context, config: Pick<Config, 'production'>): string | undefined {
  return getCookie(c, cookie(config).name);
}

export function setSessionCookie(c: Context, config: Pick<Config, 'production'>, id: string) {
  const { name, options } = cookie(config);
  setCookie(c, name, id, options);
}

export function clearSessionCookie(c: Context, config: Pick<Config, 'production'>) {
  const { name, options } = cookie(config);
  deleteCookie(c, name, options);
}

/** The subscriber this request is signed in as, if any. */
export function signedIn(c: Context, deps: Pick<Deps, 'db' | 'clock' | 'config'>) {
  return sessionSubscriber(deps, sessionIdOf(c, deps.config));
}
