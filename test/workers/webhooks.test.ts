import { describe, expect, it } from 'vitest';
import { subscribeAndConfirm, subscriberByEmail, testWorker } from './support.ts';
import { signed, webhookSecret } from './svix.ts';

const SECRET = webhookSecret();

const bounce = (emailId: string, deliveryId: number) =>
  JSON.stringify({
    type: 'email.bounced',
    created_at: new Date().toISOString(),
    data: {
      email_id: emailId,
      to: ['ana@example.com'],
      tags: { delivery: String(deliveryId) },
      bounce: { type: 'Permanent', subType: 'General', message: 'No such mailbox' },
    },
  });

describe('POST /webhooks/resend on Workers (D1)', () => {
  it('verifies the signature, applies a hard bounce once, and refuses a forged one', async () => {
    const tw = testWorker({ RESEND_WEBHOOK_SECRET: SECRET });
    const reader = await subscribeAndConfirm(tw, { email: 'ana@example.com' });
    const deps = tw.deps();
    const welcome = await deps.db
      .selectFrom('deliveries')
      .selectAll()
      .where('enrollment_id', '=', reader.id)
      .where('message_key', '=', 'welcome')
      .executeTakeFirstOrThrow();
    const body = bounce(welcome.provider_id ?? '', welcome.id);

    const forged = await tw.fetch(
      '/webhooks/resend',
      await signed(`whsec_${btoa('not the secret')}`, 'msg_1', body),
    );
    expect(forged.status).toBe(401);
    expect(await deps.db.selectFrom('delivery_events').selectAll().execute()).toHaveLength(0);

    const first = await tw.fetch('/webhooks/resend', await signed(SECRET, 'msg_1', body));
    const replay = await tw.fetch('/webhooks/resend', await signed(SECRET, 'msg_1', body));
    expect([first.status, replay.status]).toEqual([200, 200]);
    expect(await subscriberByEmail(deps, 'ana@example.com')).toMatchObject({
      status: 'bounced',
      stop_reason: 'hard bounce',
    });
    expect(await deps.db.selectFrom('delivery_events').selectAll().execute()).toMatchObject([
      { svix_id: 'msg_1', type: 'email.bounced', delivery_id: welcome.id },
    ]);
  });
});
