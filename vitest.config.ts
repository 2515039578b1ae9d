import { cloudflareTest, readD1Migrations } from '@cloudflare/vitest-pool-workers';
import { defineConfig } from 'vitest/config';
import { WORKER_TEST_BINDINGS } from './test/workers/bindings.ts';

export default defineConfig(async () => ({
  test: {
    projects: [
      {
        test: {
          name: 'node',
          include: ['test/**/*.test.{ts,tsx}'],
          exclude: ['test/workers/**', 'node_modules/**'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        // The same worker `wrangler deploy` builds (wrangler.toml: bindings, cron, queue),
        // run inside workerd against a local D1. The migrations are read here, in Node, and
        // applied by test/workers/apply-migrations.ts inside the Worker.
        plugins: [
          cloudflareTest({
            wrangler: { configPath: './wrangler.toml' },
            miniflare: {
              bindings: {
                ...WORKER_TEST_BINDINGS,
                TEST_MIGRATIONS: await readD1Migrations('./src/db/migrations'),
              },
            },
          }),
        ],
        // wrangler.toml defines process.env.NODE_ENV as "production", so React is its
        // production build here too, which has no jsxDEV: compile JSX for it.
        oxc: { jsx: { development: false } },
        test: {
          name: 'workers',
          include: ['test/workers/**/*.test.ts'],
          setupFiles: ['./test/workers/apply-migrations.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
}));
