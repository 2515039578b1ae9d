import { parseArgs } from 'node:util';
import { tick } from '../delivery/tick.ts';
import { nodeDeps } from '../node/deps.ts';
import { nextTurn } from '../node/next-turn.ts';
import { CliError, type Command, noteLinkAddress, parseOrExplain } from './io.ts';

export const tickCommand: Command = {
  name: 'tick',
  summary: 'run one scheduler pass as if at that instant, then exit',
  help: `Usage: tend tick [--now ISO-8601]

One scheduler pass (plan what is due, send what is queued) as if at that instant, then exit.
Prints what the pass did as one line of JSON.

Options:
  --now ISO-8601   the instant to act as if it were (default: now)`,
  async run(args, io) {
    const { values } = parseOrExplain('tick', () =>
      parseArgs({
        args,
        options: { now: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
      }),
    );
    if (values.help) {
      await io.out(`${this.help}\n`);
      return 0;
    }
    const now = values.now === undefined ? new Date() : new Date(values.now);
    if (Number.isNaN(now.getTime())) {
      throw new CliError(`--now: not an ISO-8601 instant: ${values.now}`);
    }
    const { deps, close } = await nodeDeps(io.env, { clock: () => now });
    try {
      const report = await tick(deps, now, { yieldToLoop: nextTurn });
      if (report.sent + report.failed + report.retried > 0) noteLinkAddress(deps.config, io);
      await io.out(`${JSON.stringify({ now: now.toISOString(), ...report })}\n`);
    } finally {
      await close();
    }
    return 0;
  },
};
