import { parseArgs } from 'node:util';
import { nodeDeps } from '../node/deps.ts';
import { type Command, parseOrExplain, quietLog } from './io.ts';

export const migrateCommand: Command = {
  name: 'migrate',
  summary: 'create or update the database, then exit',
  help: `Usage: tend migrate

Creates the database at DATABASE_PATH if needed and applies pending migrations.`,
  async run(args, io) {
    const { values } = parseOrExplain('migrate', () =>
      parseArgs({ args, options: { help: { type: 'boolean', short: 'h' } } }),
    );
    if (values.help) {
      await io.out(`${this.help}\n`);
      return 0;
    }
    const { close } = await nodeDeps(io.env, { log: quietLog });
    await close();
    await io.out('database is up to date\n');
    return 0;
  },
};
