import { describe, expect, it } from 'vitest';
import { backoffDelayMs, LOGIN_BACKOFF, loginVerdict } from '../../src/admin/lockout.ts';
import { cleanReason, periodStarts } from '../../src/admin/overview.ts';
import { AdminSessions, SESSION_MS } from '../../src/admin/session.ts';
import { TEST_SECRET } from '../support/deps.ts';

describe('admin sessions', () => {
  const now = new Date('2026-06-01T10:00:00Z');

  it('verifies its own cookies until they expire, and nothing else', async () => {
    const sessions = new AdminSessions(TEST_SECRET, 'pass phrase one');
    const cookie = await sessions.issue(now);
    expect(await sessions.verify(cookie, now)).toBe(true);
    expect(await sessions.verify(cookie, new Date(now.getTime() + SESSION_MS - 1))).toBe(true);
    expect(await sessions.verify(cookie, new Date(now.getTime() + SESSION_MS))).toBe(false);
    expect(await sessions.verify(undefined, now)).toBe(false);
    expect(await sessions.verify(`${cookie}0`, now)).toBe(false);
    // Another password or another SECRET_KEY ends every session.
    expect(await new AdminSessions(TEST_SECRET, 'pass phrase two').verify(cookie, now)).toBe(false);
    expect(await new AdminSessions(`${TEST_SECRET}x`, 'pass phrase one').verify(cookie, now)).toBe(
      false,
    );
  });

  it('keeps sessions signed under a previous SECRET_KEY while it is listed', async () => {
    const older = new AdminSessions(TEST_SECRET, 'pass phrase one');
    const cookie = await older.issue(now);
    const next = 'next-secret: Qw8Er3Ty6Ui1Op4As7Df2Gh5Jk9Lz0Xc';
    expect(
      await new AdminSessions(next, 'pass phrase one', [TEST_SECRET]).verify(cookie, now),
    ).toBe(true);
    expect(await new AdminSessions(next, 'pass phrase one').verify(cookie, now)).toBe(false);
    const fresh = await new AdminSessions(next, 'pass phrase one', [TEST_SECRET]).issue(now);
    expect(await new AdminSessions(next, 'pass phrase one').verify(fresh, now)).toBe(true);
  });

  it('checks the password', async () => {
    const sessions = new AdminSessions(TEST_SECRET, 'pass phrase one');
    expect(await sessions.passwordMatches('pass phrase one')).toBe(true);
    expect(await sessions.passwordMatches('pass phrase one ')).toBe(false);
    expect(await sessions.passwordMatches('')).toBe(false);
  });
});

describe('the backoff rule', () => {
  const now = new Date('2026-06-01T10:15:00Z');
  const last = '2026-06-01T10:14:58.000Z';

  it('lets a client with few failures through at once', () => {
    for (let failures = 0; failures < LOGIN_BACKOFF.freeFailures; failures++) {
      expect(loginVerdict({ failures, lastFailure: last }, LOGIN_BACKOFF, now)).toEqual({
        allowed: true,
      });
    }
  });

  it('doubles the wait with each further failure, up to the cap', () => {
    const delays = [3, 4, 5, 6, 12, 13, 30].map((n) => backoffDelayMs(n, LOGIN_BACKOFF));
    expect(delays).toEqual([1000, 2000, 4000, 8000, 512_000, 900_000, 900_000]);
    // Counted from the last failure: two seconds ago, with four to wait in all.
    expect(loginVerdict({ failures: 5, lastFailure: last }, LOGIN_BACKOFF, now)).toEqual({
      allowed: false,
      retryAfterSeconds: 2,
    });
    expect(loginVerdict({ failures: 4, lastFailure: last }, LOGIN_BACKOFF, now)).toEqual({
      allowed: true,
    });
  });
});

describe('overview helpers', () => {
  it('blanks addresses and tokens out of provider errors', () => {
    expect(cleanReason(`Invalid to: sam@example.com, token ${'b'.repeat(52)}`)).toBe(
      'Invalid to: [address], token [token]',
    );
  });

  it('starts days at local midnight and weeks on Monday', () => {
    expect(periodStarts(new Date('2026-06-03T01:30:00Z'), 'America/New_York')).toEqual({
      today: '2026-06-02T04:00:00.000Z',
      week: '2026-06-01T04:00:00.000Z',
    });
  });
});
