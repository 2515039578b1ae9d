import { type CreateEmailOptions, Resend } from 'resend';
import {
  type BatchResult,
  MAX_BATCH,
  type Mailer,
  type OutgoingEmail,
  type SendResult,
} from './message.ts';
import { classifyResendError, redact } from './resend-errors.ts';

export interface ResendSettings {
  readonly apiKey: string;
  /** RESEND_BASE_URL, passed explicitly: the SDK's own fallback reads process.env. */
  readonly baseUrl?: string | undefined;
  /** A call without an answer after this long is abandoned and retried later. */
  readonly timeoutMs?: number;
  readonly clock?: () => Date;
}

export const RESEND_API_URL = 'https://api.resend.com';
const TIMEOUT_MS = 30_000;

/**
 * The Mailer over the resend SDK, for Node and Workers alike (the SDK uses fetch). The SDK
 * resolves to `{ data, error, headers }` and does not throw: every `error` is classified in
 * resend-errors.ts, and a call that gets no answer in time is aborted and reported retryable.
 */
export function resendMailer(settings: ResendSettings): Mailer {
  const client = new Resend(settings.apiKey, {
    baseUrl: settings.baseUrl ?? RESEND_API_URL,
    userAgent: 'tend (resend-node)',
  });
  const timeoutMs = settings.timeoutMs ?? TIMEOUT_MS;
  const clock = settings.clock ?? (() => new Date());

  return {
    name: 'resend',

    async send(email): Promise<SendResult> {
      const { data, error, headers } = await client.emails.send(toPayload(email), {
        idempotencyKey: email.idempotencyKey,
        signal: AbortSignal.timeout(timeoutMs),
      });
      if (error) {
        const verdict = classifyResendError(error, headers, clock());
        return verdict.kind === 'accepted-earlier'
          ? { ok: true, providerId: null }
          : { ok: false, failure: verdict };
      }
      return { ok: true, providerId: data?.id ?? null };
    },

    async sendBatch(emails, idempotencyKey): Promise<BatchResult> {
      if (emails.length === 0) return { ok: true, results: [] };
      if (emails.length > MAX_BATCH) {
        throw new Error(`a batch holds at most ${MAX_BATCH} emails, not ${emails.length}`);
      }
      // Permissive: an email the provider rejects alone is reported by index, and the
      // others go out; strict would refuse all of them for one bad address.
      const { data, error, headers } = await client.batch.send(emails.map(toPayload), {
        idempotencyKey,
        batchValidation: 'permissive',
        signal: AbortSignal.timeout(timeoutMs),
      });
      if (error) {
        const verdict = classifyResendError(error, headers, clock());
        return verdict.kind === 'accepted-earlier'
          ? { ok: true, results: emails.map(() => ({ ok: true, providerId: null })) }
          : { ok: false, failure: verdict };
      }
      return {
        ok: true,
        results: batchResults(emails.length, data?.data ?? [], data?.errors ?? []),
      };
    },
  };
}

/** The SDK's payload; it maps replyTo to reply_to and passes headers and tags as they are. */
export function toPayload(email: OutgoingEmail): CreateEmailOptions {
  return {
    from: email.from,
    to: email.to,
    subject: email.subject,
    html: email.html,
    text: email.text,
    ...(email.replyTo ? { replyTo: email.replyTo } : {}),
    headers: { ...email.headers },
    tags: email.tags.map((tag) => ({ name: tag.name, value: tag.value })),
  };
}

/**
 * Pure: per-email results from a permissive batch answer. `data` holds the ids of the emails
 * that were created, in request order; `errors` names the rejected ones by index. When the
 * counts do not add up the ids cannot be placed, so the accepted emails get no id.
 */
export function batchResults(
  count: number,
  ids: readonly { readonly id: string }[],
  errors: readonly { readonly index: number; readonly message: string }[],
): SendResult[] {
  const rejected = new Map(errors.map((error) => [error.index, error.message]));
  const placeable = ids.length === count - rejected.size;
  let next = 0;
  return Array.from({ length: count }, (_, index): SendResult => {
    const message = rejected.get(index);
    if (message !== undefined) {
      return { ok: false, failure: { kind: 'permanent', reason: `rejected: ${redact(message)}` } };
    }
    const id = placeable ? ids[next++]?.id : undefined;
    return { ok: true, providerId: id ?? null };
  });
}
