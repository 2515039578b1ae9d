import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { takeToken, takeTokens } from '../../src/db/rate-buckets.ts';
import { type TestDeps, testDeps } from '../support/deps.ts';

let deps: TestDeps;
beforeEach(async () => {
  deps = await testDeps();
});
afterEach(() => deps.close());

describe('taking many tokens from a bucket at once', () => {
  it('gives what the same number of single takes at that moment would, and leaves the same level', async () => {
    // A small deterministic generator: the same cases on every run.
    let seed = 7;
    const random = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      return seed / 2_147_483_648;
    };
    for (let round = 0; round < 60; round++) {
      const capacity = 1 + Math.floor(random() * 6) + (round % 3 === 0 ? 0.5 : 0);
      const perMs = (1 + Math.floor(random() * 120)) / 60_000;
      const count = 1 + Math.floor(random() * 9);
      const one = { bucket: `one-${round}`, capacity, perMs };
      const many = { bucket: `many-${round}`, capacity, perMs };
      // The same history for both buckets: a few single takes, then a pause.
      let nowMs = 1_000_000;
      const history = Math.floor(random() * 8);
      for (let i = 0; i < history; i++) {
        nowMs += Math.floor(random() * 20_000);
        await takeToken(deps.db, { ...one, nowMs });
        await takeToken(deps.db, { ...many, nowMs });
      }
      nowMs += Math.floor(random() * 90_000);

      let granted = 0;
      let single = { granted: true, tokens: 0 };
      for (let i = 0; i < count; i++) {
        single = await takeToken(deps.db, { ...one, nowMs });
        if (single.granted) granted++;
      }
      const together = await takeTokens(deps.db, { ...many, nowMs, count });

      const context = JSON.stringify({ round, capacity, perMs, count, history });
      expect(together.granted, context).toBe(granted);
      expect(together.tokens, context).toBeCloseTo(single.tokens, 9);
    }
  });

  it('starts a new bucket full and counts what it gave', async () => {
    const bucket = { bucket: 'fresh', capacity: 3, perMs: 1 / 60_000, nowMs: 5_000 };
    expect(await takeTokens(deps.db, { ...bucket, count: 5 })).toEqual({ granted: 3, tokens: 0 });
    // A minute later one token has come back.
    expect(await takeTokens(deps.db, { ...bucket, nowMs: 65_000, count: 2 })).toEqual({
      granted: 1,
      tokens: 0,
    });
    const refused = await takeTokens(deps.db, { ...bucket, nowMs: 95_000, count: 1 });
    expect(refused.granted).toBe(0);
    expect(refused.tokens).toBeCloseTo(0.5, 9);
  });
});
