import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { bundlePath } from '../../scripts/build.mjs';
import { nodeFlags } from '../../scripts/launch.mjs';
import { newTokenId, TokenSigner } from '../../src/tokens/token.ts';
import { cpuSeconds, finish, jsonLine, spawnNode } from '../support/processes.ts';
import type { Figure, RunOptions } from '../support/report.ts';
import { startResendDouble } from '../support/resend-double.ts';
import { createDatabase, seedPendingSubscribers } from '../support/seed.ts';
import { BENCH_SECRET, productionEnv } from '../support/tick.ts';

/** Confirms started a second, steadily: a busy hour's burst, well above a course's usual day. */
const RATE = 25;
/**
 * Confirms left out of the percentiles, the first two seconds' worth: right after a start the
 * first welcomes of each kind are rendered by React and the code is cold (up to 3 s here);
 * how long they took is kept in the JSON (warmUp).
 */
const WARM_UP = 2 * RATE;
const LIMIT_MS = 1000;

interface Confirm {
  email: string;
  startedAt: number;
  answeredAt: number;
  status: number;
}

/**
 * From a confirming POST to the welcome at the provider, under load: Tend as `npm start` runs
 * it in production (dist/node.mjs) against the Resend double in its own process, `count`
 * pending subscribers (seeded, their confirmations sent), and a load generator starting their
 * confirms at RATE a second, open loop (bench/children/confirm-load.ts). Each latency runs from the moment the POST was sent to
 * the moment the double received the request carrying that subscriber's welcome (both
 * stamped with Date.now() on this machine). Every confirm must be answered 200 and no
 * subscriber may get two welcomes; a welcome whose call failed (retried by the scheduler
 * later) counts as slower than every other. Baseline: the target's limit, 1 s.
 */
export async function confirmWelcome(options: RunOptions): Promise<Figure[]> {
  const count = WARM_UP + (options.quick ? 125 : 750);
  const dir = join(options.dir, 'confirm');
  mkdirSync(dir, { recursive: true });
  const databasePath = join(dir, 'tend.db');
  await createDatabase(databasePath);
  const seeded = seedPendingSubscribers(
    databasePath,
    count,
    new Date(Date.now() - 60_000).toISOString(),
    newTokenId,
  );
  const signer = new TokenSigner(BENCH_SECRET);
  const tokens = await Promise.all(
    seeded.map(async ({ email, tokenId }) => ({
      email,
      token: await signer.sign(tokenId, 'confirm'),
    })),
  );
  const tokensFile = join(dir, 'tokens.json');
  writeFileSync(tokensFile, JSON.stringify(tokens));

  const double = await startResendDouble();
  try {
    const tend = spawnNode(
      [bundlePath('node')],
      {
        ...productionEnv({
          databasePath,
          outboxDir: join(dir, 'outbox'),
          resendUrl: double.url,
          sendRateLimit: 0,
        }),
        PORT: '0',
        FORM_LIMIT_PER_CLIENT: '1000000',
        FORM_LIMIT_BURST_PER_CLIENT: '1000000',
        FORM_LIMIT_GLOBAL: '1000000',
        FORM_LIMIT_BURST_GLOBAL: '1000000',
      },
      {
        nodeArgs: [
          ...nodeFlags('node', []),
          ...(process.env.BENCH_CPU_PROF
            ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`]
            : []),
        ],
        tsx: false,
      },
    );
    try {
      const port = await tend.line((text) => {
        const line = jsonLine(text);
        return line?.event === 'listening' && typeof line.port === 'number' ? line.port : undefined;
      }, 60_000);
      options.log(`confirm to welcome: ${count} confirms, ${RATE} a second`);
      const load = spawnNode(
        [
          'bench/children/confirm-load.ts',
          '--url',
          `http://127.0.0.1:${port}`,
          '--tokens',
          tokensFile,
          '--rate',
          String(RATE),
        ],
        { PATH: process.env.PATH ?? '' },
      );
      const cpuBefore = cpuSeconds(tend.pid);
      const out = await finish(load, 300_000, 'confirm load');
      const serverCpuMsPerConfirm = ((cpuSeconds(tend.pid) - cpuBefore) * 1000) / count;
      const { confirms } = out.stdout.split('\n').map(jsonLine).find(Boolean) as {
        confirms: Confirm[];
      };
      const refused = confirms.filter((confirm) => confirm.status !== 200);
      if (confirms.length !== count || refused.length > 0) {
        throw new Error(
          `${confirms.length} confirms answered, ${refused.length} not 200 (${refused[0]?.status})`,
        );
      }
      const arrivals = await welcomeArrivals(double.url);
      const latencies: number[] = [];
      const answers: number[] = [];
      // A welcome whose call failed is retried by the scheduler a minute or more later: it
      // counts as later than any that arrived. More than 1% missing means something broke.
      const missing = confirms.filter((confirm) => !arrivals.has(confirm.email)).length;
      const warnings = tend
        .output()
        .stdout.split('\n')
        .filter((text) => /"level":"(warn|error)"/.test(text));
      if (missing > count / 100) {
        throw new Error(
          `${missing} of ${count} confirms had no welcome at the provider; Tend logged:\n${warnings.slice(0, 5).join('\n')}`,
        );
      }
      for (const confirm of confirms) {
        const at = arrivals.get(confirm.email);
        latencies.push(at === undefined ? Number.POSITIVE_INFINITY : at - confirm.startedAt);
        answers.push(confirm.answeredAt - confirm.startedAt);
      }
      const seconds =
        (Math.max(...confirms.map((c) => c.answeredAt)) -
          Math.min(...confirms.map((c) => c.startedAt))) /
        1000;
      const measured = latencies.slice(WARM_UP);
      const firstStart = Math.min(...confirms.map((c) => c.startedAt));
      // When in the run the slowest ones started: a cluster points at a pause (a collection,
      // the scheduler's minute pass, another process taking the cores), not at every confirm.
      const slowest = confirms
        .slice(WARM_UP)
        .map((confirm, index) => ({
          startedAfterMs: confirm.startedAt - firstStart,
          latencyMs: measured[index] ?? Number.NaN,
        }))
        .sort((a, b) => b.latencyMs - a.latencyMs)
        .slice(0, 10);
      const p50 = percentile(measured, 0.5);
      const p99 = percentile(measured, 0.99);
      return [
        {
          id: 'confirm-welcome.p99',
          name: `confirm POST to welcome at the provider, p99, ${RATE} confirms/s`,
          value: p99,
          unit: 'ms',
          baseline: { name: 'limit', value: LIMIT_MS, unit: 'ms' },
          ratio: p99 / LIMIT_MS,
          target: `< ${LIMIT_MS} ms`,
          pass: p99 < LIMIT_MS,
          details: {
            confirms: count - WARM_UP,
            warmUp: {
              confirms: WARM_UP,
              p50Ms: percentile(latencies.slice(0, WARM_UP), 0.5),
              maxMs: Math.max(...latencies.slice(0, WARM_UP)),
            },
            p50Ms: p50,
            maxMs: Math.max(...measured.filter(Number.isFinite)),
            welcomesNotYetArrived: missing,
            serverCpuMsPerConfirm,
            slowest,
            warnings: warnings.slice(0, 5),
            answerP50Ms: percentile(answers.slice(WARM_UP), 0.5),
            answerP99Ms: percentile(answers.slice(WARM_UP), 0.99),
            confirmsPerSecond: count / seconds,
          },
        },
        {
          id: 'confirm-welcome.p50',
          name: `confirm POST to welcome at the provider, p50, ${RATE} confirms/s`,
          value: p50,
          unit: 'ms',
          baseline: { name: 'limit', value: LIMIT_MS, unit: 'ms' },
          ratio: p50 / LIMIT_MS,
          target: 'none (for the record)',
          pass: true,
        },
      ];
    } finally {
      await tend.stop();
    }
  } finally {
    await double.child.stop();
  }
}

/**
 * When the double received each address's welcome: its accepted emails (address, key) joined
 * with its requests (key, arrival). An address with two welcomes is a failure.
 */
async function welcomeArrivals(url: string): Promise<Map<string, number>> {
  const accepted = (await (await fetch(`${url}/_double/accepted`)).json()) as {
    data: { idempotencyKey: string | null; to: string[]; subject: string }[];
  };
  const requests = (await (await fetch(`${url}/_double/requests`)).json()) as {
    data: { idempotencyKey: string | null; at: number; status: number | null }[];
  };
  const arrivedAt = new Map<string, number>();
  for (const request of requests.data) {
    if (request.idempotencyKey && request.status === 200) {
      arrivedAt.set(request.idempotencyKey, request.at);
    }
  }
  const arrivals = new Map<string, number>();
  for (const email of accepted.data) {
    const address = email.to[0];
    const at = email.idempotencyKey ? arrivedAt.get(email.idempotencyKey) : undefined;
    if (!address?.startsWith('confirming') || at === undefined) continue;
    if (arrivals.has(address)) throw new Error('a subscriber got two welcomes');
    arrivals.set(address, at);
  }
  return arrivals;
}

function percentile(values: readonly number[], share: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(share * sorted.length) - 1)] ?? Number.NaN;
}
