import { afterEach, describe, expect, it } from 'vitest';
import { loadFunnel } from '../../src/admin/funnel.ts';
import { createApp } from '../../src/app.ts';
import type { Db } from '../../src/db/database.ts';
import type { DeliveryStatus, EnrollmentStatus } from '../../src/db/schema.ts';
import type { TestDeps } from '../support/deps.ts';
import { adminDeps, get, signIn } from './support.ts';

let deps: TestDeps;
afterEach(() => deps.close());

const T = (minutes: number) => new Date(Date.UTC(2026, 5, 1, 8, minutes)).toISOString();

async function subscriber(
  db: Db,
  email: string,
  status: EnrollmentStatus,
  unsubscribedAt?: string,
) {
  const person = await db
    .insertInto('subscribers')
    .values({ email, name: null, created_at: T(0), updated_at: T(0) })
    .returning('id')
    .executeTakeFirstOrThrow();
  const row = await db
    .insertInto('enrollments')
    .values({
      subscriber_id: person.id,
      role: 'hurt',
      timezone: 'UTC',
      send_time: '08:00',
      course_id: 'rebuilding-trust',
      status,
      round: 1,
      next_send_at: null,
      paused_until: null,
      stop_reason: null,
      created_at: T(0),
      confirmed_at: T(0),
      unsubscribed_at: unsubscribedAt ?? null,
      updated_at: T(0),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

let tokens = 0;
async function delivery(
  db: Db,
  enrollmentId: number,
  messageKey: string,
  status: DeliveryStatus,
  sentAt: string | null,
  events: { type: string; detail?: string }[] = [],
) {
  const row = await db
    .insertInto('deliveries')
    .values({
      enrollment_id: enrollmentId,
      round: 1,
      message_key: messageKey,
      token_id: `token${tokens++}`,
      status,
      due_at: T(0),
      created_at: T(0),
      updated_at: T(0),
      sent_at: sentAt,
      provider_id: sentAt ? `provider-${tokens}` : null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  for (const event of events) {
    await db
      .insertInto('delivery_events')
      .values({
        svix_id: `msg_${tokens}_${event.type}_${event.detail ?? ''}`,
        type: event.type,
        email_id: `provider-${tokens}`,
        delivery_id: row.id,
        detail: event.detail ?? null,
        occurred_at: T(1),
        received_at: T(1),
        processed_at: T(1),
      })
      .execute();
  }
  return row.id;
}

async function reflection(
  db: Db,
  enrollmentId: number,
  deliveryId: number,
  key: string,
  source: 'web' | 'email',
) {
  await db
    .insertInto('reflections')
    .values({
      enrollment_id: enrollmentId,
      delivery_id: deliveryId,
      message_key: key,
      source,
      ciphertext: 'opaque',
      inbound_id: source === 'email' ? `in-${deliveryId}-${Math.random()}` : null,
      created_at: T(5),
      updated_at: T(5),
    })
    .execute();
}

/** The numbers in one row of the funnel table, as the page shows them. */
function tableRow(html: string, key: string): number[] {
  const row = new RegExp(`<tr data-key="${key}">(.*?)</tr>`, 's').exec(html)?.[1];
  if (!row) throw new Error(`no row for ${key}`);
  return [...row.matchAll(/<td class="n">([\d,]+)<\/td>/g)].map((m) =>
    Number(m[1]?.replaceAll(',', '')),
  );
}

describe('the funnel', () => {
  it('counts sent, delivered, bounced, complained, reflected and unsubscribed-after from the database', async () => {
    deps = await adminDeps();
    const { db } = deps;
    const ann = await subscriber(db, 'ann@example.com', 'active');
    const bob = await subscriber(db, 'bob@example.com', 'unsubscribed', T(30));
    const cat = await subscriber(db, 'cat@example.com', 'bounced');
    const dan = await subscriber(db, 'dan@example.com', 'unsubscribed', T(20));
    await subscriber(db, 'eve@example.com', 'unsubscribed', T(1)); // left before any course email

    // Confirmations are not part of the course funnel.
    for (const id of [ann, bob, cat, dan]) await delivery(db, id, 'confirm:1', 'sent', T(0));

    // Welcome: an event says delivered (Ann); the status alone says so (Bob); a bounce by
    // status (Cat) and by a permanent-bounce event (Dan).
    await delivery(db, ann, 'welcome', 'sent', T(2), [{ type: 'email.delivered' }]);
    await delivery(db, bob, 'welcome', 'delivered', T(2));
    await delivery(db, cat, 'welcome', 'bounced', T(2));
    await delivery(db, dan, 'welcome', 'sent', T(2), [
      { type: 'email.bounced', detail: 'Permanent' },
    ]);

    // Lesson 1: Ann delivered then complained; Bob had a transient bounce, then delivery;
    // Cat's is still queued (not sent).
    const annL1 = await delivery(db, ann, 'lesson:1', 'complained', T(10), [
      { type: 'email.delivered' },
      { type: 'email.complained' },
    ]);
    const bobL1 = await delivery(db, bob, 'lesson:1', 'sent', T(10), [
      { type: 'email.bounced', detail: 'Transient' },
      { type: 'email.delivered' },
    ]);
    await delivery(db, cat, 'lesson:1', 'queued', null);

    // Check-ins are counted together.
    const annC1 = await delivery(db, ann, 'checkin:2026-06-07', 'delivered', T(40));
    await delivery(db, ann, 'checkin:2026-06-14', 'sent', T(50));
    // Sent after Bob left: not what he left after.
    await delivery(db, bob, 'lesson:2', 'sent', T(35));

    await reflection(db, ann, annL1, 'lesson:1', 'web');
    await reflection(db, ann, annL1, 'lesson:1', 'email');
    await reflection(db, bob, bobL1, 'lesson:1', 'email');
    await reflection(db, ann, annC1, 'checkin:2026-06-07', 'web');

    const funnel = await loadFunnel(deps, deps.course);
    const row = (key: string) => funnel.rows.find((r) => r.key === key);
    expect(funnel.rows.map((r) => r.key)).toEqual([
      'welcome',
      ...deps.course.lessons.map((l) => `lesson:${l.step}`),
      'closing',
      'checkin',
    ]);
    expect(row('welcome')).toMatchObject({
      sent: 4,
      delivered: 2,
      bounced: 2,
      complained: 0,
      reflected: 0,
      unsubscribedAfter: 1,
    });
    expect(row('lesson:1')).toMatchObject({
      sent: 2,
      delivered: 2,
      bounced: 0,
      complained: 1,
      reflected: 3,
      unsubscribedAfter: 1,
    });
    expect(row('lesson:2')).toMatchObject({
      sent: 1,
      delivered: 0,
      bounced: 0,
      complained: 0,
      reflected: 0,
      unsubscribedAfter: 0,
    });
    expect(row('closing')).toMatchObject({
      sent: 0,
      delivered: 0,
      reflected: 0,
      unsubscribedAfter: 0,
    });
    expect(row('checkin')).toMatchObject({
      sent: 2,
      delivered: 1,
      reflected: 1,
      unsubscribedAfter: 0,
    });
    expect(funnel.unsubscribedBeforeAny).toBe(1);

    // The page shows the same numbers, as a table and as a chart.
    const app = createApp(deps);
    const cookie = await signIn(app);
    const response = await app.request('/admin/funnel', get(cookie));
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(tableRow(html, 'welcome')).toEqual([4, 2, 2, 0, 0, 1]);
    expect(tableRow(html, 'lesson:1')).toEqual([2, 2, 0, 1, 3, 1]);
    expect(tableRow(html, 'checkin')).toEqual([2, 1, 0, 0, 1, 0]);
    expect(html).toContain('<section class="funnel-email" aria-label="Lesson 1">');
    // Each bar carries its number beside it.
    expect(html).toContain('<title>Reflected: 3</title></rect></svg><span class="n">3</span>');
    expect(html).not.toContain('<script');
  });

  it('shows the overview numbers', async () => {
    deps = await adminDeps();
    const { db } = deps;
    const ann = await subscriber(db, 'ann@example.com', 'active');
    await subscriber(db, 'bob@example.com', 'complained');
    await subscriber(db, 'cat@example.com', 'bounced');
    await subscriber(db, 'dan@example.com', 'unsubscribed', T(3));
    await db
      .insertInto('suppressed_addresses')
      .values({ email_hash: 'ab', reason: 'unsubscribed', created_at: T(0) })
      .execute();
    // The clock says 2026-06-01 10:00 UTC, a Monday: one email today, one earlier.
    deps.clock.set('2026-06-03T10:00:00Z');
    await delivery(db, ann, 'welcome', 'sent', '2026-06-03T08:00:00.000Z');
    await delivery(db, ann, 'lesson:1', 'sent', '2026-06-01T08:00:00.000Z');
    await delivery(db, ann, 'lesson:2', 'sent', '2026-05-31T08:00:00.000Z');
    const failed = await delivery(db, ann, 'lesson:3', 'failed', null);
    await db
      .updateTable('deliveries')
      .set({ last_error: 'Invalid `to` field: ann@example.com' })
      .where('id', '=', failed)
      .execute();

    const app = createApp(deps);
    const html = await (await app.request('/admin', get(await signIn(app)))).text();
    const big = [...html.matchAll(/<p class="big">([\d,]+)<\/p>/g)].map((m) => m[1]);
    // Subscribers, sent today, sent this week, couples linked, failed for good.
    expect(big).toEqual(['4', '1', '2', '0', '1']);
    expect(html).toMatch(/<th>complained<\/th><td class="n">1<\/td>/);
    expect(html).toMatch(
      /Erased, never to be mailed again \(kept only as a hash\)<\/th><td class="n">1<\/td>/,
    );
    expect(html).toContain('Invalid `to` field: [address]');
    expect(html).not.toContain('ann@example.com');
  });
});
