import { join } from 'node:path';
import * as esbuild from 'esbuild';
import { childEnv, finish, jsonLine, ROOT, spawnNode } from '../support/processes.ts';
import type { Figure, RunOptions } from '../support/report.ts';

const TARGET = 2;

interface Result {
  name: string;
  kind: string;
  bytes: number;
  nsPerByte: number;
  ordinaryNsPerByte: number;
}

/**
 * Reply parsing per byte (bench/children/reply-parsing.ts): the worst pathological reply's
 * cost per byte against an ordinary reply of the same size and part (text or HTML), both
 * through parseReply. The ratio is what matters: a parser that is linear costs a hostile
 * sender no more per byte than a reader's ordinary reply.
 *
 * The child is bundled by esbuild as scripts/build.mjs bundles the server, so the parser runs
 * as it ships (under tsx every call into another module goes through a getter). Each shape's
 * ratio moves from one process to the next with V8's warm-up (which shapes ran before it), by
 * 0.3 or more on a busy machine, so the child runs several times and each shape's figure is
 * its median ratio across the runs, with the lowest and highest kept in the JSON.
 */
export async function replyParsing(options: RunOptions): Promise<Figure[]> {
  const processes = options.quick ? 3 : 5;
  options.log(`reply parsing: replies of 200,000 characters, ${processes} processes`);
  const child = join(options.dir, 'reply-parsing.mjs');
  await esbuild.build({
    absWorkingDir: ROOT,
    entryPoints: [join(ROOT, 'bench/children/reply-parsing.ts')],
    outfile: child,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    logLevel: 'warning',
  });
  const runs: Result[][] = [];
  let size = 0;
  for (let run = 0; run < processes; run++) {
    const spawned = spawnNode([child], childEnv({ NODE_ENV: 'production' }), { tsx: false });
    const out = await finish(spawned, 180_000, 'reply parsing benchmark');
    const line = out.stdout.split('\n').map(jsonLine).find(Boolean) as
      | { size: number; results: Result[] }
      | undefined;
    if (!line || line.results.length === 0) throw new Error('reply parsing printed no results');
    runs.push(line.results);
    size = line.size;
  }
  const ratio = (result: Result) => result.nsPerByte / result.ordinaryNsPerByte;
  const byInput = (runs[0] ?? []).map((first) => {
    const samples = runs
      .map((results) => results.find((result) => result.name === first.name))
      .filter((result): result is Result => result !== undefined)
      .sort((a, b) => ratio(a) - ratio(b));
    const middle = samples[Math.floor(samples.length / 2)] ?? first;
    return {
      ...middle,
      ratio: ratio(middle),
      lowestRatio: ratio(samples[0] ?? first),
      highestRatio: ratio(samples[samples.length - 1] ?? first),
    };
  });
  const worst = byInput.reduce((a, b) => (b.ratio > a.ratio ? b : a));
  return [
    {
      id: 'reply-parsing.per-byte',
      name: `reply parsing per byte, worst pathological (median of ${processes}): ${worst.name}`,
      value: worst.nsPerByte,
      unit: 'ns/byte',
      baseline: {
        name: `ordinary ${worst.kind === 'html' ? 'HTML' : 'text'} replies, same size`,
        value: worst.ordinaryNsPerByte,
        unit: 'ns/byte',
      },
      ratio: worst.ratio,
      target: `<= ${TARGET}x baseline`,
      pass: worst.ratio <= TARGET,
      details: { size, processes, byInput },
    },
  ];
}
