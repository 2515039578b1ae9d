import { type ErrorResponse, Resend } from 'resend';
import {
  type BatchResult,
  MAX_BATCH,
  type Mailer,
  type OutgoingEmail,
  type SendResult,
} from './message.ts';
import { classifyResendError, redact } from './resend-errors.ts';
import { batchBody, toPayload } from './resend-wire.ts';

export interface ResendSettings {
  readonly apiKey: string;
  /** RESEND_BASE_URL, passed explicitly: the SDK's own fallback reads the process environment. */
  readonly baseUrl?: string | undefined;
  /** A call without an answer after this long is abandoned and retried later. */
  readonly timeoutMs?: number;
  readonly clock?: () => Date;
  /**
   * Posts batches without the SDK: the same request, on a runtime with a cheaper way to send
   * it than fetch (Node: src/node/resend-http.ts). Single emails always go through the SDK.
   */
  readonly batchTransport?: ApiTransport;
}

/** What the API answered to a POST, or why no answer came. */
export type ApiAnswer =
  | {
      readonly status: number;
      readonly headers: Readonly<Record<string, string>>;
      readonly body: string;
    }
  | { readonly unanswered: string };

/**
 * POSTs a JSON body and reads the answer, as the SDK does through fetch; no answer within
 * `timeoutMs` is unanswered, as a refused or dropped connection is. Node's fetch spends
 * about 20 ms of CPU sending a batch of 100 lessons (2.4 MB): its body goes through web
 * streams and is copied twice; node:http writes it once (docs/performance.md).
 */
export type ApiTransport = (request: {
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  /** UTF-8 JSON; the caller may reuse its memory once the promise settles. */
  readonly body: Uint8Array;
  readonly timeoutMs: number;
}) => Promise<ApiAnswer>;

export const RESEND_API_URL = 'https://api.resend.com';
const TIMEOUT_MS = 30_000;
const USER_AGENT = 'tend (resend-node)';

/**
 * The Mailer over the resend SDK, for Node and Workers alike (the SDK uses fetch). The SDK
 * resolves to `{ data, error, headers }` and does not throw: every `error` is classified in
 * resend-errors.ts, and a call that gets no answer in time is aborted and reported retryable.
 */
export function resendMailer(settings: ResendSettings): Mailer {
  const baseUrl = settings.baseUrl ?? RESEND_API_URL;
  const client = new Resend(settings.apiKey, { baseUrl, userAgent: USER_AGENT });
  const timeoutMs = settings.timeoutMs ?? TIMEOUT_MS;
  const clock = settings.clock ?? (() => new Date());
  // The memory of the last batch body, for the next (batchBody); a call made while another
  // holds it gets a fresh array.
  let spare: Uint8Array | undefined;

  async function postBatch(
    transport: ApiTransport,
    emails: readonly OutgoingEmail[],
    idempotencyKey: string,
  ): Promise<SdkAnswer<BatchAnswer>> {
    const body = batchBody(emails, spare);
    spare = undefined;
    try {
      return asSdkAnswer<BatchAnswer>(
        await transport({
          url: `${baseUrl}/emails/batch`,
          headers: {
            authorization: `Bearer ${settings.apiKey}`,
            'user-agent': USER_AGENT,
            'content-type': 'application/json',
            'idempotency-key': idempotencyKey,
            'x-batch-validation': 'permissive',
          },
          body,
          timeoutMs,
        }),
      );
    } finally {
      spare = new Uint8Array(body.buffer);
    }
  }

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
      const transport = settings.batchTransport;
      const { data, error, headers } = transport
        ? await postBatch(transport, emails, idempotencyKey)
        : await client.batch.send(emails.map(toPayload), {
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

interface BatchAnswer {
  readonly data: readonly { readonly id: string }[];
  readonly errors?: readonly { readonly index: number; readonly message: string }[];
}

type SdkAnswer<T> =
  | { data: T; error: null; headers: Record<string, string> | null }
  | { data: null; error: ErrorResponse; headers: Record<string, string> | null };

/** An API answer as the SDK returns it (resend 6's fetchRequest), for the same handling. */
function asSdkAnswer<T>(answer: ApiAnswer): SdkAnswer<T> {
  const unreachable = {
    name: 'application_error',
    statusCode: null,
    message: 'Unable to fetch data. The request could not be resolved.',
  } as const;
  if ('unanswered' in answer) return { data: null, error: unreachable, headers: null };
  const { status, headers, body } = answer;
  if (status >= 200 && status < 300) {
    try {
      return { data: JSON.parse(body) as T, error: null, headers: { ...headers } };
    } catch {
      return { data: null, error: unreachable, headers: null };
    }
  }
  try {
    return { data: null, error: JSON.parse(body) as ErrorResponse, headers: { ...headers } };
  } catch {
    const message =
      'Internal server error. We are unable to process your request right now, please try again later.';
    return {
      data: null,
      error: { name: 'application_error', statusCode: status, message },
      headers: { ...headers },
    };
  }
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
