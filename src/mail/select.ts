import type { Config } from '../config.ts';
import { rateLimited } from '../delivery/rate-limit.ts';
import type { InboundSource } from '../reflections/inbound.ts';
import type { Mailer } from './message.ts';
import { type OutboxStore, outboxMailer } from './outbox.ts';
import { type ApiTransport, resendMailer } from './resend.ts';
import { resendInbound } from './resend-inbound.ts';

/**
 * The one place that decides where mail goes, for every runtime: Resend when RESEND_API_KEY
 * is set (at most SEND_RATE_LIMIT requests a second from this process), otherwise the
 * runtime's outbox (files on Node, a table on Workers).
 */
export function selectMailer(
  config: Config,
  outbox: OutboxStore,
  clock: () => Date,
  /** The runtime's way to post batches to Resend, if cheaper than the SDK's fetch. */
  batchTransport?: ApiTransport,
): { mailer: Mailer; outbox?: OutboxStore; inbound?: InboundSource } {
  if (config.resendApiKey) {
    const resend = resendMailer({
      apiKey: config.resendApiKey,
      baseUrl: config.resendBaseUrl,
      clock,
      ...(batchTransport ? { batchTransport } : {}),
    });
    const inbound = resendInbound({ apiKey: config.resendApiKey, baseUrl: config.resendBaseUrl });
    return { mailer: rateLimited(resend, config.sendRateLimit), inbound };
  }
  return { mailer: outboxMailer(outbox, clock, config.replyDomain), outbox };
}
