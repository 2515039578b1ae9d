import type { MiddlewareHandler } from 'hono';
import { cors } from 'hono/cors';
import type { Deps } from '../deps.ts';

/**
 * The signup form embedded in other sites (ALLOWED_ORIGINS): which origins may post it,
 * where the browser goes afterwards, and CORS for the JSON variant. The form itself is a
 * plain HTML snippet (src/pages/embed-snippet.ts); sameOrigin lets its posts through.
 */

/** The paths another allowed site's page may post to. */
export const EMBEDDABLE_PATHS = /^\/subscribe$/;

/** The hidden field naming the page on the operator's site to return to after a signup. */
export const THANK_YOU_FIELD = 'thank_you_url';

/**
 * Where a signup's browser goes next: the thank-you URL it named, if that is on an allowed
 * origin, else Tend's own check-your-inbox page. Never anywhere else (no open redirect).
 */
export function afterSignup(
  deps: Pick<Deps, 'config'>,
  body: Record<string, unknown>,
  fallback: string,
): string {
  const raw = body[THANK_YOU_FIELD];
  if (typeof raw !== 'string' || raw.length > 500) return fallback;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return fallback;
  }
  return deps.config.allowedOrigins.includes(url.origin) && !url.username && !url.password
    ? url.href
    : fallback;
}

/**
 * CORS for the JSON variant of POST /subscribe: a preflight from an allowed origin is
 * answered (POST, Content-Type), any other is refused with 403 and no CORS headers; the
 * answers to an allowed origin's posts carry Access-Control-Allow-Origin so its script can
 * read them. No credentials: a signup needs no cookie.
 */
export function embedCors(deps: Pick<Deps, 'config'>): MiddlewareHandler {
  const allowed = new Set(deps.config.allowedOrigins);
  const headers = cors({
    origin: (origin) => (allowed.has(origin) ? origin : null),
    allowMethods: ['POST'],
    allowHeaders: ['Content-Type'],
    maxAge: 600,
  });
  return async function embedCors(c, next) {
    const origin = c.req.header('origin');
    if (c.req.method === 'OPTIONS' && (origin === undefined || !allowed.has(origin))) {
      return c.body(null, 403, { Vary: 'Origin' });
    }
    return headers(c, next);
  };
}
