import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.ts';
import { insertDelivery } from '../../src/db/deliveries.ts';
import type { DeliveryRow } from '../../src/db/schema.ts';
import { tick } from '../../src/delivery/tick.ts';
import { newTokenId } from '../../src/tokens/token.ts';
import { type TestDeps, testDeps } from '../support/deps.ts';
import { enrollmentByEmail } from '../support/enrollments.ts';
import { emailsTo, messageOf, subscribeAndConfirm } from '../support/flows.ts';
import { emailEvent, svixHeaders, webhookSecret } from '../support/svix.ts';

const ADDRESS = 'robin@example.com';
const SECRET = webhookSecret();
let deps: TestDeps;
let sequence = 0;

beforeEach(async () => {
  deps = await testDeps({ start: '2026-06-01T10:00:00Z', env: { RESEND_WEBHOOK_SECRET: SECRET } });
});
afterEach(() => deps.close());

function post(body: string, headers: Record<string, string>) {
  return createApp(deps).request('/webhooks/resend', { method: 'POST', headers, body });
}

/** Posts an event signed with the right secret; returns the response. */
function deliver(body: string, id = `msg_${++sequence}`) {
  return post(body, svixHeaders(SECRET, id, body));
}

const deliveryRows = () => deps.db.selectFrom('deliveries').selectAll().orderBy('id').execute();
const subscriber = async () => {
  const enrollment = await enrollmentByEmail(deps.db, ADDRESS);
  if (!enrollment) throw new Error('no enrollment');
  return enrollment;
};
const storedEvents = () => deps.db.selectFrom('delivery_events').selectAll().execute();

/** A confirmed reader who got the welcome, with lesson 1 already queued for tomorrow. */
async function welcomed(): Promise<{ welcome: DeliveryRow; lesson: DeliveryRow }> {
  await subscribeAndConfirm(deps, { email: ADDRESS });
  const reader = await subscriber();
  await insertDelivery(deps.db, {
    enrollmentId: reader.id,
    round: reader.round,
    messageKey: 'lesson:1',
    tokenId: newTokenId(),
    dueAt: '2026-06-02T08:00:00.000Z',
    now: deps.clock().toISOString(),
  });
  const rows = await deliveryRows();
  const welcome = rows.find((row) => row.message_key === 'welcome');
  const lesson = rows.find((row) => row.message_key === 'lesson:1');
  if (!welcome || !lesson) throw new Error('no welcome');
  return { welcome, lesson };
}

describe('POST /webhooks/resend', () => {
  it('marks a delivery delivered, found by its delivery tag', async () => {
    const { welcome } = await welcomed();
    // As after a retry the provider answered 409: the row never learned its email id.
    await deps.db
      .updateTable('deliveries')
      .set({ provider_id: null })
      .where('id', '=', welcome.id)
      .execute();
    const response = await deliver(
      emailEvent('email.delivered', { emailId: 'em_1', deliveryId: welcome.id }),
    );
    expect(response.status).toBe(200);
    const row = (await deliveryRows()).find((r) => r.id === welcome.id);
    expect(row).toMatchObject({ status: 'delivered', provider_id: 'em_1' });
    expect(await storedEvents()).toMatchObject([
      { type: 'email.delivered', email_id: 'em_1', delivery_id: welcome.id },
    ]);
  });

  it('does not take a tagged row that belongs to another email', async () => {
    const { welcome } = await welcomed();
    await deliver(
      emailEvent('email.bounced', {
        emailId: 'em_other',
        deliveryId: welcome.id,
        bounceType: 'Permanent',
      }),
    );
    expect((await subscriber()).status).toBe('active');
    expect(await storedEvents()).toMatchObject([{ delivery_id: null }]);
  });

  it('finds the delivery by the provider email id too', async () => {
    const { welcome } = await welcomed();
    expect(welcome.provider_id).toBeTruthy();
    await deliver(emailEvent('email.delivered', { emailId: welcome.provider_id }));
    expect((await deliveryRows()).find((r) => r.id === welcome.id)?.status).toBe('delivered');
  });

  it('processes an event once, however often it is delivered', async () => {
    const { welcome } = await welcomed();
    const body = emailEvent('email.delivered', {
      emailId: welcome.provider_id,
      deliveryId: welcome.id,
    });
    expect((await deliver(body, 'msg_replayed')).status).toBe(200);
    // Undo the effect by hand: a replay that re-applied it would show.
    await deps.db
      .updateTable('deliveries')
      .set({ status: 'sent' })
      .where('id', '=', welcome.id)
      .execute();
    expect((await deliver(body, 'msg_replayed')).status).toBe(200);
    expect((await deliveryRows()).find((r) => r.id === welcome.id)?.status).toBe('sent');
    expect(await storedEvents()).toHaveLength(1);
  });

  it('refuses forged, tampered, stale and unsigned events with 401 and stores nothing', async () => {
    const { welcome } = await welcomed();
    const body = emailEvent('email.bounced', {
      emailId: welcome.provider_id,
      deliveryId: welcome.id,
      bounceType: 'Permanent',
    });
    const forged = svixHeaders(webhookSecret(), 'msg_forged', body);
    const tampered = svixHeaders(SECRET, 'msg_tampered', body.replace('Permanent', 'Transient'));
    const stale = svixHeaders(SECRET, 'msg_stale', body, Math.floor(Date.now() / 1000) - 600);
    const { 'svix-signature': _s, ...unsigned } = svixHeaders(SECRET, 'msg_unsigned', body);
    for (const headers of [
      forged,
      tampered,
      stale,
      unsigned,
      { 'content-type': 'application/json' },
    ]) {
      expect((await post(body, headers)).status).toBe(401);
    }
    expect(await storedEvents()).toHaveLength(0);
    expect((await subscriber()).status).toBe('active');
  });

  it('answers 401 to everything while no secret is configured', async () => {
    await deps.close();
    deps = await testDeps({ start: '2026-06-01T10:00:00Z' });
    const body = emailEvent('email.delivered', { emailId: 'em_1', deliveryId: 1 });
    expect((await deliver(body)).status).toBe(401);
    expect(await storedEvents()).toHaveLength(0);
  });

  it('a hard bounce stops all mail to the subscriber until they sign up and confirm again', async () => {
    const { welcome, lesson } = await welcomed();
    await deliver(
      emailEvent('email.bounced', {
        emailId: welcome.provider_id,
        deliveryId: welcome.id,
        bounceType: 'Permanent',
      }),
    );
    expect(await subscriber()).toMatchObject({
      status: 'bounced',
      stop_reason: 'hard bounce',
      next_send_at: null,
    });
    const rows = await deliveryRows();
    expect(rows.find((r) => r.id === welcome.id)?.status).toBe('bounced');
    expect(rows.find((r) => r.id === lesson.id)?.status).toBe('cancelled');

    const before = deps.sent.length;
    deps.clock.set('2026-06-03T09:00:00Z');
    await tick(deps, deps.clock());
    expect(deps.sent.length).toBe(before);

    deps.clock.advance(60 * 60_000);
    await subscribeAndConfirm(deps, { email: ADDRESS });
    expect((await subscriber()).status).toBe('active');
    expect(
      emailsTo(deps, ADDRESS)
        .map(messageOf)
        .filter((m) => m === 'welcome'),
    ).toHaveLength(2);
  });

  it('a late bounce about mail from before the subscriber confirmed again changes nothing', async () => {
    const { welcome } = await welcomed();
    await deliver(
      emailEvent('email.bounced', {
        emailId: welcome.provider_id,
        deliveryId: welcome.id,
        bounceType: 'Permanent',
      }),
    );
    deps.clock.advance(60 * 60_000);
    await subscribeAndConfirm(deps, { email: ADDRESS });
    const body = emailEvent('email.complained', {
      emailId: welcome.provider_id,
      deliveryId: welcome.id,
    });
    await deliver(body);
    expect((await subscriber()).status).toBe('active');
  });

  it('a transient bounce is recorded and changes nothing', async () => {
    const { welcome } = await welcomed();
    await deliver(
      emailEvent('email.bounced', {
        emailId: welcome.provider_id,
        deliveryId: welcome.id,
        bounceType: 'Transient',
      }),
    );
    expect((await subscriber()).status).toBe('active');
    expect(await storedEvents()).toMatchObject([{ type: 'email.bounced', detail: 'Transient' }]);
  });

  it('a complaint and a suppression stop mail too, and say why', async () => {
    const { welcome } = await welcomed();
    await deliver(
      emailEvent('email.complained', { emailId: welcome.provider_id, deliveryId: welcome.id }),
    );
    expect(await subscriber()).toMatchObject({
      status: 'complained',
      stop_reason: 'marked as spam',
    });

    await deps.db.updateTable('enrollments').set({ status: 'active' }).execute();
    await deliver(
      emailEvent('email.suppressed', { emailId: welcome.provider_id, deliveryId: welcome.id }),
    );
    expect(await subscriber()).toMatchObject({
      status: 'suppressed',
      stop_reason: 'on the provider suppression list',
    });
  });

  it('acknowledges delays, replies and unknown types, and changes nothing', async () => {
    const { welcome } = await welcomed();
    for (const type of [
      'email.delivery_delayed',
      'email.received',
      'email.opened',
      'contact.created',
    ]) {
      const response = await deliver(
        emailEvent(type, { emailId: welcome.provider_id, deliveryId: welcome.id }),
      );
      expect(response.status, type).toBe(200);
    }
    expect((await subscriber()).status).toBe('active');
    expect((await deliveryRows()).find((r) => r.id === welcome.id)?.status).toBe('sent');
    expect(await storedEvents()).toHaveLength(4);
  });

  it('acknowledges an event about mail it does not know', async () => {
    const response = await deliver(
      emailEvent('email.bounced', { emailId: 'em_x', deliveryId: 999, bounceType: 'Permanent' }),
    );
    expect(response.status).toBe(200);
    expect(await storedEvents()).toMatchObject([{ delivery_id: null }]);
  });

  it('never logs an address, a subject or a token', async () => {
    const { welcome } = await welcomed();
    const body = emailEvent('email.bounced', {
      emailId: welcome.provider_id,
      deliveryId: welcome.id,
      to: ADDRESS,
      bounceType: 'Permanent',
    });
    await deliver(body);
    await post(body, svixHeaders(webhookSecret(), 'msg_forged', body));
    const logs = deps.log.lines.join('\n');
    expect(logs).toContain('webhook.event');
    expect(logs).not.toContain(ADDRESS);
    expect(logs).not.toContain('Welcome');
    expect(logs).not.toContain(welcome.token_id);
  });
});
