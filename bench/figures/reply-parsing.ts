import { childEnv, finish, jsonLine, spawnNode } from '../support/processes.ts';
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
 */
export async function replyParsing(options: RunOptions): Promise<Figure[]> {
  options.log('reply parsing: pathological and ordinary replies of 200,000 characters');
  const child = spawnNode(
    ['bench/children/reply-parsing.ts'],
    childEnv({ NODE_ENV: 'production' }),
  );
  const out = await finish(child, 180_000, 'reply parsing benchmark');
  const line = out.stdout.split('\n').map(jsonLine).find(Boolean) as
    | { size: number; results: Result[] }
    | undefined;
  if (!line || line.results.length === 0) throw new Error('reply parsing printed no results');
  const ratio = (result: Result) => result.nsPerByte / result.ordinaryNsPerByte;
  const worst = line.results.reduce((a, b) => (ratio(b) > ratio(a) ? b : a));
  return [
    {
      id: 'reply-parsing.per-byte',
      name: `reply parsing per byte, worst pathological: ${worst.name}`,
      value: worst.nsPerByte,
      unit: 'ns/byte',
      baseline: {
        name: `ordinary ${worst.kind === 'html' ? 'HTML' : 'text'} replies, same size`,
        value: worst.ordinaryNsPerByte,
        unit: 'ns/byte',
      },
      ratio: ratio(worst),
      target: `<= ${TARGET}x baseline`,
      pass: ratio(worst) <= TARGET,
      details: {
        size: line.size,
        byInput: line.results.map((result) => ({ ...result, ratio: ratio(result) })),
      },
    },
  ];
}
