import type { MessageBatch, Queue } from '@cloudflare/workers-types';
import { planCourseMail } from '../delivery/plan.ts';
import { sendDue } from '../delivery/send.ts';
import type { Deps } from '../deps.ts';
import { sendWebhooks } from '../outgoing/send.ts';
import { type Job, jobNow, parseJob, sendJobsFor, WEBHOOKS_PER_JOB } from './jobs.ts';
import { enqueue } from './scheduled.ts';

export interface QueueReport {
  planned: number;
  sent: number;
  failed: number;
  retried: number;
  /** Messages handed back to the queue to be tried again (their job threw). */
  redelivered: number;
  /** Webhook attempts made (delivered, to be retried, or failed for good). */
  webhooks: number;
}

/**
 * Runs a batch of jobs. A plan job plans its shard and enqueues send jobs for what it
 * planned; a send job sends. Each message is acked once its job has run, or retried when it
 * threw (a D1 error, say); after max_retries it lands in the dead letter queue, which loses
 * nothing: the work is still due in D1 and the next cron enqueues it again. Once the
 * provider says sending is paused, the rest of the batch's send jobs are acked unsent.
 */
export async function consumeJobs(
  batch: MessageBatch,
  queue: Queue<Job> | undefined,
  deps: (now: Date) => Deps,
  clock: () => Date = () => new Date(),
): Promise<QueueReport> {
  const report: QueueReport = {
    planned: 0,
    sent: 0,
    failed: 0,
    retried: 0,
    redelivered: 0,
    webhooks: 0,
  };
  let pausedUntil: Date | undefined;
  for (const message of batch.messages) {
    const job = parseJob(message.body);
    if (!job) {
      deps(clock()).log.error('queue.bad_message', { queue: batch.queue, message: message.id });
      message.ack();
      continue;
    }
    const now = jobNow(job, clock());
    const jobDeps = deps(now);
    try {
      if (job.kind === 'plan-due') {
        const planned = await planCourseMail(jobDeps, now, {
          shard: job.shard,
          maxSubscribers: job.maxSubscribers,
        });
        report.planned += planned;
        if (queue) await enqueue(queue, sendJobsFor(planned, now));
      } else if (job.kind === 'send-webhooks') {
        const result = await sendWebhooks(jobDeps, now, { max: WEBHOOKS_PER_JOB });
        report.webhooks += result.delivered + result.retried + result.failed;
      } else if (!(pausedUntil && pausedUntil > now)) {
        const result = await sendDue(jobDeps, now, { maxEmails: job.maxEmails });
        report.sent += result.sent;
        report.failed += result.failed;
        report.retried += result.retried;
        pausedUntil = result.pausedUntil ?? pausedUntil;
      }
      message.ack();
    } catch (error) {
      jobDeps.log.error('queue.job_failed', {
        message: message.id,
        kind: job.kind,
        attempts: message.attempts,
        reason: (error as Error).message,
      });
      report.redelivered++;
      message.retry();
    }
  }
  return report;
}
