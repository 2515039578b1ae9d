import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tick } from '../../src/delivery/tick.ts';
import type { TestDeps } from '../support/deps.ts';
import { deliveriesByRecipient, resendTestDeps } from '../support/resend-deps.ts';
import {
  FAULTS,
  type Fault,
  type ResendServer,
  startResendServer,
} from '../support/resend-server.ts';
import { readerAddress, seedSubscribers } from '../support/seed.ts';

const READERS = 1500;
const START = '2026-06-01T10:00:00.000Z';
const FAILURE_RATE = 0.3;
/** The scheduler's period, on the hand-moved clock. */
const TICK_MS = 60_000;
const MAX_TICKS = 60;

let api: ResendServer;
let deps: TestDeps;

/**
 * Exactly three calls in ten fail, spread out, and the failures cycle through every kind the
 * double knows: throttled, 500, an HTML 502, answered too late, dropped before and after
 * the provider took the mail.
 */
function chaos(): (request: unknown) => Fault | null {
  let calls = 0;
  let failures = 0;
  return () => {
    const n = calls++;
    if (Math.floor((n + 1) * FAILURE_RATE) === Math.floor(n * FAILURE_RATE)) return null;
    return FAULTS[failures++ % FAULTS.length] ?? null;
  };
}

beforeEach(async () => {
  // Slow answers take longer than the client waits: the call is abandoned, yet the double
  // still delivers it, exactly like a provider that answered too late.
  api = await startResendServer({
    keepBodies: false,
    slowMs: 60_000,
    faults: chaos(),
  });
  deps = await resendTestDeps(api, { start: START, timeoutMs: 3000 });
});
afterEach(async () => {
  await deps.close();
  await api.close();
});

describe('chaos', () => {
  it('with 30% of provider calls failing, all mail arrives exactly once, in bounded time', async () => {
    await seedSubscribers(deps.db, READERS, { dueAt: START });
    const callsPerTick: number[] = [];
    const unsettled = async () =>
      (
        await deps.db
          .selectFrom('deliveries')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('status', '!=', 'sent')
          .executeTakeFirstOrThrow()
      ).n;

    let ticks = 0;
    for (; ticks < MAX_TICKS; ticks++) {
      const before = api.requests.length;
      await tick(deps, deps.clock());
      callsPerTick.push(api.requests.length - before);
      if (ticks > 0 && (await unsettled()) === 0) break;
      deps.clock.advance(TICK_MS);
    }

    const counts = deliveriesByRecipient(api.accepted);
    expect([...counts.values()].filter((n) => n !== 1)).toEqual([]);
    expect(api.accepted).toHaveLength(READERS);
    for (let n = 0; n < READERS; n++) expect(counts.get(`${readerAddress(n)} welcome`)).toBe(1);
    expect(await unsettled()).toBe(0);

    // Bounded time: everything settled within the hour, on the scheduler's own clock.
    expect(ticks).toBeLessThan(MAX_TICKS);
    // No tight loop: 15 batches need 15 calls; failures add retries, each after a backoff.
    const batches = READERS / 100;
    expect(api.requests.length).toBeLessThanOrEqual(batches * 3);
    const faults = api.requests.filter((r) => r.fault !== null);
    expect(new Set(faults.map((r) => r.fault))).toEqual(new Set(FAULTS));
    expect(faults.length / api.requests.length).toBeGreaterThanOrEqual(0.25);
    // No batch is called twice in one tick: a failed batch waits for a later one.
    let index = 0;
    for (const calls of callsPerTick) {
      const keys = api.requests.slice(index, index + calls).map((r) => r.idempotencyKey);
      expect(new Set(keys).size).toBe(keys.length);
      index += calls;
    }
  }, 120_000);
});
