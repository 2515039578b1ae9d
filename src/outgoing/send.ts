import { Webhook } from 'standardwebhooks';
import {
  type ClaimedMessage,
  claimWebhookMessages,
  listWebhookEndpoints,
  markWebhookDelivered,
  markWebhookFailed,
  type WebhookEndpoint,
} from '../db/webhooks.ts';
import type { Deps } from '../deps.ts';
import { DISABLE_AFTER_MS, nextAttemptAt } from './backoff.ts';
import { openSecret } from './secret.ts';

/** How long a claimed message is the sender's own: well past a request's timeout. */
export const LEASE_MS = 2 * 60_000;
const REQUEST_TIMEOUT_MS = 15_000;
/** Requests in flight at once, so that one slow endpoint does not hold up the others. */
const IN_FLIGHT = 8;

export interface WebhookReport {
  delivered: number;
  retried: number;
  failed: number;
  disabled: number;
}

/**
 * Sends the webhook messages due by `now`, up to `max`: claim (with a lease) -> sign ->
 * POST -> settle. Each attempt of a message carries the same `webhook-id`; a sender killed
 * mid-delivery leaves its rows claimed until the lease ends, and the next pass sends them
 * again under the same id, which receivers de-duplicate. Non-2xx answers and network errors
 * are retried on the schedule of backoff.ts.
 */
export async function sendWebhooks(
  deps: Pick<Deps, 'db' | 'cipher' | 'log'>,
  now: Date,
  options: { max?: number } = {},
): Promise<WebhookReport> {
  const report: WebhookReport = { delivered: 0, retried: 0, failed: 0, disabled: 0 };
  const claimed = await claimWebhookMessages(deps.db, {
    now: now.toISOString(),
    leaseUntil: new Date(now.getTime() + LEASE_MS).toISOString(),
    limit: options.max ?? 200,
  });
  if (claimed.length === 0) return report;
  const endpoints = new Map((await listWebhookEndpoints(deps.db)).map((e) => [e.id, e]));
  const signers = new Map<number, Webhook | null>();
  const signerOf = async (endpoint: WebhookEndpoint) => {
    if (!signers.has(endpoint.id)) {
      const secret = await openSecret(deps.cipher, endpoint.secretCiphertext);
      signers.set(endpoint.id, secret ? new Webhook(secret) : null);
    }
    return signers.get(endpoint.id) ?? null;
  };

  for (let start = 0; start < claimed.length; start += IN_FLIGHT) {
    await Promise.all(
      claimed.slice(start, start + IN_FLIGHT).map(async (message) => {
        const endpoint = endpoints.get(message.endpointId);
        if (!endpoint) return; // Removed meanwhile: its ledger went with it.
        const signer = await signerOf(endpoint);
        const outcome = signer
          ? await post(endpoint.url, signer, message, now)
          : { ok: false as const, status: null, error: 'signing secret unreadable (SECRET_KEY)' };
        await settle(deps, message, outcome, now, report);
      }),
    );
  }
  return report;
}

type Outcome = { ok: true; status: number } | { ok: false; status: number | null; error: string };

async function post(
  url: string,
  signer: Webhook,
  message: ClaimedMessage,
  now: Date,
): Promise<Outcome> {
  const signature = signer.sign(message.id, now, message.payload);
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'user-agent': 'Tend-Webhooks/1',
        'webhook-id': message.id,
        'webhook-timestamp': String(Math.floor(now.getTime() / 1000)),
        'webhook-signature': signature,
      },
      body: message.payload,
      // A redirect is an answer we do not follow: the endpoint's address is what was given.
      redirect: 'manual',
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    // The body is not read: only the status counts, and a large one would cost time.
    await response.body?.cancel().catch(() => undefined);
    if (response.status >= 200 && response.status < 300)
      return { ok: true, status: response.status };
    return { ok: false, status: response.status, error: `HTTP ${response.status}` };
  } catch (error) {
    const reason =
      (error as Error).name === 'TimeoutError' ? 'timed out' : (error as Error).message;
    return { ok: false, status: null, error: `network: ${reason}`.slice(0, 200) };
  }
}

async function settle(
  deps: Pick<Deps, 'db' | 'log'>,
  message: ClaimedMessage,
  outcome: Outcome,
  now: Date,
  report: WebhookReport,
): Promise<void> {
  const nowIso = now.toISOString();
  if (outcome.ok) {
    await markWebhookDelivered(
      deps.db,
      { id: message.id, endpointId: message.endpointId, status: outcome.status },
      nowIso,
    );
    report.delivered++;
    return;
  }
  const retryAt = nextAttemptAt(message.attempts, now);
  const disabled = await markWebhookFailed(
    deps.db,
    {
      id: message.id,
      endpointId: message.endpointId,
      status: outcome.status,
      error: outcome.error,
    },
    {
      now: nowIso,
      retryAt: retryAt?.toISOString() ?? null,
      failingBefore: new Date(now.getTime() - DISABLE_AFTER_MS).toISOString(),
    },
  );
  if (retryAt) report.retried++;
  else report.failed++;
  // The endpoint's address is the operator's own setting, not a person's: safe to log.
  deps.log.warn('webhook.attempt_failed', {
    endpoint: message.endpointId,
    message: message.id,
    attempt: message.attempts,
    reason: outcome.error,
    final: retryAt === null,
  });
  if (disabled) {
    report.disabled++;
    deps.log.error('webhook.endpoint_disabled', { endpoint: message.endpointId });
  }
}
