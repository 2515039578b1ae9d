import { join } from 'node:path';
import { type InvocationCounts, STATEMENT_BYTES } from '../../test/workers/counts.ts';
import { childEnv, finish, ROOT, spawnNode } from '../support/processes.ts';
import type { Figure, RunOptions } from '../support/report.ts';

/** Workers Free's per-invocation limit on D1 queries (Paid: 1,000). */
const FREE_QUERIES = 50;

/**
 * A Worker's scheduled run and queue batches counted inside workerd
 * (test/workers/invocation-counts.test.ts, through vitest's workers project: the worker
 * wrangler builds, a local D1, the provider answered in the isolate): D1 queries, bytes to and
 * from D1, the longest statement and the provider calls of one invocation each. Counts, not
 * times: they do not depend on the machine. Compared with the platform's per-invocation limits.
 */
export async function workerd(options: RunOptions): Promise<Figure[]> {
  options.log('workerd: a scheduled run, a plan batch and a send batch, counted');
  const child = spawnNode(
    [
      join(ROOT, 'node_modules', 'vitest', 'vitest.mjs'),
      'run',
      '--project',
      'workers',
      'test/workers/invocation-counts.test.ts',
    ],
    childEnv({ HOME: process.env.HOME ?? '/tmp', CI: '1', NO_COLOR: '1' }),
    { tsx: false },
  );
  const out = await finish(child, 300_000, 'workerd counts (vitest workers project)');
  const line = /workerd-counts (\{.*\})/.exec(out.stdout)?.[1];
  if (!line) throw new Error(`no workerd-counts line from vitest:\n${out.stdout.slice(-2000)}`);
  const counts = JSON.parse(line) as {
    scheduled: InvocationCounts & { lessonsPlanned: number };
    planBatch: InvocationCounts & { subscribers: number };
    sendBatch: InvocationCounts;
  };
  const { scheduled, planBatch, sendBatch } = counts;
  const queries = (id: string, name: string, invocation: InvocationCounts): Figure => ({
    id,
    name,
    value: invocation.queries,
    unit: 'D1 queries',
    baseline: { name: 'per-invocation limit, Workers Free', value: FREE_QUERIES, unit: 'queries' },
    ratio: invocation.queries / FREE_QUERIES,
    target: `< ${FREE_QUERIES} (Paid: 1,000)`,
    pass: invocation.queries < FREE_QUERIES,
    details: { ...invocation },
  });
  const per100 = 100 / sendBatch.emailsSent;
  const longest = Math.max(
    scheduled.longestStatementBytes,
    planBatch.longestStatementBytes,
    sendBatch.longestStatementBytes,
  );
  return [
    queries(
      'workerd.scheduled.queries',
      `workerd: scheduled run planning ${scheduled.lessonsPlanned} lessons`,
      scheduled,
    ),
    queries(
      'workerd.plan-batch.queries',
      `workerd: queue batch planning ${planBatch.subscribers} subscribers`,
      planBatch,
    ),
    queries(
      'workerd.send-batch.queries',
      `workerd: queue batch sending ${sendBatch.emailsSent} emails`,
      sendBatch,
    ),
    {
      id: 'workerd.send-batch.d1-bytes',
      name: 'workerd: bytes to and from D1 per 100 emails sent',
      value: (sendBatch.bytesToD1 + sendBatch.bytesFromD1) * per100,
      unit: 'bytes',
      baseline: {
        name: 'bytes of the same emails posted to the provider',
        value: sendBatch.bytesToProvider * per100,
        unit: 'bytes',
      },
      ratio: (sendBatch.bytesToD1 + sendBatch.bytesFromD1) / sendBatch.bytesToProvider,
      target: 'none (for the record)',
      pass: true,
      details: {
        bytesToD1: sendBatch.bytesToD1 * per100,
        bytesFromD1: sendBatch.bytesFromD1 * per100,
        providerCalls: sendBatch.subrequests,
      },
    },
    {
      id: 'workerd.longest-statement',
      name: 'workerd: longest D1 statement of these invocations',
      value: longest,
      unit: 'bytes',
      baseline: { name: 'D1 statement limit', value: STATEMENT_BYTES, unit: 'bytes' },
      ratio: longest / STATEMENT_BYTES,
      target: '< 100,000 bytes',
      pass: longest < STATEMENT_BYTES,
    },
  ];
}
