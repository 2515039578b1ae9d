import type { SendFailure } from '../mail/message.ts';

/** How long Tend keeps retrying a delivery that fails for passing reasons. */
export const GIVE_UP_AFTER_MS = 24 * 60 * 60 * 1000;
const BASE_MS = 30_000;
const MAX_MS = 60 * 60 * 1000;

export type Decision =
  | { readonly action: 'retry'; readonly at: Date }
  | { readonly action: 'fail'; readonly reason: string }
  | { readonly action: 'pause'; readonly until: Date };

/**
 * Pure: what to do with a failed delivery. Exponential backoff with full jitter (so many
 * failures do not retry in step), at least what the provider asked for, and for a day at
 * most; a permanent rejection is never retried; a quota stops the run until it resets.
 */
export function decide(
  failure: SendFailure,
  context: { attempts: number; firstQueuedAt: Date; now: Date; random?: () => number },
): Decision {
  const { now } = context;
  switch (failure.kind) {
    case 'permanent':
      return { action: 'fail', reason: failure.reason };
    case 'quota':
      return {
        action: 'pause',
        until: failure.resumeAt ?? new Date(now.getTime() + 60 * 60 * 1000),
      };
    case 'retryable': {
      if (now.getTime() - context.firstQueuedAt.getTime() >= GIVE_UP_AFTER_MS) {
        return { action: 'fail', reason: `gave up after a day: ${failure.reason}` };
      }
      const ceiling = Math.min(MAX_MS, BASE_MS * 2 ** Math.max(0, context.attempts - 1));
      const jittered = ceiling / 2 + (context.random ?? Math.random)() * (ceiling / 2);
      const wait = Math.max(jittered, failure.retryAfterMs ?? 0);
      return { action: 'retry', at: new Date(now.getTime() + wait) };
    }
  }
}
