import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { childEnv, finish, spawnNode } from '../support/processes.ts';
import { type Figure, MB, type RunOptions } from '../support/report.ts';
import { createDatabase } from '../support/seed.ts';
import { productionEnv, spawnTick, tickReport, type Usage } from '../support/tick.ts';

/**
 * `tend tick` with nothing due, from spawn to exit, as a per-minute cron runs it (dist/cli.mjs
 * with the launcher's flags, on a migrated database, production settings), against
 * `node -e ""` started the same way: what is left is Tend's own start (loading its modules,
 * opening SQLite, checking migrations, one empty pass). Both preload the usage probe, so
 * CPU time and peak RSS come from the process itself. Runs alternate; medians are reported.
 */
export async function idleTick(options: RunOptions): Promise<Figure[]> {
  const runs = options.quick ? 3 : 11;
  const dir = join(options.dir, 'idle-tick');
  const databasePath = join(dir, 'tend.db');
  mkdirSync(dir, { recursive: true });
  await createDatabase(databasePath);
  const env = productionEnv({ databasePath, outboxDir: join(dir, 'outbox'), sendRateLimit: 0 });
  options.log(`idle tick: ${runs} empty ticks and ${runs} node -e ""`);
  const tick: Sample[] = [];
  const bare: Sample[] = [];
  for (let run = 0; run < runs; run++) {
    let started = performance.now();
    const child = spawnTick(new Date().toISOString(), env, dir);
    const out = await finish(child, 60_000, 'idle tend tick');
    tick.push({ ms: performance.now() - started, usage: child.usage() });
    const report = tickReport(out.stdout);
    if (report.planned !== 0 || report.sent !== 0) {
      throw new Error(`an idle tick planned ${report.planned} and sent ${report.sent}`);
    }

    const usageFile = join(dir, `node-${run}.json`);
    started = performance.now();
    const node = spawnNode(
      ['--import', './bench/support/usage-probe.mjs', '-e', ''],
      childEnv({ BENCH_USAGE_FILE: usageFile }),
      { tsx: false },
    );
    await finish(node, 30_000, 'node -e ""');
    bare.push({
      ms: performance.now() - started,
      usage: JSON.parse(readFileSync(usageFile, 'utf8')) as Usage,
    });
  }
  const ms = median(tick.map((sample) => sample.ms));
  const baselineMs = median(bare.map((sample) => sample.ms));
  return [
    {
      id: 'idle-tick.wall',
      name: '`tend tick` with nothing due, start to exit',
      value: ms,
      unit: 'ms',
      baseline: { name: 'node -e ""', value: baselineMs, unit: 'ms' },
      ratio: ms / baselineMs,
      target: 'none (for the record)',
      pass: true,
      details: {
        runs,
        cpuMs: median(tick.map((sample) => sample.usage.cpuSeconds * 1000)),
        baselineCpuMs: median(bare.map((sample) => sample.usage.cpuSeconds * 1000)),
        peakRssMb: median(tick.map((sample) => sample.usage.maxRssBytes / MB)),
        baselinePeakRssMb: median(bare.map((sample) => sample.usage.maxRssBytes / MB)),
        wallMs: tick.map((sample) => Math.round(sample.ms)),
        baselineWallMs: bare.map((sample) => Math.round(sample.ms)),
      },
    },
  ];
}

interface Sample {
  ms: number;
  usage: Usage;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}
