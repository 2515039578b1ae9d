import { parseArgs } from 'node:util';
import { loadFunnel } from '../admin/funnel.ts';
import { loadOverview } from '../admin/overview.ts';
import { nodeDeps } from '../node/deps.ts';
import { courseOption } from './course-option.ts';
import { type Command, parseOrExplain, quietLog } from './io.ts';
import { statsText } from './stats-text.ts';

export const statsCommand: Command = {
  name: 'stats',
  summary: "print the console's overview and funnel as text",
  help: `Usage: tend stats [--course ID]

Prints what the console's overview and funnel show: subscribers by status, emails sent today
and this week, stops and suppressions, failures by reason, and the per-email funnel of each
course (or only of --course ID).`,
  async run(args, io) {
    const { values } = parseOrExplain('stats', () =>
      parseArgs({
        args,
        options: { help: { type: 'boolean', short: 'h' }, course: { type: 'string' } },
      }),
    );
    if (values.help) {
      await io.out(`${this.help}\n`);
      return 0;
    }
    const { deps, close } = await nodeDeps(io.env, { log: quietLog });
    try {
      const courses = values.course
        ? [courseOption(deps, 'stats', values.course)]
        : deps.courses.all;
      const overview = await loadOverview(deps, deps.clock());
      const funnels = [];
      for (const course of courses)
        funnels.push({ course, funnel: await loadFunnel(deps, course) });
      await io.out(statsText(overview, funnels));
    } finally {
      await close();
    }
    return 0;
  },
};
