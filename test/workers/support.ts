import {
  createExecutionContext,
  createMessageBatch,
  createScheduledController,
  getQueueResult,
  waitOnExecutionContext,
} from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import type {
  MessageSendRequest,
  Queue,
  QueueSendBatchResponse,
  QueueSendResponse,
} from '@cloudflare/workers-types';
import type { Course } from '../../src/course/course.ts';
import type { OutboxRow, EnrollmentRow } from '../../src/db/schema.ts';
import type { Deps } from '../../src/deps.ts';
import type { Purpose } from '../../src/tokens/purpose.ts';
import { workerDeps } from '../../src/worker/deps.ts';
import type { WorkerEnv } from '../../src/worker/env.ts';
import type { Job } from '../../src/worker/jobs.ts';
import worker from '../../src/worker.ts';
import { WORKER_TEST_BINDINGS } from './bindings.ts';

type IncomingRequest = Parameters<typeof worker.fetch>[0];

export const PUBLIC_URL = WORKER_TEST_BINDINGS.PUBLIC_URL;
export const QUEUE_NAME = 'tend-send';

/** A stand-in producer that keeps what the cron enqueued, so a test decides when it runs. */
export interface RecordingQueue extends Queue<Job> {
  readonly jobs: Job[];
}

export function recordingQueue(): RecordingQueue {
  const jobs: Job[] = [];
  const metadata = { metrics: { backlogCount: 0, backlogBytes: 0 } };
  return {
    jobs,
    async send(body: Job): Promise<QueueSendResponse> {
      jobs.push(body);
      return { metadata };
    },
    async sendBatch(messages: Iterable<MessageSendRequest<Job>>): Promise<QueueSendBatchResponse> {
      for (const message of messages) jobs.push(message.body);
      return { metadata };
    },
    async metrics() {
      return metadata.metrics;
    },
  };
}

export interface TestWorker {
  readonly env: WorkerEnv;
  readonly queue: RecordingQueue;
  /** Deps over the same bindings, for reading and seeding D1 the way the worker does. */
  /** The worker's deps; `course` is the first bundled course, Rebuilding Trust. */
  deps(clock?: () => Date): Deps & { course: Course };
  /** A request through the worker, returned once the work it left to waitUntil is done. */
  fetch(path: string, init?: RequestInit): Promise<Response>;
  /**
   * A request through the worker with an execution context of the test's, returned as soon as
   * the worker answers: `waitUntil` holds what it left to finish after the answer.
   */
  fetchAnswer(
    path: string,
    init?: RequestInit,
  ): Promise<{ response: Response; waitUntil: Promise<unknown>[] }>;
  /** Fires the cron as at `at` (the controller's scheduledTime) and waits for it. */
  cron(at: Date | string): Promise<void>;
  /**
   * Runs the jobs enqueued since the last drain through the worker's consumer, and the jobs
   * those enqueue, until none is left; says which messages were acked and which retried.
   */
  drain(): Promise<{ explicitAcks: string[]; retryMessages: { msgId: string }[] }>;
}

/**
 * The real worker (src/worker.ts) over the test's D1 and bindings, with the queue producer
 * swapped for a recording one (`overrides` can replace any binding, e.g. a broken DB).
 * Each test file gets its own D1, with migrations applied by apply-migrations.ts.
 */
export function testWorker(overrides: Partial<WorkerEnv> = {}): TestWorker {
  const queue = recordingQueue();
  const workerEnv: WorkerEnv = { ...env, SEND_QUEUE: queue, ...overrides };
  let drained = 0;
  let sequence = 0;
  return {
    env: workerEnv,
    queue,
    deps: (clock) => {
      const deps = workerDeps(workerEnv, clock ? { clock } : {});
      return { ...deps, course: deps.courses.of('rebuilding-trust') };
    },
    async fetch(path, init) {
      const ctx = createExecutionContext();
      // The pool's Request lacks the `cf` fields of an incoming request; the worker ignores them.
      const response = await worker.fetch(
        new Request(`${PUBLIC_URL}${path}`, init) as IncomingRequest,
        workerEnv,
        ctx,
      );
      await waitOnExecutionContext(ctx);
      return response;
    },
    async fetchAnswer(path, init) {
      const waitUntil: Promise<unknown>[] = [];
      const ctx = createExecutionContext();
      const keep = ctx.waitUntil.bind(ctx);
      ctx.waitUntil = (promise) => {
        waitUntil.push(promise);
        keep(promise);
      };
      const response = await worker.fetch(
        new Request(`${PUBLIC_URL}${path}`, init) as IncomingRequest,
        workerEnv,
        ctx,
      );
      return { response, waitUntil };
    },
    async cron(at) {
      const controller = createScheduledController({
        scheduledTime: new Date(at),
        cron: '* * * * *',
      });
      const ctx = createExecutionContext();
      await worker.scheduled(controller, workerEnv);
      await waitOnExecutionContext(ctx);
    },
    async drain() {
      // Until the queue is empty: a plan job enqueues send jobs for what it planned.
      const results = { explicitAcks: [] as string[], retryMessages: [] as { msgId: string }[] };
      while (drained < queue.jobs.length) {
        const jobs = queue.jobs.slice(drained);
        drained = queue.jobs.length;
        const batch = createMessageBatch<Job>(
          QUEUE_NAME,
          jobs.map((body) => ({
            id: `job-${++sequence}`,
            timestamp: new Date(),
            attempts: 1,
            body,
          })),
        );
        const ctx = createExecutionContext();
        await worker.queue(batch, workerEnv);
        const result = await getQueueResult(batch, ctx);
        results.explicitAcks.push(...result.explicitAcks);
        results.retryMessages.push(...result.retryMessages);
      }
      return results;
    },
  };
}

/**
 * Inserts `count` subscribers straight into D1 (one D1 batch, so seeding a long list is
 * quick): `<prefix>-<i>@example.com`, with the given status and next course message due.
 */
export async function seedSubscribers(
  tw: TestWorker,
  count: number,
  options: { prefix: string; status: EnrollmentRow['status']; dueAt: Date | null; step?: number },
): Promise<void> {
  const now = new Date().toISOString();
  const insert = tw.env.DB.prepare(
    `INSERT INTO subscribers (email, role, timezone, send_time, course_id, status, round,
       next_step, next_send_at, created_at, confirmed_at, updated_at)
     VALUES (?, 'hurt', 'UTC', '08:00', ?, ?, 1, ?, ?, ?, ?, ?)`,
  );
  const courseId = tw.deps().course.id;
  const rows = Array.from({ length: count }, (_, i) =>
    insert.bind(
      `${options.prefix}-${i}@example.com`,
      courseId,
      options.status,
      options.step ?? 1,
      options.dueAt?.toISOString() ?? null,
      now,
      options.status === 'pending' ? null : now,
      now,
    ),
  );
  await tw.env.DB.batch(rows);
}

export function form(fields: Record<string, string>, headers: Record<string, string> = {}) {
  return {
    method: 'POST',
    headers: {
      Origin: PUBLIC_URL,
      'Content-Type': 'application/x-www-form-urlencoded',
      ...headers,
    },
    body: new URLSearchParams(fields).toString(),
  };
}

export async function outboxTo(deps: Deps, address: string): Promise<OutboxRow[]> {
  return deps.db
    .selectFrom('outbox')
    .selectAll()
    .where('recipient', '=', address)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

export async function subscriberByEmail(deps: Deps, address: string): Promise<EnrollmentRow> {
  return deps.db
    .selectFrom('subscribers')
    .selectAll()
    .where('email', '=', address)
    .executeTakeFirstOrThrow();
}

/** The text/plain part of a stored .eml (Tend writes bodies as base64). */
export function plainTextOf(eml: string): string {
  const match =
    /Content-Type: text\/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n([\s\S]*?)\r\n\r\n/.exec(
      eml,
    );
  if (!match?.[1]) throw new Error('no text part in the message');
  const binary = atob(match[1].replace(/\r\n/g, ''));
  return new TextDecoder().decode(Uint8Array.from(binary, (char) => char.charCodeAt(0)));
}

/**
 * The token of a stored email's link for `purpose` (each link has its own), or of its
 * Reply-To address for 'reply'. Without a purpose: its confirmation or unsubscribe link's.
 */
export function tokenOf(eml: string, purpose?: Purpose): string {
  const match =
    purpose === 'reply'
      ? /^Reply-To: reply\+([a-z2-7]+)@/m.exec(eml)
      : new RegExp(`/(?:${purpose ?? 'confirm|unsubscribe'})/([a-z2-7]+)`).exec(plainTextOf(eml));
  if (!match?.[1]) throw new Error(`no ${purpose ?? ''} token in the message`);
  return match[1];
}

/** Signs up and confirms over HTTP, as a person would; returns the subscriber. */
export async function subscribeAndConfirm(
  tw: TestWorker,
  fields: { email: string; timezone?: string; send_time?: string },
): Promise<EnrollmentRow> {
  const signup = await tw.fetch(
    '/subscribe',
    form({ role: 'hurt', timezone: 'UTC', send_time: '08:00', name: 'Sam', ...fields }),
  );
  if (signup.status !== 303) throw new Error(`signup answered ${signup.status}`);
  const deps = tw.deps();
  const confirmation = (await outboxTo(deps, fields.email)).at(-1);
  if (!confirmation) throw new Error('no confirmation email');
  const confirmed = await tw.fetch(`/confirm/${tokenOf(confirmation.eml)}`, form({}));
  if (confirmed.status !== 200) throw new Error(`confirm answered ${confirmed.status}`);
  return subscriberByEmail(deps, fields.email);
}
