import { describe, expect, it } from 'vitest';
import { outboxTo, subscribeAndConfirm, subscriberByEmail, testWorker } from './support.ts';

const HOUR = 3_600_000;

describe('a course delivered by the cron and the queue over simulated days', () => {
  it('sends one lesson a day at the local send time, then the closing email', async () => {
    const tw = testWorker();
    const address = 'hana@example.com';
    await subscribeAndConfirm(tw, {
      email: address,
      timezone: 'America/New_York',
      send_time: '07:30',
    });
    const deps = tw.deps();
    const lessons = deps.course.lessons.length;
    const sendTimes: string[] = [];

    for (let step = 1; step <= lessons + 1; step++) {
      const subscriber = await subscriberByEmail(deps, address);
      expect(subscriber.next_step).toBe(step);
      const due = new Date(subscriber.next_send_at ?? '');
      // Every pass of the hour before is a no-op: nothing planned, nothing enqueued.
      const jobsBefore = tw.queue.jobs.length;
      await tw.cron(new Date(due.getTime() - HOUR));
      expect(tw.queue.jobs).toHaveLength(jobsBefore);

      await tw.cron(due);
      await tw.drain();
      // A second pass in the same minute (an overlapping or retried cron) sends nothing more.
      await tw.cron(due);
      await tw.drain();
      sendTimes.push(due.toISOString());
    }

    const emails = await outboxTo(deps, address);
    // Confirmation, welcome, the lessons, the closing email: each exactly once.
    expect(emails).toHaveLength(lessons + 3);
    const subjects = emails.map((email) => email.subject);
    expect(subjects.slice(2, 2 + lessons)).toEqual(deps.course.lessons.map((l) => l.subject));
    expect(subjects.at(-1)).toBe(deps.course.closing.subject);

    // 07:30 in New York on consecutive local days, across whatever DST change falls between.
    const local = sendTimes.map((iso) =>
      new Intl.DateTimeFormat('en-GB', {
        timeZone: 'America/New_York',
        hour: '2-digit',
        minute: '2-digit',
        hour12: false,
      }).format(new Date(iso)),
    );
    expect(new Set(local)).toEqual(new Set(['07:30']));
    const days = sendTimes.map((iso) => Date.parse(iso) / 86_400_000);
    for (let i = 1; i < days.length; i++) {
      expect(Math.round((days[i] ?? 0) - (days[i - 1] ?? 0))).toBe(1);
    }

    const done = await subscriberByEmail(deps, address);
    expect(done).toMatchObject({ status: 'completed', next_send_at: null });
    const unsent = await deps.db
      .selectFrom('deliveries')
      .select('message_key')
      .where('enrollment_id', '=', done.id)
      .where('status', '!=', 'sent')
      .execute();
    expect(unsent).toEqual([]);
  });
});
