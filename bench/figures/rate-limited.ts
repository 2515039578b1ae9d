import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { cpuSeconds, finish, sleep } from '../support/processes.ts';
import type { Figure, RunOptions } from '../support/report.ts';
import { requestCount, startResendDouble } from '../support/resend-double.ts';
import { createDatabase, seedDueSubscribers } from '../support/seed.ts';
import { productionEnv, spawnTick } from '../support/tick.ts';
import { dailyInstants } from './daily-run.ts';

const RATE = 5;
const BATCH = 100;

/**
 * Figure 2: at the provider's default limit (SEND_RATE_LIMIT=5 requests a second, 100 emails
 * each), the share of one core the sending `tend tick` uses, from its CPU time in /proc over
 * windows of sending one after another (from its second request, so start-up is left out;
 * planning runs beside the first requests and falls in the first window, which the median
 * leaves out). The figure is the median window, with the lowest and highest
 * beside it: one window on a shared machine moves with whatever else runs (8% in one run,
 * 17.6% in another). Baseline: one core (the wall time of each window).
 */
export async function rateLimited(options: RunOptions): Promise<Figure[]> {
  const windows = options.quick ? 3 : 7;
  const windowSeconds = options.quick ? 2 : 6;
  // Enough batches to keep sending a few seconds past the windows, then stop by itself.
  const subscribers = (windows * windowSeconds + (options.quick ? 3 : 6)) * RATE * BATCH;
  const dir = join(options.dir, 'rate-limited');
  mkdirSync(dir, { recursive: true });
  const databasePath = join(dir, 'tend.db');
  const { now, dueAt } = dailyInstants();
  await createDatabase(databasePath);
  seedDueSubscribers(databasePath, subscribers, dueAt);

  const double = await startResendDouble();
  try {
    options.log(
      `rate-limited: ${subscribers.toLocaleString('en-US')} lessons at ${RATE} requests/s`,
    );
    const env = productionEnv({
      databasePath,
      outboxDir: join(dir, 'outbox'),
      resendUrl: double.url,
      sendRateLimit: RATE,
    });
    const tick = spawnTick(now, env, dir, { cpuProfile: process.env.BENCH_CPU_PROF });
    const deadline = Date.now() + 120_000;
    while ((await requestCount(double.url)) < 2) {
      if (Date.now() > deadline) throw new Error('the tick sent nothing within two minutes');
      await sleep(100);
    }
    const measured: { share: number; cpuSeconds: number; seconds: number; requests: number }[] = [];
    for (let window = 0; window < windows; window++) {
      const startCpu = cpuSeconds(tick.pid);
      const startWall = performance.now();
      const startRequests = await requestCount(double.url);
      await sleep(windowSeconds * 1000);
      const cpu = cpuSeconds(tick.pid) - startCpu;
      const wall = (performance.now() - startWall) / 1000;
      const requests = (await requestCount(double.url)) - startRequests;
      if (requests === 0) throw new Error(`rate-limited: window ${window} saw no request`);
      measured.push({ share: cpu / wall, cpuSeconds: cpu, seconds: wall, requests });
    }
    await finish(tick, 120_000, 'tend tick');
    const shares = measured.map((entry) => entry.share).sort((a, b) => a - b);
    const share = shares[Math.floor(shares.length / 2)] ?? Number.NaN;
    const lowest = shares[0] ?? Number.NaN;
    const highest = shares[shares.length - 1] ?? Number.NaN;
    return [
      {
        id: 'rate-limited.cpu',
        name: `rate-limited sending: ${RATE} requests/s of ${BATCH}, median of ${windows} windows`,
        value: share * 100,
        unit: '% of a core',
        baseline: { name: 'one core', value: 100, unit: '%' },
        ratio: share,
        target: '<= 10% of one core',
        pass: share <= 0.1,
        details: {
          lowestPercent: lowest * 100,
          highestPercent: highest * 100,
          spreadPercentPoints: (highest - lowest) * 100,
          windows: measured,
          subscribers,
        },
      },
    ];
  } finally {
    await double.child.stop();
  }
}
