import { describe, expect, it } from 'vitest';
import {
  outboxTo,
  subscribeAndConfirm,
  subscriberByEmail,
  testWorker,
  tokenOf,
} from './support.ts';

describe('unsubscribe on Workers', () => {
  it('shows a page on GET and unsubscribes on the page POST', async () => {
    const tw = testWorker();
    await subscribeAndConfirm(tw, { email: 'ivo@example.com' });
    const deps = tw.deps();
    const welcome = (await outboxTo(deps, 'ivo@example.com')).at(-1);
    const token = tokenOf(welcome?.eml ?? '');

    const page = await tw.fetch(`/unsubscribe/${token}`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain(`action="/unsubscribe/${token}"`);
    expect((await subscriberByEmail(deps, 'ivo@example.com')).status).toBe('active');

    const done = await tw.fetch(`/unsubscribe/${token}`, {
      method: 'POST',
      headers: { Origin: 'https://tend.test', 'Content-Type': 'application/x-www-form-urlencoded' },
      body: '',
    });
    expect(done.status).toBe(200);
    expect(await done.text()).toContain('unsubscribed');
    expect((await subscriberByEmail(deps, 'ivo@example.com')).status).toBe('unsubscribed');
  });

  it('answers RFC 8058 one-click with 200 and no body, with no Origin, and mails no more', async () => {
    const tw = testWorker();
    const subscriber = await subscribeAndConfirm(tw, { email: 'jo@example.com' });
    const deps = tw.deps();
    const welcome = (await outboxTo(deps, 'jo@example.com')).at(-1);
    expect(welcome?.eml).toMatch(
      /List-Unsubscribe: <https:\/\/tend\.test\/unsubscribe\/[a-z2-7]+>/,
    );
    const token = tokenOf(welcome?.eml ?? '');

    // Plan lesson 1 so that something is queued when the person leaves.
    const due = new Date(subscriber.next_send_at ?? '');
    await tw.cron(due);
    expect(tw.queue.jobs).toHaveLength(1);

    const response = await tw.fetch(`/unsubscribe/${token}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
    });
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('');

    const after = await subscriberByEmail(deps, 'jo@example.com');
    expect(after).toMatchObject({ status: 'unsubscribed', stop_reason: 'one-click' });
    const lesson = await deps.db
      .selectFrom('deliveries')
      .select('status')
      .where('enrollment_id', '=', after.id)
      .where('message_key', '=', 'lesson:1')
      .executeTakeFirstOrThrow();
    expect(lesson.status).toBe('cancelled');

    // The job enqueued before the unsubscribe runs and sends nothing; later crons plan nothing.
    const before = (await outboxTo(deps, 'jo@example.com')).length;
    await tw.drain();
    await tw.cron(new Date(due.getTime() + 86_400_000));
    await tw.drain();
    expect(await outboxTo(deps, 'jo@example.com')).toHaveLength(before);
  });

  it('answers a one-click POST with a bad token 404 and no body', async () => {
    const tw = testWorker();
    const response = await tw.fetch(`/unsubscribe/${'a'.repeat(52)}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
    });
    expect(response.status).toBe(404);
    expect(await response.text()).toBe('');
  });
});
