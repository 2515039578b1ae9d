import type { MiddlewareHandler } from 'hono';
import { type ApiKeyRecord, findLiveApiKey, touchApiKey } from '../db/api-keys.ts';
import { takeToken } from '../db/rate-buckets.ts';
import type { Deps } from '../deps.ts';
import { retryAfterSeconds } from '../limits/form-limits.ts';
import { hashApiKey, MAX_KEY_LENGTH } from './keys.ts';
import { problem } from './problem.ts';

export type ApiEnv = { Variables: { apiKey: ApiKeyRecord } };

/** A key's last use is written at most this often. */
const TOUCH_EVERY_MS = 60_000;

/**
 * Lets through requests with `Authorization: Bearer <a live key>`, then takes a token from
 * the key's own bucket (API_LIMIT_PER_KEY a minute, API_LIMIT_BURST_PER_KEY at once).
 * Whatever is wrong with the key (missing, malformed, unknown, revoked), the work is the
 * same: one SHA-256 and one indexed lookup by the hash, then the same 401. No key's bytes
 * are compared in a way whose time depends on them.
 */
export function requireApiKey(
  deps: Pick<Deps, 'db' | 'clock' | 'config' | 'log'>,
): MiddlewareHandler<ApiEnv> {
  const { perMinute, burst } = deps.config.apiLimit;
  return async function requireApiKey(c, next) {
    const header = c.req.header('authorization') ?? '';
    const match = /^Bearer +(\S{1,200})\s*$/i.exec(header.slice(0, 300));
    const given = match?.[1] && match[1].length <= MAX_KEY_LENGTH ? match[1] : '';
    const key = await findLiveApiKey(deps.db, await hashApiKey(given));
    if (!key || given === '') {
      c.header('WWW-Authenticate', 'Bearer realm="tend"');
      return problem(
        c,
        'unauthorized',
        'Send Authorization: Bearer <key> with a key from `tend api-key create`.',
      );
    }
    const now = deps.clock();
    if (perMinute > 0) {
      const perMs = perMinute / 60_000;
      const take = await takeToken(deps.db, {
        bucket: `api:${key.id}`,
        capacity: Math.max(1, burst),
        perMs,
        nowMs: now.getTime(),
      });
      if (!take.granted) {
        deps.log.warn('api.rate_limited', { key: key.id });
        c.header('Retry-After', String(retryAfterSeconds(take.tokens, perMs)));
        return problem(c, 'rate_limited', 'This key has made too many requests; wait and retry.');
      }
    }
    const since = new Date(now.getTime() - TOUCH_EVERY_MS).toISOString();
    if (key.lastUsedAt === null || key.lastUsedAt < since) {
      await touchApiKey(deps.db, key.id, now.toISOString(), since);
    }
    c.set('apiKey', key);
    await next();
  };
}
