import { mkdirSync, readdirSync, statSync } from 'node:fs';
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
 * confirmation .eml per signup) with a unique address per request. Baseline: a bare node:http
 * server doing the same durable work per request (bench/children/durable-signup-server.ts:
 * the same form parsing, the same statements through better-sqlite3 in one transaction with
 * the same pragmas, a confirmation file of the size Tend's were, the send recorded). A second
 * row, without a target, sets Tend against a bare Hono route that only parses the form: the
 * framework's and the durable work's share together. Each server gets a short warm-up first.
 */
export async function signup(options: RunOptions): Promise<Figure[]> {
  const seconds = options.quick ? 2 : 10;
  const warmup = options.quick ? 1 : 2;
  const dir = join(options.dir, 'signup');
  mkdirSync(dir, { recursive: true });

  options.log('signup: Tend (dist/node.mjs, as npm start runs it)');
  const tendRun = await measureTend(join(dir, 'tend'), seconds, warmup);
  const { measured, emlBytes } = tendRun;

  options.log(`signup: durable node:http baseline (${Math.round(emlBytes)}-byte files)`);
  const durableDir = join(dir, 'durable');
  mkdirSync(durableDir, { recursive: true });
  const durable = spawnNode(
    [
      'bench/children/durable-signup-server.ts',
      '--database',
      join(durableDir, 'baseline.db'),
      '--outbox',
      join(durableDir, 'outbox'),
      '--eml-bytes',
      String(Math.round(emlBytes)),
      '--secret',
      BENCH_SECRET,
    ],
    childEnv({ NODE_ENV: 'production' }),
  );
  let baseline: Load;
  let baselineRows: Record<string, unknown> | undefined;
  try {
    const port = await listening(durable, (line) => line.port);
    const warm = await load(durable, port, warmup);
    baseline = await load(durable, port, seconds);
    await durable.stop();
    baselineRows = durable
      .output()
      .stdout.split('\n')
      .map(jsonLine)
      .find((line) => line?.sent);
    // The baseline must have done its work: a row, a confirmation and a record per answer.
    const answered = warm.redirects + baseline.redirects;
    const files = countEmails(join(durableDir, 'outbox'));
    const sent = Number(baselineRows?.sent);
    if (files < answered || sent < answered || files > answered + 2 * CONNECTIONS) {
      throw new Error(
        `durable baseline: ${files} files, ${sent} sent for ${answered} answered (${JSON.stringify(baselineRows)})`,
      );
    }
  } finally {
    await durable.stop();
  }

  options.log('signup: bare Hono route');
  const bare = spawnNode(
    ['bench/children/bare-signup-server.ts'],
    childEnv({ NODE_ENV: 'production' }),
  );
  let hono: Load;
  try {
    const port = await listening(bare, (line) => line.port);
    await load(bare, port, warmup);
    hono = await load(bare, port, seconds);
  } finally {
    await bare.stop();
  }

  const ratio = measured.requestsPerSecond / baseline.requestsPerSecond;
  return [
    {
      id: 'signup.throughput',
      name: `signup: POST /subscribe, ${CONNECTIONS} connections`,
      value: measured.requestsPerSecond,
      unit: 'requests/s',
      baseline: {
        name: 'bare node:http doing the same durable work',
        value: baseline.requestsPerSecond,
        unit: 'requests/s',
      },
      ratio,
      target: '>= 0.6 of baseline',
      pass: ratio >= 0.6,
      details: {
        measured,
        baseline,
        baselineRows,
        emlBytes,
        confirmationsWritten: tendRun.emails,
        catchUpMs: tendRun.catchUpMs,
      },
    },
    {
      id: 'signup.p99',
      name: `signup: p99 latency, ${CONNECTIONS} connections`,
      value: measured.p99Ms,
      unit: 'ms',
      baseline: { name: 'durable node:http p99', value: baseline.p99Ms, unit: 'ms' },
      ratio: measured.p99Ms / baseline.p99Ms,
      target: '< 100 ms',
      pass: measured.p99Ms < 100,
      details: { p50Ms: measured.p50Ms, baselineP50Ms: baseline.p50Ms },
    },
    {
      id: 'signup.vs-bare-hono',
      name: 'signup against a bare Hono route (framework and durable work together)',
      value: measured.requestsPerSecond,
      unit: 'requests/s',
      baseline: { name: 'bare Hono route', value: hono.requestsPerSecond, unit: 'requests/s' },
      ratio: measured.requestsPerSecond / hono.requestsPerSecond,
      target: 'none (for the record)',
      pass: true,
      details: { hono },
    },
  ];
}

/** Tend under the load; every answered signup's confirmation must reach the outbox. */
async function measureTend(
  dir: string,
  seconds: number,
  warmup: number,
): Promise<{ measured: Load; emails: number; catchUpMs: number; emlBytes: number }> {
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
  try {
    const port = await listening(tend, (line) =>
      line.event === 'listening' ? line.port : undefined,
    );
    const warm = await load(tend, port, warmup);
    const measured = await load(tend, port, seconds);
    // Confirmations are sent just after each answer, so the last ones may still be on their
    // way when the load ends. Every signup answered must have its confirmation within
    // CATCH_UP_MS (a sender falling behind would show here, not hide in the throughput);
    // requests still in flight when a run ended (at most one per connection) were not
    // counted but may have written one too.
    const answered = warm.redirects + measured.redirects;
    const ended = performance.now();
    let emails = countEmails(outbox);
    while (emails < answered && performance.now() - ended < CATCH_UP_MS) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      emails = countEmails(outbox);
    }
    const catchUpMs = Math.round(performance.now() - ended);
    if (emails < answered || emails > answered + 2 * CONNECTIONS) {
      throw new Error(
        `${emails} confirmations for ${answered} signups answered, ${catchUpMs} ms after the load`,
      );
    }
    return { measured, emails, catchUpMs, emlBytes: meanEmlBytes(outbox) };
  } finally {
    await tend.stop();
  }
}

/** The mean size of the .eml files in a folder. */
function meanEmlBytes(dir: string): number {
  const names = readdirSync(dir).filter((name) => name.endsWith('.eml'));
  if (names.length === 0) throw new Error(`no .eml in ${dir}`);
  let total = 0;
  for (const name of names) total += statSync(join(dir, name)).size;
  return total / names.length;
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
