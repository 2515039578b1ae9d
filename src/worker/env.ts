import type { Queue } from '@cloudflare/workers-types';
import type { Env as ConfigEnv } from '../config.ts';
import type { D1Binding } from '../db/d1.ts';
import type { Job } from './jobs.ts';

/**
 * The Worker's bindings (wrangler.toml). Everything else in the environment is a string:
 * a `[vars]` entry or a secret (`wrangler secret put`), read only through parseConfig.
 */
export interface WorkerEnv {
  readonly DB: D1Binding;
  /**
   * Where the cron puts plan and send jobs. Optional: without a queue (an account without
   * Queues), the cron plans and sends one bounded share itself each minute instead.
   */
  readonly SEND_QUEUE?: Queue<Job>;
  readonly [name: string]: unknown;
}

/** The string bindings (vars and secrets) as the env record parseConfig reads. */
export function configEnv(env: WorkerEnv): ConfigEnv {
  const strings: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) {
    if (typeof value === 'string') strings[name] = value;
  }
  return strings;
}
