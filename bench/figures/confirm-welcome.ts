import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { bundlePath } from '../../scripts/build.mjs';
import { nodeFlags } from '../../scripts/launch.mjs';
import { newTokenId, TokenSigner } from '../../src/tokens/token.ts';
import { finish, jsonLine, spawnNode } from '../support/processes.ts';
import type { Figure, RunOptions } from '../support/report.ts';
import { startResendDouble } from '../support/resend-double.ts';
import { createDatabase, seedPendingSubscribers } from '../support/seed.ts';
import { BENCH_SECRET, productionEnv } from '../support/tick.ts';

const CONNECTIONS = 50;
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
 * pending subscribers (seeded, their confirmations sent), and a load generator posting their
 * confirmations CONNECTIONS at a time. Each latency runs from the moment the POST was sent to
 * the moment the double received the request carrying that subscriber's welcome (both
 * stamped with Date.now() on this machine). Every confirm must be answered 200 and every
 * welcome must arrive, exactly once. Baseline: the target's limit, 1 s.
 */
export async function confirmWelcome(options: RunOptions): Promise<Figure[]> {
  const count = options.quick ? 300 : 3000;
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
      { nodeArgs: nodeFlags('node', []), tsx: false },
    );
    try {
      const port = await tend.line((text) => {
        const line = jsonLine(text);
        return line?.event === 'listening' && typeof line.port === 'number' ? line.port : undefined;
      }, 60_000);
      options.log(`confirm to welcome: ${count} confirms, ${CONNECTIONS} at a time`);
      const load = spawnNode(
        [
          'bench/children/confirm-load.ts',
          '--url',
          `http://127.0.0.1:${port}`,
          '--tokens',
          tokensFile,
          '--connections',
          String(CONNECTIONS),
        ],
        { PATH: process.env.PATH ?? '' },
      );
      const out = await finish(load, 300_000, 'confirm load');
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
      for (const confirm of confirms) {
        const at = arrivals.get(confirm.email);
        if (at === undefined) throw new Error(`no welcome reached the provider for a confirm`);
        latencies.push(at - confirm.startedAt);
        answers.push(confirm.answeredAt - confirm.startedAt);
      }
      if (arrivals.size !== count) {
        throw new Error(`${arrivals.size} welcomes for ${count} confirms`);
      }
      const seconds =
        (Math.max(...confirms.map((c) => c.answeredAt)) -
          Math.min(...confirms.map((c) => c.startedAt))) /
        1000;
      const p50 = percentile(latencies, 0.5);
      const p99 = percentile(latencies, 0.99);
      return [
        {
          id: 'confirm-welcome.p99',
          name: `confirm POST to welcome at the provider, p99, ${CONNECTIONS} at a time`,
          value: p99,
          unit: 'ms',
          baseline: { name: 'limit', value: LIMIT_MS, unit: 'ms' },
          ratio: p99 / LIMIT_MS,
          target: `< ${LIMIT_MS} ms`,
          pass: p99 < LIMIT_MS,
          details: {
            confirms: count,
            p50Ms: p50,
            maxMs: Math.max(...latencies),
            answerP50Ms: percentile(answers, 0.5),
            answerP99Ms: percentile(answers, 0.99),
            confirmsPerSecond: count / seconds,
          },
        },
        {
          id: 'confirm-welcome.p50',
          name: `confirm POST to welcome at the provider, p50, ${CONNECTIONS} at a time`,
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
