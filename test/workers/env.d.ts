import type { D1Migration } from 'cloudflare:test';
import type { WorkerEnv } from '../../src/worker/env.ts';

// The bindings `env` from cloudflare:workers has in tests: the worker's own plus the
// migrations vitest.config.ts reads.
declare global {
  namespace Cloudflare {
    interface Env extends WorkerEnv {
      readonly TEST_MIGRATIONS: D1Migration[];
    }
  }
}
