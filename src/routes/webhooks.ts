import { Hono } from 'hono';
import type { Deps } from '../deps.ts';
import { parseWebhookEvent } from '../webhooks/event.ts';
import { processWebhookEvent } from '../webhooks/process.ts';
import { verifyResendWebhook } from '../webhooks/verify.ts';

/**
 * POST /webhooks/resend: events from Resend, verified on the raw body with
 * RESEND_WEBHOOK_SECRET before anything is read or stored. A bad or missing signature, or
 * no secret configured, gets 401 and leaves no trace but a log line. A verified event is
 * answered 200 once it is applied (or was already), so the provider stops redelivering it;
 * an error while applying it answers 500 and the provider tries again later.
 */
export function webhookRoutes(deps: Deps) {
  return new Hono().post('/webhooks/resend', async (c) => {
    const secret = deps.config.resendWebhookSecret;
    const id = c.req.header('svix-id');
    const timestamp = c.req.header('svix-timestamp');
    const signature = c.req.header('svix-signature');
    const raw = await c.req.text();
    if (!secret) {
      deps.log.error('webhook.not_configured', { reason: 'RESEND_WEBHOOK_SECRET is not set' });
      return c.text('Webhook signature could not be verified.', 401);
    }
    const payload =
      id && timestamp && signature
        ? verifyResendWebhook(raw, { id, timestamp, signature }, secret)
        : null;
    if (payload === null) {
      deps.log.warn('webhook.rejected', { signed: Boolean(id && timestamp && signature) });
      return c.text('Webhook signature could not be verified.', 401);
    }
    const event = id ? parseWebhookEvent(id, payload) : null;
    if (!event) {
      // Signed but not an event we can read: redelivering it will not help.
      deps.log.warn('webhook.unreadable', { webhook: id });
      return c.json({ received: true });
    }
    const outcome = await processWebhookEvent(deps, event);
    deps.log.info('webhook.event', {
      webhook: event.svixId,
      type: event.type,
      delivery: event.deliveryId,
      outcome,
    });
    return c.json({ received: true });
  });
}
