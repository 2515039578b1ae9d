import { Resend } from 'resend';
import { RESEND_API_URL } from '../mail/resend.ts';

/** The signature headers Resend sends with every webhook (the Svix scheme). */
export interface SvixHeaders {
  readonly id: string;
  readonly timestamp: string;
  readonly signature: string;
}

/**
 * Checks a webhook against its signing secret through the SDK (HMAC-SHA256 of
 * "id.timestamp.body" with the secret, timestamps within five minutes) and returns the
 * parsed payload, or null when anything is wrong. Verification needs no API key, but the
 * SDK's client does not start without one, so a placeholder is given: it is never sent.
 */
export function verifyResendWebhook(
  rawBody: string,
  headers: SvixHeaders,
  secret: string,
): unknown | null {
  try {
    return verifier().webhooks.verify({ payload: rawBody, headers, webhookSecret: secret });
  } catch {
    return null;
  }
}

let client: Resend | undefined;
function verifier(): Resend {
  client ??= new Resend('re_webhook_verification_only', {
    baseUrl: RESEND_API_URL,
    userAgent: 'tend (resend-node)',
  });
  return client;
}
