import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  childEnv,
  finish,
  jsonLine,
  peakRssBytes,
  sleep,
  spawnNode,
} from '../support/processes.ts';
import { type Figure, MB, type RunOptions } from '../support/report.ts';
import { requestCount, startResendDouble } from '../support/resend-double.ts';
import {
  createDatabase,
  deliveryCounts,
  deliveryTotal,
  seedDueSubscribers,
} from '../support/seed.ts';
import { productionEnv, spawnTick, tickReport } from '../support/tick.ts';

const RSS_LIMIT = 150 * MB;

/** Now, and lesson 1 due a minute before. */
export function dailyInstants() {
  const now = new Date();
  return { now: now.toISOString(), dueAt: new Date(now.getTime() - 60_000).toISOString() };
}

/** Provider calls a tick keeps in flight (sendDue: one batch at a time). */
const TICK_CONCURRENCY = 1;

/**
 * Figure 1: one `tend tick` with `subscribers` lessons due at once, against the Resend double
 * in its own process, unlimited rate. Baseline: a plain loop posting pre-built batches of 100
 * of the same lesson emails to the same double, TICK_CONCURRENCY requests at a time (the
 * tick's own concurrency).
 */
export async function dailyRun(options: RunOptions): Promise<Figure[]> {
  const subscribers = options.quick ? 3_000 : 100_000;
  const figures: Figure[] = [];
  const double = await startResendDouble();
  try {
    options.log(`daily run: baseline loop, ${subscribers.toLocaleString('en-US')} emails`);
    const baselineChild = spawnNode(
      [
        'bench/children/post-batches.ts',
        '--url',
        double.url,
        '--emails',
        String(subscribers),
        '--concurrency',
        String(TICK_CONCURRENCY),
      ],
      childEnv({ NODE_ENV: 'production' }),
    );
    const baselineOut = await finish(baselineChild, 900_000, 'baseline loop');
    const baseline = baselineOut.stdout.split('\n').map(jsonLine).find(Boolean) as {
      emails: number;
      seconds: number;
    };
    const baselineRate = baseline.emails / baseline.seconds;

    const run = await oneTick(options, subscribers, double.url, 'daily');
    figures.push({
      id: 'daily-run.throughput',
      name: `daily run: ${subscribers.toLocaleString('en-US')} lessons, one tick`,
      value: run.rate,
      unit: 'emails/s',
      baseline: { name: 'plain loop of pre-built batches', value: baselineRate, unit: 'emails/s' },
      ratio: run.rate / baselineRate,
      target: '>= 0.7 of baseline',
      pass: run.rate / baselineRate >= 0.7,
      details: { ...run.details, baselineSeconds: baseline.seconds, concurrency: TICK_CONCURRENCY },
    });
    figures.push(rssFigure('daily-run.peak-rss', subscribers, run));

    if (options.large) figures.push(await largeRun(options, double.url));
  } finally {
    await double.child.stop();
  }
  return figures;
}

function rssFigure(id: string, subscribers: number, run: TickRun): Figure {
  return {
    id,
    name: `daily run: peak RSS of the tick, ${subscribers.toLocaleString('en-US')} subscribers`,
    value: run.peakRss / MB,
    unit: 'MB',
    baseline: { name: 'limit', value: RSS_LIMIT / MB, unit: 'MB' },
    ratio: run.peakRss / RSS_LIMIT,
    target: '< 150 MB',
    pass: run.peakRss < RSS_LIMIT,
    details: run.details,
  };
}

interface TickRun {
  rate: number;
  peakRss: number;
  details: Record<string, unknown>;
}

async function oneTick(
  options: RunOptions,
  subscribers: number,
  resendUrl: string,
  name: string,
): Promise<TickRun> {
  const dir = join(options.dir, name);
  mkdirSync(dir, { recursive: true });
  const databasePath = join(dir, 'tend.db');
  const { now, dueAt } = dailyInstants();
  await createDatabase(databasePath);
  seedDueSubscribers(databasePath, subscribers, dueAt);
  options.log(`daily run: one tick, ${subscribers.toLocaleString('en-US')} subscribers due`);
  const env = productionEnv({
    databasePath,
    outboxDir: join(dir, 'outbox'),
    resendUrl,
    sendRateLimit: 0,
  });
  const started = performance.now();
  const tick = spawnTick(now, env, dir, { cpuProfile: process.env.BENCH_CPU_PROF });
  const out = await finish(tick, 900_000, 'tend tick');
  const seconds = (performance.now() - started) / 1000;
  const report = tickReport(out.stdout);
  const counts = deliveryCounts(databasePath);
  if (report.sent !== subscribers || counts.sent !== subscribers) {
    throw new Error(`the tick sent ${report.sent} (${JSON.stringify(counts)}), not ${subscribers}`);
  }
  const usage = tick.usage();
  return {
    rate: subscribers / seconds,
    peakRss: usage.maxRssBytes,
    details: { subscribers, seconds, cpuSeconds: usage.cpuSeconds, report },
  };
}

const LARGE = 1_000_000;
/** Seconds of sending watched after a large tick has planned everyone and begun to send. */
const LARGE_SENDING_SECONDS = 45;

/**
 * --large: one tick with 1,000,000 subscribers due. It plans all of them (every page of the
 * 1M-row table read and written) and sends from its first page on; the kernel's high-water
 * mark of its RSS (VmHWM) is read once every subscriber is planned and LARGE_SENDING_SECONDS
 * of sending have followed, and the tick is then stopped: at the double's pace, sending a
 * million takes a quarter of an hour, and what it holds in memory does not change batch to
 * batch. The queue that planning fills faster than sending drains is in SQLite, not memory.
 */
async function largeRun(options: RunOptions, resendUrl: string): Promise<Figure> {
  const dir = join(options.dir, 'large');
  mkdirSync(dir, { recursive: true });
  const databasePath = join(dir, 'tend.db');
  const { now, dueAt } = dailyInstants();
  await createDatabase(databasePath);
  seedDueSubscribers(databasePath, LARGE, dueAt);
  options.log('daily run --large: one tick, 1,000,000 subscribers due');
  const env = productionEnv({
    databasePath,
    outboxDir: join(dir, 'outbox'),
    resendUrl,
    sendRateLimit: 0,
  });
  const before = await requestCount(resendUrl);
  const started = performance.now();
  const tick = spawnTick(now, env, dir);
  try {
    const deadline = Date.now() + 1_200_000;
    while ((await requestCount(resendUrl)) === before) {
      if (Date.now() > deadline) throw new Error('the large tick sent nothing in twenty minutes');
      await sleep(500);
    }
    const firstRequestSeconds = (performance.now() - started) / 1000;
    while (deliveryTotal(databasePath) < LARGE) {
      if (Date.now() > deadline) throw new Error('the large tick planned for twenty minutes');
      await sleep(2000);
    }
    const planningSeconds = (performance.now() - started) / 1000;
    const sentWhilePlanning = (await requestCount(resendUrl)) - before;
    options.log(`daily run --large: planned in ${planningSeconds.toFixed(0)} s; sending`);
    await sleep(LARGE_SENDING_SECONDS * 1000);
    const peakRss = peakRssBytes(tick.pid);
    const sent = (await requestCount(resendUrl)) - before - sentWhilePlanning;
    return rssFigure('daily-run.peak-rss-large', LARGE, {
      rate: 0,
      peakRss,
      details: {
        subscribers: LARGE,
        firstRequestSeconds,
        planningSeconds,
        requestsSentWhilePlanning: sentWhilePlanning,
        sendingSecondsWatched: LARGE_SENDING_SECONDS,
        requestsSentWhileWatched: sent,
        planned: deliveryCounts(databasePath),
      },
    });
  } finally {
    await tick.stop();
  }
}
