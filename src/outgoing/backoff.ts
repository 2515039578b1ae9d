/**
 * When a failed webhook attempt is tried again: after each of these delays in turn, then
 * never: eleven attempts over 75.6 hours, so that the last comes after an endpoint failing
 * all along has failed for three days (DISABLE_AFTER_MS) and is disabled by it. The shape of
 * the Standard Webhooks reference services' schedules, stretched to three days.
 */
export const RETRY_DELAYS_MS: readonly number[] = [
  5_000,
  60_000,
  5 * 60_000,
  30 * 60_000,
  2 * 3600_000,
  5 * 3600_000,
  10 * 3600_000,
  14 * 3600_000,
  20 * 3600_000,
  24 * 3600_000,
];

/** An endpoint whose attempts have all failed for this long is disabled. */
export const DISABLE_AFTER_MS = 3 * 86_400_000;

/**
 * Pure: when attempt number `attempts` (1 for the first) failed at `now`, when to try again,
 * or null when there is no next attempt.
 */
export function nextAttemptAt(attempts: number, now: Date): Date | null {
  const delay = RETRY_DELAYS_MS[attempts - 1];
  return delay === undefined ? null : new Date(now.getTime() + delay);
}
