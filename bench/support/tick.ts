import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { bundlePath } from '../../scripts/build.mjs';
import { nodeFlags } from '../../scripts/launch.mjs';
import { type Child, childEnv, spawnNode } from './processes.ts';

export const BENCH_SECRET = 'bench-secret-bench-secret-bench-secret-0123';

/** What a production Node deployment sets, pointed at a scratch database and the double. */
export function productionEnv(options: {
  databasePath: string;
  outboxDir: string;
  resendUrl?: string;
  sendRateLimit?: number;
}): Record<string, string> {
  return childEnv({
    NODE_ENV: 'production',
    DATABASE_PATH: options.databasePath,
    OUTBOX_DIR: options.outboxDir,
    PUBLIC_URL: 'https://tend.example',
    MAIL_FROM: 'Tend <tend@tend.example>',
    REPLY_DOMAIN: 'reply.tend.example',
    SECRET_KEY: BENCH_SECRET,
    ...(options.resendUrl
      ? {
          RESEND_API_KEY: 're_bench',
          RESEND_BASE_URL: options.resendUrl,
          RESEND_WEBHOOK_SECRET: 'whsec_YmVuY2gtYmVuY2gtYmVuY2gtYmVuY2g=',
        }
      : // Without the double, mail goes to the outbox on purpose.
        { OUTBOX_IN_PRODUCTION: '1' }),
    SEND_RATE_LIMIT: String(options.sendRateLimit ?? 0),
  });
}

export interface Usage {
  readonly maxRssBytes: number;
  readonly cpuSeconds: number;
  readonly uptimeSeconds: number;
}

/**
 * `tend tick --now ISO` as bin/tend.js runs it (dist/cli.mjs with the launcher's Node flags;
 * bench/run.ts builds the bundles first) in a process of its own, with the usage probe
 * preloaded so that its peak RSS and CPU time are reported at exit.
 */
export function spawnTick(
  now: string,
  env: Record<string, string>,
  dir: string,
  options: { cpuProfile?: string } = {},
): Child & { usage(): Usage } {
  const usageFile = join(dir, `usage-${Date.now()}.json`);
  const profile = options.cpuProfile ? ['--cpu-prof', `--cpu-prof-dir=${options.cpuProfile}`] : [];
  const child = spawnNode(
    ['--import', './bench/support/usage-probe.mjs', bundlePath('cli'), 'tick', '--now', now],
    { ...env, BENCH_USAGE_FILE: usageFile },
    { nodeArgs: [...nodeFlags('cli', ['tick']), ...profile], tsx: false },
  );
  return Object.assign(child, {
    usage: () => JSON.parse(readFileSync(usageFile, 'utf8')) as Usage,
  });
}

/** The JSON report `tend tick` prints. */
export function tickReport(stdout: string): {
  planned: number;
  sent: number;
  failed: number;
  retried: number;
} {
  const line = stdout
    .split('\n')
    .reverse()
    .find((text) => text.startsWith('{') && text.includes('"planned"'));
  if (!line) throw new Error(`tend tick printed no report:\n${stdout.slice(-2000)}`);
  return JSON.parse(line) as { planned: number; sent: number; failed: number; retried: number };
}
