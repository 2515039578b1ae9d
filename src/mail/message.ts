/**
 * The Idempotency-Key of the email of the delivery whose token id is `tokenId`: the provider
 * deduplicates by it, and the outbox names its copy after it.
 */
export const deliveryIdempotencyKey = (tokenId: string) => `tend-${tokenId}`;

/** One email, ready for any mailer: the port between delivery and the adapters. */
export interface OutgoingEmail {
  /** Unique per delivery; the Idempotency-Key of a single send (a batch has its own key). */
  readonly idempotencyKey: string;
  readonly from: string;
  readonly to: string;
  readonly replyTo?: string;
  readonly subject: string;
  readonly html: string;
  readonly text: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly tags: readonly { readonly name: string; readonly value: string }[];
}

/**
 * Why a send did not succeed, decided once by the adapter (for Resend, in resend-errors.ts)
 * and acted on once (src/delivery/retry.ts):
 * - retryable: try again later (network, timeout, 5xx, 429 with the wait it asked for);
 * - permanent: this email will never be accepted (validation, invalid address);
 * - quota: the account cannot send at all until `resumeAt` (a spent daily or monthly quota,
 *   or credentials and sender the provider refuses): every sending run pauses.
 */
export type SendFailure =
  | { readonly kind: 'retryable'; readonly reason: string; readonly retryAfterMs?: number }
  | { readonly kind: 'permanent'; readonly reason: string }
  | { readonly kind: 'quota'; readonly reason: string; readonly resumeAt?: Date };

/**
 * `providerId` is null when the provider took the email but its id is unknown: an earlier
 * call under the same idempotency key was accepted, and the retry's payload differed.
 */
export type SendResult =
  | { readonly ok: true; readonly providerId: string | null }
  | { readonly ok: false; readonly failure: SendFailure };

/**
 * The answer to a batch: either one result per email, in request order (an email the
 * provider rejected alone has a permanent failure there), or one failure for the whole call.
 */
export type BatchResult =
  | { readonly ok: true; readonly results: readonly SendResult[] }
  | { readonly ok: false; readonly failure: SendFailure };

/** The provider's limit on emails per batch call. */
export const MAX_BATCH = 100;

export interface Mailer {
  readonly name: string;
  /** One email through the single-email endpoint (confirmations: they go out at once). */
  send(email: OutgoingEmail): Promise<SendResult>;
  /**
   * Up to MAX_BATCH emails in one call under one idempotency key. A retry must pass the
   * same emails in the same order with the same key.
   */
  sendBatch(emails: readonly OutgoingEmail[], idempotencyKey: string): Promise<BatchResult>;
}
