import type { Context } from 'hono';
import { confirmationPass } from '../delivery/confirmation-sender.ts';
import type { Deps } from '../deps.ts';

/**
 * How a Worker sends the confirmations a signup queued: a confirmation-only sending pass in
 * the request's waitUntil, so the answer does not wait for it. Each request runs its own
 * pass rather than joining one in flight, because a pass's I/O belongs to the request that
 * started it in workerd (and isolates do not share memory anyway); the claims are atomic, so
 * passes side by side share out the queued confirmations, each sent once, and a pass that
 * finds the others took them all costs two reads. Failures are logged; the cron sends what
 * is left.
 */
export function confirmationsInWaitUntil(deps: Deps): (c: Context) => void {
  return (c) => {
    const pass = confirmationPass(deps);
    try {
      c.executionCtx.waitUntil(pass);
    } catch {
      // No execution context (a caller other than the Workers runtime): the pass runs on
      // unguarded, and whatever it does not finish the cron sends.
    }
  };
}
