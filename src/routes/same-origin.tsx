/** @jsxImportSource hono/jsx */
import type { Context, MiddlewareHandler } from 'hono';
import type { Deps } from '../deps.ts';
import { CrossSitePage } from '../pages/cross-site.tsx';

/**
 * Where a state-changing request comes from, by the headers a browser adds and a page cannot
 * forge. The rule, for the whole app (the console included):
 * - `Origin` is one of ours: our own page posted it.
 * - `Origin` absent or `null` with `Sec-Fetch-Site: same-origin`: our own page too. Browsers
 *   send `Origin: null` for a page whose referrer policy hides its origin, and some send no
 *   Origin on a same-origin post; `Sec-Fetch-Site` still says where the request started.
 * - Neither header: not a browser. Every browser of the last years sends `Origin` on a
 *   cross-site POST (and Sec-Fetch-Site as well in current ones), so a request with neither
 *   comes from a program: curl, an integration posting JSON to /subscribe, a mail provider's
 *   one-click unsubscribe. Forging a request needs a victim's browser, so such requests are
 *   let through to the route, which still needs its token, password or session.
 * - Anything else (another origin, or `null`/absent without `same-origin`): another site's
 *   page made the visitor's browser send it. Refused.
 */
export type RequestSource = 'ours' | 'not a browser' | 'another site';

export function requestSource(
  origin: string | undefined,
  fetchSite: string | undefined,
  isOurs: (origin: string) => boolean,
): RequestSource {
  if (origin !== undefined && origin !== 'null') return isOurs(origin) ? 'ours' : 'another site';
  if (fetchSite === 'same-origin') return 'ours';
  if (origin === undefined && fetchSite === undefined) return 'not a browser';
  return 'another site';
}

/** An origin as browsers write it: scheme, lower-case host name or address, maybe a port. */
const PLAIN_ORIGIN = /^https?:\/\/[a-z0-9.-]+(:\d{1,5})?$/;

/**
 * The origin of a request's own URL (built by the server from the Host header): the text
 * before the path when it is already in the form an Origin header has, else what the URL
 * parser makes of it. Parsing the URL of every POST cost more than the rest of the check.
 */
function requestOrigin(url: string): string {
  const path = url.indexOf('/', url.indexOf('//') + 2);
  const head = path < 0 ? url : url.slice(0, path);
  return PLAIN_ORIGIN.test(head) && !/:(80|443)$/.test(head) ? head : new URL(url).origin;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Refuses, with a 403 page, every state-changing request that another site's page made a
 * browser send (see requestSource). `exempt` paths take posts from mail providers, which
 * carry no headers of ours and whose URL token is the only authority; `embeddable` paths
 * also take posts from the sites of ALLOWED_ORIGINS (the embedded signup form).
 */
export function sameOrigin(
  deps: Deps,
  exempt: RegExp,
  embeddable: RegExp = /$^/,
): MiddlewareHandler {
  const publicOrigin = new URL(deps.config.publicUrl).origin;
  const allowedSites = new Set(deps.config.allowedOrigins);
  const isOurs = (c: Context) => (origin: string) =>
    origin === publicOrigin || origin === requestOrigin(c.req.url);
  return async function sameOrigin(c, next) {
    if (SAFE_METHODS.has(c.req.method) || exempt.test(c.req.path)) return next();
    const origin = c.req.header('origin');
    const fetchSite = c.req.header('sec-fetch-site');
    // The signup form embedded in a site of ALLOWED_ORIGINS (src/routes/embed.ts).
    if (origin !== undefined && allowedSites.has(origin) && embeddable.test(c.req.path)) {
      return next();
    }
    if (requestSource(origin, fetchSite, isOurs(c)) !== 'another site') return next();
    // The origin names a site, never a person; no path, which may hold a token.
    deps.log.warn('http.cross_site_refused', {
      origin: origin?.slice(0, 100) ?? null,
      fetchSite: fetchSite?.slice(0, 20) ?? null,
    });
    return c.html(<CrossSitePage />, 403, { 'Cache-Control': 'no-store' });
  };
}
