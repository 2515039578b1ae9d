import { insertWebhookEndpoint, type WebhookEndpoint } from '../db/webhooks.ts';
import type { Deps } from '../deps.ts';
import type { EventType } from './events.ts';
import { newSigningSecret, sealSecret } from './secret.ts';

/**
 * A webhook URL as the operator gives it: http(s), at most 500 characters, no credentials;
 * https only in production (the body names subscribers). Returns the reason it is refused.
 */
export function webhookUrlProblem(raw: string, production: boolean): string | null {
  if (raw.length > 500) return 'is longer than 500 characters';
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'is not a URL';
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return 'must start with https://';
  if (production && url.protocol !== 'https:') return 'must use https:// in production';
  if (url.username || url.password) return 'must not hold a user name or password';
  return null;
}

/** Adds an endpoint; the secret is returned once, here, and kept only sealed. */
export async function addWebhookEndpoint(
  deps: Pick<Deps, 'db' | 'cipher' | 'clock'>,
  url: string,
  events: readonly EventType[] | null,
): Promise<{ endpoint: WebhookEndpoint; secret: string }> {
  const secret = newSigningSecret();
  const endpoint = await insertWebhookEndpoint(deps.db, {
    url,
    events,
    secretCiphertext: await sealSecret(deps.cipher, secret),
    now: deps.clock().toISOString(),
  });
  return { endpoint, secret };
}
