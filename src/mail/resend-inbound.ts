import { Resend } from 'resend';
import type { InboundSource, ReceivedEmail } from '../reflections/inbound.ts';
import { RESEND_API_URL } from './resend.ts';

/**
 * Received emails through Resend's receiving API: the `email.received` webhook carries only
 * metadata, so the body is fetched by id. A failure answers null and the webhook is
 * answered with an error, so the provider redelivers it later.
 */
export function resendInbound(settings: {
  apiKey: string;
  baseUrl?: string | undefined;
}): InboundSource {
  const client = new Resend(settings.apiKey, { baseUrl: settings.baseUrl ?? RESEND_API_URL });
  return {
    async fetchReceived(emailId): Promise<ReceivedEmail | null> {
      const { data, error } = await client.emails.receiving.get(emailId, undefined, {
        signal: AbortSignal.timeout(30_000),
      });
      if (error || !data) return null;
      return {
        from: data.from,
        to: data.to,
        text: data.text,
        html: data.html,
        subject: data.subject,
        headers: data.headers,
      };
    },
  };
}
