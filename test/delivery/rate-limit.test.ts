import { describe, expect, it } from 'vitest';
import { RequestSpacer, rateLimited, type Timer } from '../../src/delivery/rate-limit.ts';
import { memoryMailer } from '../../src/mail/memory.ts';

/** A virtual clock: `run` moves it from one sleeper's wake-up to the next. */
function fakeTimer(): Timer & { run(): Promise<void> } {
  let now = 0;
  const sleepers: { at: number; wake: () => void }[] = [];
  const settle = () => new Promise<void>((resolve) => setImmediate(resolve));
  return {
    now: () => now,
    sleep: (ms) => new Promise<void>((wake) => sleepers.push({ at: now + ms, wake })),
    async run() {
      for (await settle(); sleepers.length > 0; await settle()) {
        sleepers.sort((a, b) => a.at - b.at);
        const next = sleepers.shift();
        if (!next) break;
        now = next.at;
        next.wake();
      }
    },
  };
}

/** The most requests that started in any one-second window [t, t + 1000). */
function busiestSecond(starts: readonly number[]): number {
  const sorted = [...starts].sort((a, b) => a - b);
  let most = 0;
  for (let i = 0, j = 0; i < sorted.length; i++) {
    while ((sorted[i] ?? 0) - (sorted[j] ?? 0) >= 1000) j++;
    most = Math.max(most, i - j + 1);
  }
  return most;
}

describe('RequestSpacer', () => {
  it('lets the first request go at once and spaces the rest 1/rate apart', () => {
    const spacer = new RequestSpacer(5);
    expect(spacer.reserve(0)).toBe(0);
    expect(spacer.reserve(0)).toBe(200);
    expect(spacer.reserve(0)).toBe(400);
    expect(spacer.reserve(1000)).toBe(0);
  });

  it('never allows more than the rate in any one-second window, however requests arrive', () => {
    for (const rate of [1, 2, 3, 5, 7, 7.5, 50]) {
      const spacer = new RequestSpacer(rate);
      const starts: number[] = [];
      let now = 0;
      let seed = rate * 7919;
      for (let i = 0; i < 2000; i++) {
        seed = (seed * 48271) % 2147483647;
        now += Math.max((seed % 400) - 150, 0); // bursts and gaps
        starts.push(now + spacer.reserve(now));
      }
      expect(busiestSecond(starts)).toBeLessThanOrEqual(Math.ceil(rate));
    }
  });

  it('refuses a rate of 0 (0 means no limiter at all)', () => {
    expect(() => new RequestSpacer(0)).toThrow();
  });
});

describe('rateLimited', () => {
  it('makes concurrent callers wait their turn', async () => {
    const timer = fakeTimer();
    const inner = memoryMailer();
    const starts: number[] = [];
    const mailer = rateLimited(
      {
        ...inner,
        async sendBatch(emails, key) {
          starts.push(timer.now());
          return inner.sendBatch(emails, key);
        },
      },
      5,
      timer,
    );
    const all = Promise.all(Array.from({ length: 12 }, (_, i) => mailer.sendBatch([], `k${i}`)));
    await timer.run();
    await all;
    expect(starts).toHaveLength(12);
    expect(busiestSecond(starts)).toBe(5);
  });

  it('with a rate of 0, is the mailer itself', () => {
    const inner = memoryMailer();
    expect(rateLimited(inner, 0)).toBe(inner);
  });

  it('waits out a short throttle once, holding every caller back, then tries again', async () => {
    const timer = fakeTimer();
    const starts: number[] = [];
    const inner = memoryMailer();
    const mailer = rateLimited(
      {
        ...inner,
        async sendBatch(emails, key) {
          starts.push(timer.now());
          return starts.length === 1
            ? { ok: false, failure: { kind: 'retryable', reason: '429', retryAfterMs: 1000 } }
            : inner.sendBatch(emails, key);
        },
      },
      5,
      timer,
    );
    const first = mailer.sendBatch([], 'a');
    const second = mailer.sendBatch([], 'b');
    await timer.run();
    expect(await first).toEqual({ ok: true, results: [] });
    expect(await second).toEqual({ ok: true, results: [] });
    // a at 0 (throttled), b at 200, then a again no sooner than 1 s after its throttle.
    expect(starts).toHaveLength(3);
    expect(starts[2]).toBeGreaterThanOrEqual(1000);
  });

  it('leaves a long throttle to the retry policy', async () => {
    const timer = fakeTimer();
    let calls = 0;
    const throttled = {
      ok: false as const,
      failure: { kind: 'retryable' as const, reason: '429', retryAfterMs: 60_000 },
    };
    const mailer = rateLimited(
      {
        ...memoryMailer(),
        async sendBatch() {
          calls++;
          return throttled;
        },
      },
      5,
      timer,
    );
    const result = mailer.sendBatch([], 'a');
    await timer.run();
    expect(await result).toEqual(throttled);
    expect(calls).toBe(1);
  });
});
