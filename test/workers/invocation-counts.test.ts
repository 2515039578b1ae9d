import { createExecutionContext, createMessageBatch, getQueueResult } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { afterEach, describe, expect, it } from 'vitest';
import type { D1Binding } from '../../src/db/d1.ts';
import { EMAILS_PER_JOB, type Job, SUBSCRIBERS_PER_PLAN } from '../../src/worker/jobs.ts';
import { CRON_SHARE } from '../../src/worker/scheduled.ts';
import worker from '../../src/worker.ts';
import { type InvocationCounts, STATEMENT_BYTES } from './counts.ts';
import { QUEUE_NAME, testWorker } from './support.ts';

/**
 * What one Worker invocation costs in the platform's own units, counted inside workerd: D1
 * queries (each statement of a batch counts), the bytes sent to D1 (SQL text and bound
 * values) and received (result rows, as JSON), the longest statement, and the provider calls
 * (subrequests), for a scheduled run with lessons due and for one queue batch of each kind.
 * The limits are per invocation (Workers Paid: 1,000 D1 queries and 1,000 subrequests;
 * Free: 50 of each; a statement at most 100 KB). `npm run bench` runs this file and reads the
 * line it prints ("workerd-counts {...}").
 */
const PAID_QUERIES = 1000;

const fresh = (): InvocationCounts => ({
  queries: 0,
  bytesToD1: 0,
  bytesFromD1: 0,
  longestStatementBytes: 0,
  subrequests: 0,
  emailsSent: 0,
  bytesToProvider: 0,
});
let counts = fresh();
const utf8 = (text: string) => new TextEncoder().encode(text).length;

interface Statement {
  bind(...values: unknown[]): Statement;
  all(): Promise<unknown>;
  run(): Promise<unknown>;
  first(column?: string): Promise<unknown>;
  raw(options?: unknown): Promise<unknown>;
}

/** A D1 binding that counts what goes through it (the wrapped statements carry their size). */
function counting(db: D1Binding): D1Binding {
  const sizes = new WeakMap<object, number>();
  const unwrapped = new WeakMap<object, Statement>();
  const wrap = (statement: Statement, bytes: number): Statement => {
    const wrapped: Statement = {
      bind: (...values) => wrap(statement.bind(...values), bytes + utf8(JSON.stringify(values))),
      all: () => counted(() => statement.all()),
      run: () => counted(() => statement.run()),
      first: (column) => counted(() => statement.first(column)),
      raw: (options) => counted(() => statement.raw(options)),
    };
    sizes.set(wrapped, bytes);
    unwrapped.set(wrapped, statement);
    const counted = async (run: () => Promise<unknown>) => {
      record(bytes);
      const result = await run();
      counts.bytesFromD1 += utf8(JSON.stringify(result ?? null));
      return result;
    };
    return wrapped;
  };
  const record = (bytes: number) => {
    counts.queries++;
    counts.bytesToD1 += bytes;
    counts.longestStatementBytes = Math.max(counts.longestStatementBytes, bytes);
  };
  const binding = db as unknown as {
    prepare(sql: string): Statement;
    batch(statements: Statement[]): Promise<unknown>;
    exec(sql: string): Promise<unknown>;
  };
  return {
    prepare: (sql: string) => wrap(binding.prepare(sql), utf8(sql)),
    batch: async (statements: Statement[]) => {
      for (const statement of statements) record(sizes.get(statement) ?? 0);
      const result = await binding.batch(statements.map((s) => unwrapped.get(s) ?? s));
      counts.bytesFromD1 += utf8(JSON.stringify(result ?? null));
      return result;
    },
    exec: (sql: string) => {
      record(utf8(sql));
      return binding.exec(sql);
    },
  } as unknown as D1Binding;
}

/** The provider, answered in workerd: every email accepted, every call counted. */
const realFetch = globalThis.fetch;
function stubProvider() {
  let next = 0;
  globalThis.fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = new Request(input, init);
    const body = await request.text();
    counts.subrequests++;
    counts.bytesToProvider += utf8(body);
    const parsed = JSON.parse(body) as unknown;
    const emails = Array.isArray(parsed) ? parsed.length : 1;
    counts.emailsSent += emails;
    const ids = Array.from({ length: emails }, () => ({ id: `stub-${++next}` }));
    const answer = Array.isArray(parsed) ? { data: ids } : ids[0];
    return new Response(JSON.stringify(answer), {
      status: 200,
      headers: { 'content-type': 'application/json' },
    });
  }) as typeof fetch;
}

afterEach(() => {
  globalThis.fetch = realFetch;
});

async function measure(work: () => Promise<void>): Promise<InvocationCounts> {
  counts = fresh();
  await work();
  return { ...counts };
}

/**
 * `count` people, each enrolled in Rebuilding Trust, active, lesson 1 due at `at`: one D1
 * batch through the uncounted binding.
 */
async function seedDue(count: number, at: Date): Promise<void> {
  const now = new Date().toISOString();
  const person = env.DB.prepare(
    'INSERT INTO subscribers (id, email, name, created_at, updated_at) VALUES (?, ?, NULL, ?, ?)',
  );
  const enrollment = env.DB.prepare(
    `INSERT INTO enrollments (id, subscriber_id, course_id, role, timezone, send_time, status,
       round, next_step, next_send_at, created_at, confirmed_at, updated_at)
     VALUES (?, ?, 'rebuilding-trust', 'hurt', 'UTC', '08:00', 'active', 1, 1, ?, ?, ?, ?)`,
  );
  const ids = Array.from({ length: count }, (_, i) => i + 1);
  await env.DB.batch([
    ...ids.map((id) => person.bind(id, `counted-${id}@example.com`, now, now)),
    ...ids.map((id) => enrollment.bind(id, id, at.toISOString(), now, now, now)),
  ]);
}

async function runJob(workerEnv: unknown, job: Job, id: string) {
  const batch = createMessageBatch<Job>(QUEUE_NAME, [
    { id, timestamp: new Date(), attempts: 1, body: job },
  ]);
  const ctx = createExecutionContext();
  await worker.queue(batch, workerEnv as never);
  const result = await getQueueResult(batch, ctx);
  expect(result.retryMessages).toEqual([]);
}

describe('one Worker invocation, in the platform units', () => {
  it('a scheduled run and each kind of queue batch stay far inside the limits', async () => {
    const tw = testWorker({
      DB: counting(env.DB as D1Binding),
      RESEND_API_KEY: 're_counting',
      RESEND_WEBHOOK_SECRET: 'whsec_Y291bnRpbmctY291bnRpbmctY291bnRpbmc=',
    });
    stubProvider();
    const at = new Date(Date.now() + 2 * 86_400_000);
    const due = CRON_SHARE.lessons + SUBSCRIBERS_PER_PLAN;
    await seedDue(due, at);

    const scheduled = await measure(() => tw.cron(at));
    const jobs = tw.queue.jobs;
    const plan = jobs.find((job) => job.kind === 'plan-due');
    const send = jobs.find((job) => job.kind === 'send-due');
    if (!plan || !send) throw new Error(`the cron enqueued ${JSON.stringify(jobs)}`);
    const planBatch = await measure(() => runJob(tw.env, plan, 'plan-1'));
    const sendBatch = await measure(() => runJob(tw.env, send, 'send-1'));

    expect(scheduled.subrequests).toBe(0);
    expect(sendBatch.emailsSent).toBe(EMAILS_PER_JOB);
    for (const invocation of [scheduled, planBatch, sendBatch]) {
      expect(invocation.queries).toBeGreaterThan(0);
      expect(invocation.queries).toBeLessThan(PAID_QUERIES);
      expect(invocation.longestStatementBytes).toBeLessThan(STATEMENT_BYTES);
    }
    console.log(
      `workerd-counts ${JSON.stringify({
        scheduled: { ...scheduled, lessonsPlanned: CRON_SHARE.lessons },
        planBatch: { ...planBatch, subscribers: SUBSCRIBERS_PER_PLAN },
        sendBatch,
        jobsEnqueued: jobs.length,
      })}`,
    );
  });
});
