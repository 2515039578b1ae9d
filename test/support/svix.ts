import { createHmac, randomBytes } from 'node:crypto';

/** A signing secret in Resend's format: "whsec_" and base64 key bytes. */
export function webhookSecret(): string {
  return `whsec_${randomBytes(24).toString('base64')}`;
}

/**
 * Signs a webhook as Resend (Svix) does, written here from the scheme rather than with the
 * SDK, so the tests check Tend against the scheme: `v1,` and the base64 HMAC-SHA256 of
 * "<svix-id>.<svix-timestamp>.<body>" keyed with the base64-decoded secret after "whsec_".
 */
export function svixHeaders(
  secret: string,
  id: string,
  body: string,
  timestamp = Math.floor(Date.now() / 1000),
): Record<string, string> {
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  const signature = createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest('base64');
  return {
    'svix-id': id,
    'svix-timestamp': String(timestamp),
    'svix-signature': `v1,${signature}`,
    'content-type': 'application/json',
  };
}

/** A Resend email event envelope. */
export function emailEvent(
  type: string,
  data: { emailId: string | null; deliveryId?: number; to?: string; bounceType?: string },
): string {
  return JSON.stringify({
    type,
    created_at: '2026-06-01T10:05:00.000Z',
    data: {
      created_at: '2026-06-01T10:00:00.000Z',
      email_id: data.emailId,
      from: 'Rebuilding Trust <hello@tend.test>',
      to: [data.to ?? 'someone@example.com'],
      subject: 'Welcome',
      ...(data.deliveryId !== undefined
        ? {
            tags: {
              course: 'rebuilding-trust',
              message: 'welcome',
              delivery: String(data.deliveryId),
            },
          }
        : {}),
      ...(data.bounceType
        ? {
            bounce: {
              type: data.bounceType,
              subType: 'General',
              message: 'The mailbox does not exist',
            },
          }
        : {}),
    },
  });
}
