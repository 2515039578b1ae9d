import { describe, expect, it } from 'vitest';
import { outboxTo, seedSubscribers, subscriberByEmail, testWorker } from './support.ts';

const MINUTE = 60_000;

// A file of its own: D1 is fresh per test file, and a long list left due by another test
// would be planned by this cron too.
describe('the cron also does the rest of a scheduler pass', () => {
  it('plans check-ins and ends breaks in the same pass, like the Node tick', async () => {
    const tw = testWorker();
    const deps = tw.deps();
    const at = new Date(Date.now() + 3 * 86_400_000);
    await seedSubscribers(tw, 1, { prefix: 'checkin', status: 'completed', dueAt: null });
    await deps.db
      .updateTable('enrollments')
      .set({ checkin_days: '1234567', checkin_time: '19:00', next_checkin_at: at.toISOString() })
      .where('id', '=', (await subscriberByEmail(deps, 'checkin-0@example.com')).id)
      .execute();
    await seedSubscribers(tw, 1, { prefix: 'break', status: 'paused', dueAt: null, step: 3 });
    await deps.db
      .updateTable('enrollments')
      .set({ paused_until: new Date(at.getTime() - MINUTE).toISOString() })
      .where('id', '=', (await subscriberByEmail(deps, 'break-0@example.com')).id)
      .execute();

    await tw.cron(at);
    await tw.drain();
    const checkin = await outboxTo(deps, 'checkin-0@example.com');
    expect(checkin).toHaveLength(1);
    const planned = await deps.db
      .selectFrom('deliveries')
      .select(['message_key', 'status'])
      .where('enrollment_id', '=', (await subscriberByEmail(deps, 'checkin-0@example.com')).id)
      .execute();
    expect(planned).toEqual([{ message_key: expect.stringMatching(/^checkin:/), status: 'sent' }]);
    expect((await subscriberByEmail(deps, 'break-0@example.com')).status).toBe('active');
  });
});
