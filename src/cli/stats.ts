import { parseArgs } from 'node:util';
import { loadFunnel } from '../admin/funnel.ts';
import { loadOverview } from '../admin/overview.ts';
import { nodeDeps } from '../node/deps.ts';
import { type Command, parseOrExplain, quietLog } from './io.ts';
import { statsText } from './stats-text.ts';

export const statsCommand: Command = {
  name: 'stats',
  summary: "print the console's overview and funnel as text",
  help: `Usage: tend stats

Prints what the console's overview and funnel show: subscribers by status, emails sent today
and this week, stops and suppressions, failures by reason, and the per-email funnel.`,
  async run(args, io) {
    const { values } = parseOrExplain('stats', () =>
      parseArgs({ args, options: { help: { type: 'boolean', short: 'h' } } }),
    );
    if (values.help) {
      await io.out(`${this.help}\n`);
      return 0;
    }
    const { deps, close } = await nodeDeps(io.env, { log: quietLog });
    try {
      const [overview, funnel] = await Promise.all([
        loadOverview(deps, deps.clock()),
        loadFunnel(deps),
      ]);
      await io.out(statsText(overview, funnel));
    } finally {
      await close();
    }
    return 0;
  },
};
