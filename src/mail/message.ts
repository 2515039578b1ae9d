/** One email, ready for any mailer: the port between delivery and the adapters. */
export interface OutgoingEmail {
  /** Unique per delivery (or batch member); the provider's Idempotency-Key is built from it. */
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

/** Why a send did not succeed, decided once by the adapter (see src/delivery/retry.ts). */
export type SendFailure =
  | { readonly kind: 'retryable'; readonly reason: string; readonly retryAfterMs?: number }
  | { readonly kind: 'permanent'; readonly reason: string }
  | { readonly kind: 'quota'; readonly reason: string; readonly resumeAt?: Date };

export type SendResult =
  | { readonly ok: true; readonly providerId: string }
  | { readonly ok: false; readonly failure: SendFailure };

export interface Mailer {
  readonly name: string;
  send(email: OutgoingEmail): Promise<SendResult>;
}
