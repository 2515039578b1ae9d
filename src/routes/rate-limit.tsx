/** @jsxImportSource hono/jsx */
import type { MiddlewareHandler } from 'hono';
import { clientAddress } from '../clients/address.ts';
import type { Deps } from '../deps.ts';
import { formLimiter } from '../limits/form-limits.ts';
import { RateLimitedPage } from '../pages/rate-limited.tsx';
import { wantsJson } from './body.ts';

/**
 * Rate-limits a route that sends mail, before its body is read: `app.post(path,
 * rateLimit(deps, 'signup'), handler)`. `form` names the route's own per-client bucket (a
 * short lower-case word); the global bucket is shared by all. A refused request gets 429
 * with Retry-After, as JSON when it was sent as JSON, else as a page.
 */
export function rateLimit(deps: Deps, form: string): MiddlewareHandler {
  const take = formLimiter(deps);
  return async (c, next) => {
    const verdict = await take(form, clientAddress(c));
    if (verdict.allowed) return next();
    deps.log.warn('form.rate_limited', { form, by: verdict.by });
    c.header('Retry-After', String(verdict.retryAfterSeconds));
    if (wantsJson(c)) {
      return c.json({ error: 'rate_limited', retry_after: verdict.retryAfterSeconds }, 429);
    }
    return c.html(<RateLimitedPage retryAfterSeconds={verdict.retryAfterSeconds} />, 429);
  };
}
