/**
 * Pure: how a minute's sending is split into queue messages. The cron counts what is due and
 * enqueues one job per EMAILS_PER_JOB; each queue invocation then sends at most that many,
 * so one invocation stays well inside Workers' CPU time and per-invocation subrequest
 * limits (each email is about three D1 statements and one provider call) however long the
 * list grows. Jobs name no deliveries: each one claims whatever is due (an atomic
 * UPDATE ... RETURNING), so jobs that run together never take the same delivery, and a job
 * that finds nothing left costs one query.
 */
export const EMAILS_PER_JOB = 100;
/**
 * At most this many jobs (10,000 emails) per minute; one Queue sendBatch call takes 100
 * messages. More than that waits for the next minute's count, which finds it still due.
 */
export const MAX_JOBS_PER_PASS = 100;

export interface SendJob {
  readonly kind: 'send-due';
  /** The cron's instant (ISO-8601): the job sends what was due by then, or by its own now. */
  readonly at: string;
  readonly maxEmails: number;
}

export function sendJobsFor(due: number, at: Date): SendJob[] {
  const count = Math.min(MAX_JOBS_PER_PASS, Math.ceil(Math.max(0, due) / EMAILS_PER_JOB));
  return Array.from({ length: count }, () => ({
    kind: 'send-due',
    at: at.toISOString(),
    maxEmails: EMAILS_PER_JOB,
  }));
}

/** A job from a queue message, or null for a body that is not one (never retried). */
export function parseSendJob(body: unknown): SendJob | null {
  if (!body || typeof body !== 'object') return null;
  const { kind, at, maxEmails } = body as Record<string, unknown>;
  if (kind !== 'send-due' || typeof at !== 'string' || Number.isNaN(Date.parse(at))) return null;
  if (typeof maxEmails !== 'number' || !Number.isInteger(maxEmails) || maxEmails < 1) return null;
  return { kind, at, maxEmails };
}

/**
 * The instant a job sends as of: the later of the cron's instant and the consumer's clock.
 * In production the consumer runs after the cron, so this is its own time and the claim's
 * lease is measured from when the work really starts; a test that drives the cron at a
 * simulated future instant gets that instant.
 */
export function jobNow(job: SendJob, clock: Date): Date {
  const at = new Date(job.at);
  return at.getTime() > clock.getTime() ? at : clock;
}
