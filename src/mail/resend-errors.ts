import type { ErrorResponse } from 'resend';
import type { SendFailure } from './message.ts';

/**
 * An error answer can also mean success: Resend answers `invalid_idempotent_request` (409)
 * when the key was already used with another payload, and it records a key only for a
 * request it accepted. Tend reuses a key only to retry a call whose outcome it never saw,
 * so this answer means that call went through (see src/delivery/send.ts).
 */
export type ResendVerdict =
  | SendFailure
  | { readonly kind: 'accepted-earlier'; readonly reason: string };

/** How long sending pauses when the account itself is refused (key, sender, domain). */
export const ACCOUNT_PAUSE_MS = 15 * 60 * 1000;
/** What a 429 without usable headers waits. */
const DEFAULT_THROTTLE_MS = 1000;

/**
 * The one place that decides what a Resend error means. Every name the SDK knows is listed
 * (the switch is exhaustive: a new name in the SDK's type is a compile error here); a name it
 * does not know falls back on the HTTP status.
 *
 * Account-level refusals (a missing, invalid or restricted key, an unverified domain or
 * sender, a wrong base URL) pause sending instead of failing mail: every email would fail
 * the same way until the operator fixes the setting, and nothing here is the reader's fault.
 */
export function classifyResendError(
  error: Pick<ErrorResponse, 'name' | 'statusCode' | 'message'>,
  headers: Readonly<Record<string, string>> | null,
  now: Date,
): ResendVerdict {
  const status = error.statusCode;
  const reason = describe(error);
  const name = error.name;
  switch (name) {
    case 'rate_limit_exceeded':
      return { kind: 'retryable', reason, retryAfterMs: waitFrom(headers) ?? DEFAULT_THROTTLE_MS };
    case 'daily_quota_exceeded':
    case 'monthly_quota_exceeded':
      return quota(reason, now, waitFrom(headers));
    case 'concurrent_idempotent_requests':
      // The same call is still being processed (a retry overtook a slow first attempt).
      return { kind: 'retryable', reason, retryAfterMs: waitFrom(headers) ?? DEFAULT_THROTTLE_MS };
    case 'invalid_idempotent_request':
      return { kind: 'accepted-earlier', reason };
    case 'missing_api_key':
    case 'invalid_api_key':
    case 'restricted_api_key':
    case 'invalid_access':
    case 'invalid_from_address':
    case 'not_found':
    case 'method_not_allowed':
      return quota(reason, now, ACCOUNT_PAUSE_MS);
    case 'validation_error':
      // 403 is the account's (unverified domain, testing-only sender); 400/422 the email's.
      return status === 401 || status === 403
        ? quota(reason, now, ACCOUNT_PAUSE_MS)
        : permanent(reason);
    case 'missing_required_field':
    case 'invalid_parameter':
    case 'invalid_attachment':
    case 'invalid_idempotency_key':
    case 'invalid_region':
    case 'security_error':
      return permanent(reason);
    case 'application_error':
    case 'internal_server_error':
      return byStatus(status, reason, headers, now);
    default:
      return unknownName(name, status, reason, headers, now);
  }
}

/** A name the SDK's type does not list: the status decides. */
function unknownName(
  _name: never,
  status: number | null,
  reason: string,
  headers: Readonly<Record<string, string>> | null,
  now: Date,
): ResendVerdict {
  return byStatus(status, reason, headers, now);
}

function byStatus(
  status: number | null,
  reason: string,
  headers: Readonly<Record<string, string>> | null,
  now: Date,
): SendFailure {
  // No status: the request never got an answer (connection refused or dropped, timeout).
  if (status === null) return { kind: 'retryable', reason };
  if (status === 429) {
    return { kind: 'retryable', reason, retryAfterMs: waitFrom(headers) ?? DEFAULT_THROTTLE_MS };
  }
  if (status >= 500 || status === 408 || status < 400) return { kind: 'retryable', reason };
  if (status === 401 || status === 403 || status === 404 || status === 405) {
    return quota(reason, now, ACCOUNT_PAUSE_MS);
  }
  return permanent(reason);
}

function permanent(reason: string): SendFailure {
  return { kind: 'permanent', reason };
}

function quota(reason: string, now: Date, waitMs: number | undefined): SendFailure {
  return waitMs === undefined
    ? { kind: 'quota', reason }
    : { kind: 'quota', reason, resumeAt: new Date(now.getTime() + waitMs) };
}

/**
 * How long the provider asked us to wait, in ms: `retry-after` (seconds or an HTTP date),
 * else `ratelimit-reset` (seconds until the window resets). Undefined when neither is usable.
 */
export function waitFrom(
  headers: Readonly<Record<string, string>> | null,
  now: Date = new Date(),
): number | undefined {
  if (!headers) return undefined;
  const header = (name: string) =>
    Object.entries(headers)
      .find(([key]) => key.toLowerCase() === name)?.[1]
      ?.trim();
  const retryAfter = header('retry-after');
  if (retryAfter) {
    const seconds = Number(retryAfter);
    if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
    const date = Date.parse(retryAfter);
    if (!Number.isNaN(date)) return Math.max(0, date - now.getTime());
  }
  const reset = Number(header('ratelimit-reset'));
  if (header('ratelimit-reset') && Number.isFinite(reset) && reset >= 0) return reset * 1000;
  return undefined;
}

/**
 * A short reason for the logs and `last_error`: the error's name and status, and its message
 * with anything that looks like an address taken out (messages sometimes quote the `to`).
 */
function describe(error: Pick<ErrorResponse, 'name' | 'statusCode' | 'message'>): string {
  return `${error.name} (${error.statusCode ?? 'no answer'}): ${redact(String(error.message ?? ''))}`;
}

/** Provider text beyond this is not read: the log keeps 200 characters. */
const MAX_REDACT_INPUT = 4_000;

/**
 * A provider message fit for logs: addresses taken out, at most 200 characters. Split into
 * runs between separators, and a run with an "@" inside is an address: one pass, where the
 * pattern /[^sep]+@[^sep]+/g retried its run from every start (quadratic in a long run).
 */
export function redact(message: string): string {
  const head = message.slice(0, MAX_REDACT_INPUT);
  const pieces = head.split(/([\s<>"'`(),;:]+)/);
  // A run cut by the cap may be half an address that no longer looks like one.
  if (message.length > head.length) pieces.pop();
  return pieces
    .map((piece, index) => (index % 2 === 0 && isAddressLike(piece) ? '<address>' : piece))
    .join('')
    .slice(0, 200);
}

function isAddressLike(run: string): boolean {
  const at = run.indexOf('@', 1);
  return at > 0 && at < run.length - 1;
}
