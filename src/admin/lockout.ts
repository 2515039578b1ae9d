/**
 * Limits on signing in to /admin: per client (IP address) and, against attempts spread over
 * many addresses, for everyone together. The global cap means a distributed attack can keep
 * the operator out for a while too; with a long ADMIN_PASSWORD that is the right trade.
 */
export interface LoginLimits {
  /** Attempts one client may make within the window; the next is refused. */
  readonly perClient: number;
  /** Attempts all clients together may make within the window. */
  readonly total: number;
  readonly windowMs: number;
}

export const LOGIN_LIMITS: LoginLimits = {
  perClient: 5,
  total: 50,
  windowMs: 15 * 60 * 1000,
};

/** Attempts are forgotten after a day (rows older than this are deleted). */
export const FORGET_ATTEMPTS_MS = 24 * 60 * 60 * 1000;

export type LoginVerdict =
  | { readonly allowed: true }
  | { readonly allowed: false; readonly retryAfterSeconds: number };

/**
 * Pure: may this attempt be checked? `counts` include the attempt itself. A refused attempt
 * is taken back by the caller, so waiting out the window always works: the lockout ends
 * `windowMs` after the oldest attempt that counts against the client (or everyone).
 */
export function loginVerdict(
  counts: {
    client: number;
    total: number;
    clientOldest: string | null;
    totalOldest: string | null;
  },
  limits: LoginLimits,
  now: Date,
): LoginVerdict {
  const waits: number[] = [];
  if (counts.client > limits.perClient) waits.push(waitFor(counts.clientOldest, limits, now));
  if (counts.total > limits.total) waits.push(waitFor(counts.totalOldest, limits, now));
  if (waits.length === 0) return { allowed: true };
  return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(Math.max(...waits) / 1000)) };
}

function waitFor(oldest: string | null, limits: LoginLimits, now: Date): number {
  const since = oldest ? Date.parse(oldest) : now.getTime();
  return since + limits.windowMs - now.getTime();
}
