/**
 * Limits on signing in to /admin: an exponential backoff per client (IP address, or IPv6
 * /64), and nothing shared between clients, so that no one else's failures can keep the
 * operator out: from an address that has not failed, the right password always works.
 * Against guesses spread over many addresses the defence is the password itself (12
 * characters at least in production) and the few tries each address gets before it waits.
 */
export interface LoginBackoff {
  /** Failures a client may have before its attempts must wait. */
  readonly freeFailures: number;
  /** The wait after the first failure beyond the free ones; it doubles with each further one. */
  readonly firstDelayMs: number;
  readonly maxDelayMs: number;
}

export const LOGIN_BACKOFF: LoginBackoff = {
  freeFailures: 3,
  firstDelayMs: 1000,
  maxDelayMs: 15 * 60 * 1000,
};

/** Failures are forgotten after a day (rows older than this are deleted). */
export const FORGET_ATTEMPTS_MS = 24 * 60 * 60 * 1000;

export type LoginVerdict =
  | { readonly allowed: true }
  | { readonly allowed: false; readonly retryAfterSeconds: number };

/** Pure: how long after its last failure a client with `failures` must wait (0: not at all). */
export function backoffDelayMs(failures: number, backoff: LoginBackoff): number {
  const beyond = failures - backoff.freeFailures;
  if (beyond < 0) return 0;
  return Math.min(backoff.maxDelayMs, backoff.firstDelayMs * 2 ** Math.min(beyond, 40));
}

/**
 * Pure: may this attempt have its password checked? `failures` are the client's failed
 * attempts not forgiven by a later success, `lastFailure` the newest of them. A refused
 * attempt is taken back by the caller and does not count, so waiting always works.
 */
export function loginVerdict(
  client: { failures: number; lastFailure: string | null },
  backoff: LoginBackoff,
  now: Date,
): LoginVerdict {
  const delay = backoffDelayMs(client.failures, backoff);
  if (delay === 0 || client.lastFailure === null) return { allowed: true };
  const wait = Date.parse(client.lastFailure) + delay - now.getTime();
  if (wait <= 0) return { allowed: true };
  return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(wait / 1000)) };
}
