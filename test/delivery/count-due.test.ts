import { afterEach, describe, expect, it } from 'vitest';
import { insertDelivery } from '../../src/db/deliveries.ts';
import { countDueDeliveries } from '../../src/db/delivery-batches.ts';
import type { EnrollmentStatus } from '../../src/db/schema.ts';
import { sendDue } from '../../src/delivery/send.ts';
import { newTokenId } from '../../src/tokens/token.ts';
import { type TestDeps, testDeps } from '../support/deps.ts';

/**
 * The Workers cron enqueues one send job per hundred deliveries that countDueDeliveries
 * reports, so the count must agree with what a sending run actually takes: too low and
 * mail waits, too high and jobs run empty.
 */
describe('countDueDeliveries', () => {
  let deps: TestDeps;
  afterEach(() => deps?.close());

  async function subscriberWith(status: EnrollmentStatus, email: string): Promise<number> {
    const now = deps.clock().toISOString();
    const row = await deps.db
      .insertInto('subscribers')
      .values({
        email,
        name: null,
        role: 'hurt',
        timezone: 'UTC',
        send_time: '08:00',
        course_id: deps.course.id,
        status,
        round: 1,
        next_step: 2,
        next_send_at: null,
        paused_until: null,
        stop_reason: null,
        created_at: now,
        confirmed_at: status === 'pending' ? null : now,
        unsubscribed_at: null,
        updated_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  }

  async function queue(subscriberId: number, messageKey: string, dueAt: Date) {
    await insertDelivery(deps.db, {
      subscriberId,
      round: 1,
      messageKey,
      tokenId: newTokenId(),
      dueAt: dueAt.toISOString(),
      now: deps.clock().toISOString(),
    });
  }

  it('counts exactly what a sending run at the same instant sends', async () => {
    deps = await testDeps();
    const now = deps.clock();
    const past = new Date(now.getTime() - 60_000);
    const later = new Date(now.getTime() + 60_000);

    await queue(await subscriberWith('pending', 'pending@example.com'), 'confirm:1', past);
    await queue(await subscriberWith('active', 'active@example.com'), 'lesson:1', past);
    await queue(await subscriberWith('completed', 'done@example.com'), 'closing', now);
    // Not due yet, or not wanted: none of these is sent now.
    await queue(await subscriberWith('active', 'soon@example.com'), 'lesson:1', later);
    await queue(await subscriberWith('paused', 'paused@example.com'), 'lesson:1', past);
    await queue(await subscriberWith('unsubscribed', 'gone@example.com'), 'lesson:1', past);
    await queue(await subscriberWith('active', 'odd@example.com'), 'confirm:1', past);
    // A batch put back to be retried is re-sent whole, whatever its subscriber does since.
    const retried = await subscriberWith('paused', 'retry@example.com');
    await queue(retried, 'lesson:1', past);
    await deps.db
      .updateTable('deliveries')
      .set({ batch_key: 'tend-batch-retry' })
      .where('subscriber_id', '=', retried)
      .execute();

    const due = await countDueDeliveries(deps.db, now.toISOString());
    expect(due).toBe(4);
    const report = await sendDue(deps, now);
    expect(report.sent).toBe(due);
    expect(await countDueDeliveries(deps.db, now.toISOString())).toBe(0);
  });
});
