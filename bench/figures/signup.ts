import { mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { bundlePath } from '../../scripts/build.mjs';
import { nodeFlags } from '../../scripts/launch.mjs';
import {
  type Child,
  childEnv,
  cpuSeconds,
  finish,
  jsonLine,
  spawnNode,
} from '../support/processes.ts';
import type { Figure, RunOptions } from '../support/report.ts';
import { BENCH_SECRET } from '../support/tick.ts';

const CONNECTIONS = 50;
/** How long after the load every answered signup's confirmation must be in the outbox. */
const CATCH_UP_MS = 1000;

interface Load {
  requestsPerSecond: number;
  p99Ms: number;
  p50Ms: number;
  total: number;
  redirects: number;
  errors: number;
  /** CPU (user and system, all threads) its server used during the load, per answer. */
  serverCpuMsPerRequest: number;
}

/**
 * Figure 3: POST /subscribe, 50 connections for 10 s, from autocannon in a process of its own,
 * against Tend as `npm start` runs it (dist/node.mjs, a fresh database, the outbox writing one
 * confirmation .eml per signup) with a unique address per request. Baseline: a bare Hono route
 * in its own process that parses the same form the same way. Both get a short warm-up first.
 */
export async function signup(options: RunOptions): Promise<Figure[]> {
  const seconds = options.quick ? 2 : 10;
  const warmup = options.quick ? 1 : 2;

  options.log('signup: bare Hono route');
  const bare = spawnNode(
    ['bench/children/bare-signup-server.ts'],
    childEnv({ NODE_ENV: 'production' }),
  );
  let baseline: Load;
  try {
    const port = await listening(bare, (line) => line.port);
    await load(bare, port, warmup);
    baseline = await load(bare, port, seconds);
  } finally {
    await bare.stop();
  }

  options.log('signup: Tend (dist/node.mjs, as npm start runs it)');
  const dir = join(options.dir, 'signup');
  const outbox = join(dir, 'outbox');
  mkdirSync(dir, { recursive: true });
  const tend = spawnNode(
    [bundlePath('node')],
    childEnv({
      PORT: '0',
      DATABASE_PATH: join(dir, 'tend.db'),
      OUTBOX_DIR: outbox,
      SECRET_KEY: BENCH_SECRET,
      // Every signup comes from this machine: limits so high that the rate limiter does
      // its work on each (its cost is measured) and refuses none.
      FORM_LIMIT_PER_CLIENT: '1000000',
      FORM_LIMIT_BURST_PER_CLIENT: '1000000',
      FORM_LIMIT_GLOBAL: '1000000',
      FORM_LIMIT_BURST_GLOBAL: '1000000',
    }),
    { nodeArgs: nodeFlags('node', []), tsx: false },
  );
  let measured: Load;
  let emails: number;
  let catchUpMs: number;
  try {
    const port = await listening(tend, (line) =>
      line.event === 'listening' ? line.port : undefined,
    );
    const warm = await load(tend, port, warmup);
    measured = await load(tend, port, seconds);
    // Confirmations are sent just after each answer, so the last ones may still be on their
    // way when the load ends. Every signup answered must have its confirmation within
    // CATCH_UP_MS (a sender falling behind would show here, not hide in the throughput);
    // requests still in flight when a run ended (at most one per connection) were not
    // counted but may have written one too.
    const answered = warm.redirects + measured.redirects;
    const ended = performance.now();
    emails = countEmails(outbox);
    while (emails < answered && performance.now() - ended < CATCH_UP_MS) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      emails = countEmails(outbox);
    }
    catchUpMs = Math.round(performance.now() - ended);
    if (emails < answered || emails > answered + 2 * CONNECTIONS) {
      throw new Error(
        `${emails} confirmations for ${answered} signups answered, ${catchUpMs} ms after the load`,
      );
    }
  } finally {
    await tend.stop();
  }
  const ratio = measured.requestsPerSecond / baseline.requestsPerSecond;
  return [
    {
      id: 'signup.throughput',
      name: `signup: POST /subscribe, ${CONNECTIONS} connections`,
      value: measured.requestsPerSecond,
      unit: 'requests/s',
      baseline: { name: 'bare Hono route', value: baseline.requestsPerSecond, unit: 'requests/s' },
      ratio,
      target: '>= 0.6 of baseline',
      pass: ratio >= 0.6,
      details: { measured, baseline, confirmationsWritten: emails, catchUpMs },
    },
    {
      id: 'signup.p99',
      name: 'signup: p99 latency',
      value: measured.p99Ms,
      unit: 'ms',
      baseline: { name: 'bare Hono route p99', value: baseline.p99Ms, unit: 'ms' },
      ratio: measured.p99Ms / baseline.p99Ms,
      target: '< 50 ms',
      pass: measured.p99Ms < 50,
      details: { p50Ms: measured.p50Ms },
    },
  ];
}

const countEmails = (dir: string) =>
  readdirSync(dir).filter((name) => name.endsWith('.eml')).length;

async function listening(
  child: Child,
  port: (line: Record<string, unknown>) => unknown,
): Promise<number> {
  return child.line((text) => {
    const line = jsonLine(text);
    const value = line ? port(line) : undefined;
    return typeof value === 'number' ? value : undefined;
  }, 60_000);
}

/** autocannon in a process of its own (bench/children/signup-load.ts) against `server`. */
async function load(server: Child, port: number, seconds: number): Promise<Load> {
  const pid = server.process.pid;
  if (pid === undefined) throw new Error('the server under load has no pid');
  const cpuBefore = cpuSeconds(pid);
  const child = spawnNode(
    [
      'bench/children/signup-load.ts',
      '--url',
      `http://127.0.0.1:${port}/subscribe`,
      '--connections',
      String(CONNECTIONS),
      '--seconds',
      String(seconds),
    ],
    childEnv({}),
  );
  const out = await finish(child, (seconds + 30) * 1000, 'autocannon');
  const cpuUsed = cpuSeconds(pid) - cpuBefore;
  const result = JSON.parse(out.stdout) as {
    requests: { average: number; total: number };
    latency: { p99: number; p50: number };
    errors: number;
    timeouts: number;
    non2xx: number;
    '3xx'?: number;
    '4xx'?: number;
    '5xx'?: number;
    statusCodeStats?: Record<string, { count: number }>;
  };
  const redirects = result.statusCodeStats?.['303']?.count ?? 0;
  if (redirects !== result.requests.total || result.errors > 0) {
    throw new Error(`autocannon: not every answer was a 303: ${out.stdout.slice(0, 1000)}`);
  }
  return {
    requestsPerSecond: result.requests.average,
    p99Ms: result.latency.p99,
    p50Ms: result.latency.p50,
    total: result.requests.total,
    redirects,
    errors: result.errors + result.timeouts,
    serverCpuMsPerRequest: (cpuUsed * 1000) / Math.max(1, result.requests.total),
  };
}
