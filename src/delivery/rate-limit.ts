import type { BatchResult, Mailer, SendResult } from '../mail/message.ts';

/**
 * Pure: spaces provider requests so that a process never makes more than `perSecond` of them
 * in any one-second window. Each request reserves the next free slot, 1/perSecond after the
 * previous one, so callers that ask at the same moment queue up instead of bursting (a token
 * bucket with room for N would allow 2N in a window that straddles a refill).
 */
export class RequestSpacer {
  readonly #intervalMs: number;
  #nextFreeMs = Number.NEGATIVE_INFINITY;

  constructor(perSecond: number) {
    if (!(perSecond > 0)) throw new Error('a request rate must be above 0 (0 means no limit)');
    // Whole milliseconds, rounded up: a float interval could fit one start too many.
    this.#intervalMs = Math.ceil(1000 / perSecond);
  }

  /** Reserves a slot for a request wanted at `nowMs`; says how long to wait until it. */
  reserve(nowMs: number): number {
    const at = Math.max(nowMs, this.#nextFreeMs);
    this.#nextFreeMs = at + this.#intervalMs;
    return at - nowMs;
  }

  /** No slot before `untilMs` (the provider asked us to wait). */
  hold(untilMs: number): void {
    this.#nextFreeMs = Math.max(this.#nextFreeMs, untilMs);
  }
}

export interface Timer {
  /** A monotonic time in ms. */
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const realTimer: Timer = {
  now: () => performance.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/**
 * The longest a throttled call waits in place for one more try. Requests reach the provider
 * with some jitter, so even perfectly spaced ones are now and then counted six in a second;
 * waiting out a short retry-after is cheaper than ending the run. Longer waits are left to
 * the retry policy (the run stops, the batch is retried later).
 */
export const MAX_INLINE_WAIT_MS = 2000;

/**
 * A mailer whose every call to the provider (a single send or a batch) waits for its slot.
 * One per process, made where the mailer is chosen, so every sending path shares it.
 * A call the provider throttles with a short wait holds every caller back for that wait
 * and is then made once more, unchanged (a throttled call was not processed, and its
 * idempotency key makes a repeat harmless anyway). A rate of 0 means no limit: the mailer is
 * returned as it is.
 */
export function rateLimited(mailer: Mailer, perSecond: number, timer: Timer = realTimer): Mailer {
  if (perSecond <= 0) return mailer;
  const spacer = new RequestSpacer(perSecond);
  const limited = async <R extends SendResult | BatchResult>(call: () => Promise<R>) => {
    const slot = async () => {
      const wait = spacer.reserve(timer.now());
      if (wait > 0) await timer.sleep(wait);
    };
    await slot();
    const first = await call();
    const wait = throttledFor(first);
    if (wait === undefined || wait > MAX_INLINE_WAIT_MS) return first;
    spacer.hold(timer.now() + wait);
    await slot();
    return call();
  };
  return {
    name: mailer.name,
    send: (email) => limited(() => mailer.send(email)),
    sendBatch: (emails, idempotencyKey) => limited(() => mailer.sendBatch(emails, idempotencyKey)),
  };
}

function throttledFor(result: SendResult | BatchResult): number | undefined {
  return !result.ok && result.failure.kind === 'retryable'
    ? result.failure.retryAfterMs
    : undefined;
}
