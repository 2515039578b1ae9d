import type { MessageBatch } from '@cloudflare/workers-types';
import { sendDue } from '../delivery/send.ts';
import type { Deps } from '../deps.ts';
import { jobNow, parseSendJob } from './send-jobs.ts';

export interface QueueReport {
  sent: number;
  failed: number;
  retried: number;
  /** Messages handed back to the queue to be tried again (their job threw). */
  redelivered: number;
}

/**
 * Runs a batch of send jobs. Each message is acked once its job has run, or retried when it
 * threw (a D1 error, say); after max_retries it lands in the dead letter queue, which loses
 * nothing: the deliveries are still due in D1 and the next cron enqueues them again. Once
 * the provider says a quota is spent, the rest of the batch is acked unsent: sending more
 * now would only be refused, and the paused deliveries carry their own retry time.
 */
export async function consumeSendJobs(
  batch: MessageBatch,
  deps: (now: Date) => Deps,
  clock: () => Date = () => new Date(),
): Promise<QueueReport> {
  const report: QueueReport = { sent: 0, failed: 0, retried: 0, redelivered: 0 };
  let pausedUntil: Date | undefined;
  for (const message of batch.messages) {
    const job = parseSendJob(message.body);
    if (!job) {
      deps(clock()).log.error('queue.bad_message', { queue: batch.queue, message: message.id });
      message.ack();
      continue;
    }
    const now = jobNow(job, clock());
    if (pausedUntil && pausedUntil > now) {
      message.ack();
      continue;
    }
    const jobDeps = deps(now);
    try {
      const result = await sendDue(jobDeps, now, { maxEmails: job.maxEmails });
      report.sent += result.sent;
      report.failed += result.failed;
      report.retried += result.retried;
      pausedUntil = result.pausedUntil ?? pausedUntil;
      message.ack();
    } catch (error) {
      jobDeps.log.error('queue.job_failed', {
        message: message.id,
        attempts: message.attempts,
        reason: (error as Error).message,
      });
      report.redelivered++;
      message.retry();
    }
  }
  return report;
}
