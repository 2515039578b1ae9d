import { createScheduledController } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { describe, expect, it, vi } from 'vitest';
import worker from '../../src/worker.ts';
import { outboxTo, subscribeAndConfirm, testWorker } from './support.ts';

describe("wrangler.toml's queue, end to end", () => {
  it("delivers the cron's jobs to the consumer through the real queue binding", async () => {
    // Sign up through a worker whose queue records, then fire the cron with the real
    // bindings: the job goes through the SEND_QUEUE producer to the configured consumer.
    const tw = testWorker();
    const subscriber = await subscribeAndConfirm(tw, { email: 'kim@example.com' });
    const due = new Date(subscriber.next_send_at ?? '');
    await worker.scheduled(
      createScheduledController({ scheduledTime: due, cron: '* * * * *' }),
      env,
    );
    await vi.waitFor(
      async () => expect(await outboxTo(tw.deps(), 'kim@example.com')).toHaveLength(3),
      { timeout: 20_000, interval: 250 },
    );
  });
});
