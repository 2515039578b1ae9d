import { parseArgs } from 'node:util';
import { exportPage } from '../db/admin-subscribers.ts';
import { nodeDeps } from '../node/deps.ts';
import { csvLine } from './csv-write.ts';
import { type Command, parseOrExplain, quietLog } from './io.ts';

export const EXPORT_COLUMNS = [
  'email',
  'name',
  'role',
  'timezone',
  'send_time',
  'status',
  'created_at',
  'confirmed_at',
  'lessons_sent',
  'reflections',
] as const;

const PAGE = 1000;

export const exportCommand: Command = {
  name: 'export',
  summary: 'write every subscriber as CSV to standard output',
  help: `Usage: tend export > subscribers.csv

Writes every subscriber as CSV to standard output, one row each, with a header:
  ${EXPORT_COLUMNS.join(', ')}
lessons_sent counts the current round; reflections is a count: what people wrote is never
exported. A cell a spreadsheet would run as a formula (=, +, -, @) starts with an apostrophe.
The file can be given to \`tend import\` (columns it does not know are ignored).`,
  async run(args, io) {
    const { values } = parseOrExplain('export', () =>
      parseArgs({ args, options: { help: { type: 'boolean', short: 'h' } } }),
    );
    if (values.help) {
      await io.out(`${this.help}\n`);
      return 0;
    }
    const { deps, close } = await nodeDeps(io.env, { log: quietLog });
    try {
      await io.out(csvLine(EXPORT_COLUMNS));
      let after = 0;
      for (;;) {
        const rows = await exportPage(deps.db, after, PAGE);
        if (rows.length === 0) break;
        let chunk = '';
        for (const row of rows) {
          chunk += csvLine([
            row.email,
            row.name,
            row.role,
            row.timezone,
            row.send_time,
            row.status,
            row.created_at,
            row.confirmed_at,
            row.lessons_sent,
            row.reflections,
          ]);
          after = row.id;
        }
        await io.out(chunk);
      }
    } finally {
      await close();
    }
    return 0;
  },
};
