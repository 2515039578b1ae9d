import type { ExecutionContext, ExportedHandler } from '@cloudflare/workers-types';
import type { Hono } from 'hono';
import { createApp } from './app.ts';
import { cloudflareClientAddress } from './clients/address.ts';
import { ConfigError } from './config.ts';
import { jsonLogger } from './log.ts';
import { confirmationsInWaitUntil } from './worker/confirmations.ts';
import { workerDeps } from './worker/deps.ts';
import type { WorkerEnv } from './worker/env.ts';
import { consumeJobs } from './worker/queue.ts';
import { runCron } from './worker/scheduled.ts';

/**
 * The Workers runtime: D1 for storage, the same Hono app for HTTP, a Cron Trigger every
 * minute that plans and enqueues, and a queue consumer that sends. Nothing here reads
 * the process environment, the file system or a Node module: bindings come in as `env` per call.
 */

// The app for an env is built once per isolate (routes, the rendered help page), not per
// request. Keyed by the env object, so a different env (a test's) gets its own app.
const apps = new WeakMap<WorkerEnv, Hono>();
const log = jsonLogger();

function appFor(env: WorkerEnv): Hono {
  let app = apps.get(env);
  if (!app) {
    const deps = workerDeps(env);
    app = createApp(deps, {
      confirmationsQueued: confirmationsInWaitUntil(deps),
      clientAddress: cloudflareClientAddress,
    });
    apps.set(env, app);
  }
  return app;
}

/**
 * Hono and the rest of Tend are typed against the DOM's Request and Response (the root
 * tsconfig), the handler against workers-types' versions: at run time they are the same
 * objects, so the boundary converts the types and nothing else.
 */
type WorkerRequest = Parameters<NonNullable<ExportedHandler['fetch']>>[0];
type WorkerResponse = Awaited<ReturnType<NonNullable<ExportedHandler['fetch']>>>;

async function handle(request: Request, env: WorkerEnv, ctx: ExecutionContext): Promise<Response> {
  let app: Hono;
  try {
    app = appFor(env);
  } catch (error) {
    // A missing secret or a bad var: say which in the logs, not to the visitor.
    log.error('config.invalid', { reason: (error as Error).message });
    if (!(error instanceof ConfigError)) throw error;
    return new Response('Tend is not configured yet. The operator can find why in the logs.', {
      status: 503,
    });
  }
  // The execution context lets a route finish work after its answer (waitUntil).
  return app.fetch(request, env, ctx);
}

export default {
  async fetch(request: WorkerRequest, env: WorkerEnv, ctx): Promise<WorkerResponse> {
    const response = await handle(request as unknown as Request, env, ctx);
    return response as unknown as WorkerResponse;
  },

  // `now` is the cron's scheduled instant, not the clock: a late or retried invocation
  // plans for the minute it stands for, and tests drive days by choosing the instant.
  async scheduled(controller, env) {
    const now = new Date(controller.scheduledTime);
    const deps = workerDeps(env, { clock: () => now });
    const report = await runCron(deps, env.SEND_QUEUE, now);
    if (report.resumed + report.planned + report.stillDue + report.due > 0) {
      deps.log.info('cron', { ...report });
    }
  },

  async queue(batch, env) {
    const report = await consumeJobs(batch, env.SEND_QUEUE, (now) =>
      workerDeps(env, { clock: () => now }),
    );
    if (report.planned + report.sent + report.failed + report.retried + report.redelivered > 0) {
      log.info('queue', { queue: batch.queue, messages: batch.messages.length, ...report });
    }
  },
} satisfies ExportedHandler<WorkerEnv>;
