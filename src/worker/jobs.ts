import type { Shard } from '../db/enrollments.ts';

/**
 * Pure: how a minute's work is split into queue messages, so that no Worker invocation
 * goes past its limits (1,000 D1 queries, CPU time) however long the list grows.
 *
 * - A send job sends at most EMAILS_PER_JOB emails (about three D1 statements each, plus the
 *   provider calls). Jobs name no deliveries: each claims whatever is due with an atomic
 *   UPDATE ... RETURNING, so jobs running side by side never take the same delivery, and a
 *   job that finds nothing left costs a query or two.
 * - A plan job plans at most SUBSCRIBERS_PER_PLAN subscribers (two statements each) of one
 *   shard of the subscribers (id modulo the shard count), so plan jobs running side by side
 *   never compete for the same rows.
 */
export const EMAILS_PER_JOB = 100;
export const SUBSCRIBERS_PER_PLAN = 300;
/**
 * At most this many jobs of each kind per pass (10,000 emails, 30,000 subscribers a minute
 * on top of what the cron plans itself). More than that is still due at the next pass.
 */
export const MAX_JOBS_PER_PASS = 100;

export interface SendJob {
  readonly kind: 'send-due';
  /** The cron's instant (ISO-8601): the job sends what was due by then, or by its own now. */
  readonly at: string;
  readonly maxEmails: number;
}

export interface PlanJob {
  readonly kind: 'plan-due';
  readonly at: string;
  readonly shard: Shard;
  readonly maxSubscribers: number;
}

export type Job = SendJob | PlanJob;

export function sendJobsFor(due: number, at: Date): SendJob[] {
  return Array.from({ length: jobCount(due, EMAILS_PER_JOB) }, () => ({
    kind: 'send-due',
    at: at.toISOString(),
    maxEmails: EMAILS_PER_JOB,
  }));
}

/** Plan jobs for subscribers still due after the cron planned its own share. */
export function planJobsFor(due: number, at: Date): PlanJob[] {
  const count = jobCount(due, SUBSCRIBERS_PER_PLAN);
  return Array.from({ length: count }, (_, index) => ({
    kind: 'plan-due',
    at: at.toISOString(),
    shard: { index, count },
    maxSubscribers: SUBSCRIBERS_PER_PLAN,
  }));
}

function jobCount(due: number, perJob: number): number {
  return Math.min(MAX_JOBS_PER_PASS, Math.ceil(Math.max(0, due) / perJob));
}

/** A job from a queue message, or null for a body that is not one (never retried). */
export function parseJob(body: unknown): Job | null {
  if (!body || typeof body !== 'object') return null;
  const fields = body as Record<string, unknown>;
  const { kind, at } = fields;
  if (typeof at !== 'string' || Number.isNaN(Date.parse(at))) return null;
  if (kind === 'send-due') {
    const { maxEmails } = fields;
    return isCount(maxEmails) ? { kind, at, maxEmails } : null;
  }
  if (kind === 'plan-due') {
    const { maxSubscribers, shard } = fields;
    if (!isCount(maxSubscribers) || !shard || typeof shard !== 'object') return null;
    const { index, count } = shard as Record<string, unknown>;
    if (!isCount(count) || typeof index !== 'number' || !Number.isInteger(index)) return null;
    if (index < 0 || index >= count) return null;
    return { kind, at, maxSubscribers, shard: { index, count } };
  }
  return null;
}

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 1;
}

/**
 * The instant a job runs as of: the later of the cron's instant and the consumer's clock.
 * In production the consumer runs after the cron, so this is its own time and a claim's
 * lease is measured from when the work really starts; a test that drives the cron at a
 * simulated future instant gets that instant.
 */
export function jobNow(job: Job, clock: Date): Date {
  const at = new Date(job.at);
  return at.getTime() > clock.getTime() ? at : clock;
}
