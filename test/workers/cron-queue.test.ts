import { describe, expect, it } from 'vitest';
import { EMAILS_PER_JOB, SUBSCRIBERS_PER_PLAN } from '../../src/worker/jobs.ts';
import { CRON_SHARE } from '../../src/worker/scheduled.ts';
import {
  outboxTo,
  seedSubscribers,
  signupForm,
  subscribeAndConfirm,
  subscriberByEmail,
  testWorker,
} from './support.ts';

const MINUTE = 60_000;

describe('the cron plans and enqueues; the queue consumer sends', () => {
  it('plans a due lesson at the cron instant and leaves the sending to the queue', async () => {
    const tw = testWorker();
    const subscriber = await subscribeAndConfirm(tw, { email: 'fay@example.com' });
    const due = new Date(subscriber.next_send_at ?? '');
    const deps = tw.deps();

    // A minute early: nothing is due, nothing is enqueued.
    await tw.cron(new Date(due.getTime() - MINUTE));
    expect(tw.queue.jobs).toHaveLength(0);

    await tw.cron(due);
    expect(tw.queue.jobs).toEqual([
      { kind: 'send-due', at: due.toISOString(), maxEmails: EMAILS_PER_JOB },
    ]);
    const lesson = await deps.db
      .selectFrom('deliveries')
      .selectAll()
      .where('enrollment_id', '=', subscriber.id)
      .where('message_key', '=', 'lesson:1')
      .executeTakeFirstOrThrow();
    expect(lesson).toMatchObject({ status: 'queued', due_at: due.toISOString() });
    expect(await outboxTo(deps, 'fay@example.com')).toHaveLength(2); // confirmation, welcome

    const result = await tw.drain();
    expect(result.explicitAcks).toEqual(['job-1']);
    expect(result.retryMessages).toEqual([]);
    const emails = await outboxTo(deps, 'fay@example.com');
    expect(emails).toHaveLength(3);
    expect(emails.at(-1)?.created_at).toBe(due.toISOString());
    expect(emails.at(-1)?.eml).toContain('List-Unsubscribe-Post: List-Unsubscribe=One-Click');
    const sent = await deps.db
      .selectFrom('deliveries')
      .select(['status', 'sent_at', 'provider_id'])
      .where('id', '=', lesson.id)
      .executeTakeFirstOrThrow();
    expect(sent).toMatchObject({ status: 'sent', sent_at: due.toISOString() });
    expect((await subscriberByEmail(deps, 'fay@example.com')).next_step).toBe(2);
  });

  it('fans a large due list out: plan jobs by shard, send jobs per hundred emails', async () => {
    const tw = testWorker();
    const deps = tw.deps();
    const at = new Date(Date.now() + 2 * 86_400_000);
    // More than the cron plans itself, and more than one plan job's worth beyond that.
    const count = CRON_SHARE.lessons + SUBSCRIBERS_PER_PLAN + 50;
    // Confirmed subscribers whose first lesson is due at `at`.
    await seedSubscribers(tw, count, { prefix: 'many', status: 'active', dueAt: at });

    // The cron plans its own bounded share, hands the rest to one plan job per shard, and
    // the sending of what it planned to one send job per hundred emails.
    await tw.cron(at);
    const kinds = tw.queue.jobs.map((job) => job.kind);
    expect(kinds.filter((kind) => kind === 'plan-due')).toHaveLength(2);
    expect(kinds.filter((kind) => kind === 'send-due')).toHaveLength(
      Math.ceil(CRON_SHARE.lessons / EMAILS_PER_JOB),
    );
    const result = await tw.drain();
    expect(result.retryMessages).toEqual([]);

    const statuses = await deps.db
      .selectFrom('deliveries as d')
      .innerJoin('subscribers as s', 's.id', 'd.enrollment_id')
      .select((eb) => ['d.status', eb.fn.countAll<number>().as('n')])
      .where('s.email', 'like', 'many-%')
      .groupBy('d.status')
      .execute();
    expect(statuses).toEqual([{ status: 'sent', n: count }]);
    const outbox = await deps.db
      .selectFrom('outbox')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('recipient', 'like', 'many-%')
      .executeTakeFirstOrThrow();
    expect(outbox.n).toBe(count);

    // The next minute finds nothing left and enqueues nothing.
    const enqueued = tw.queue.jobs.length;
    await tw.cron(new Date(at.getTime() + MINUTE));
    expect(tw.queue.jobs).toHaveLength(enqueued);
  });

  it('retries a job that throws, and acks a message that is not a job', async () => {
    const broken = testWorker({
      DB: {
        prepare() {
          throw new Error('D1 is unavailable');
        },
      } as never,
    });
    broken.queue.jobs.push(
      { kind: 'send-due', at: new Date().toISOString(), maxEmails: 10 },
      // A body from an older deploy or another producer: not retried, it would never work.
      { kind: 'something-else' } as never,
    );
    const result = await broken.drain();
    expect(result.retryMessages).toEqual([{ msgId: 'job-1' }]);
    expect(result.explicitAcks).toEqual(['job-2']);
  });

  it('sends from the cron itself when no queue is bound', async () => {
    const tw = testWorker({ SEND_QUEUE: undefined });
    const response = await tw.fetch(
      '/subscribe',
      signupForm({ email: 'gil@example.com', role: 'hurt', send_time: '08:00', timezone: 'UTC' }),
    );
    expect(response.status).toBe(303);
    const deps = tw.deps();
    // The confirmation failed to go out in the request (say): it is queued in D1.
    await deps.db
      .updateTable('deliveries')
      .set({ status: 'queued', sent_at: null })
      .where('message_key', '=', 'confirm:1')
      .execute();
    await deps.db.deleteFrom('outbox').where('recipient', '=', 'gil@example.com').execute();

    await tw.cron(new Date(Date.now() + MINUTE));
    expect(await outboxTo(deps, 'gil@example.com')).toHaveLength(1);
  });
});
