import type { Mailer } from '../mail/message.ts';

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
 * A mailer whose every call to the provider (a single send or a batch) waits for its slot.
 * One per process, made where the mailer is chosen, so every sending path shares it.
 * A rate of 0 means no limit: the mailer is returned as it is.
 */
export function rateLimited(mailer: Mailer, perSecond: number, timer: Timer = realTimer): Mailer {
  if (perSecond <= 0) return mailer;
  const spacer = new RequestSpacer(perSecond);
  const slot = async () => {
    const wait = spacer.reserve(timer.now());
    if (wait > 0) await timer.sleep(wait);
  };
  return {
    name: mailer.name,
    async send(email) {
      await slot();
      return mailer.send(email);
    },
    async sendBatch(emails, idempotencyKey) {
      await slot();
      return mailer.sendBatch(emails, idempotencyKey);
    },
  };
}
