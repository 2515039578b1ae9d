import { parseArgs } from 'node:util';
import { tick } from './delivery/tick.ts';
import { nodeDeps } from './node/deps.ts';

const USAGE = `Usage: tend <command> [options]

Commands:
  migrate              create or update the database, then exit
  tick [--now ISO]     run one scheduler pass as if at that instant, then exit
  help                 show this help

Every command reads the same environment as \`npm start\` (DATABASE_PATH, ...).`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === 'help' || command === '--help' || command === '-h') {
    console.log(USAGE);
    return 0;
  }
  switch (command) {
    case 'migrate': {
      if (rest.includes('--help')) return usage('tend migrate: applies pending migrations.');
      const { close } = await nodeDeps(process.env, { log: quiet() });
      await close();
      console.log('database is up to date');
      return 0;
    }
    case 'tick': {
      const { values } = parseArgs({
        args: rest,
        options: { now: { type: 'string' }, help: { type: 'boolean' } },
      });
      if (values.help) return usage('tend tick [--now ISO-8601]: one scheduler pass, then exit.');
      const now = values.now === undefined ? new Date() : new Date(values.now);
      if (Number.isNaN(now.getTime()))
        throw new Error(`--now: not an ISO-8601 instant: ${values.now}`);
      const { deps, close } = await nodeDeps(process.env, { clock: () => now });
      try {
        const report = await tick(deps, now);
        console.log(JSON.stringify({ now: now.toISOString(), ...report }));
      } finally {
        await close();
      }
      return 0;
    }
    default:
      throw new Error(`unknown command "${command}" (try: tend help)`);
  }
}

function usage(text: string): number {
  console.log(text);
  return 0;
}

function quiet() {
  return { info() {}, warn() {}, error() {} };
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: Error) => {
    console.error(`tend: ${error.message}`);
    process.exit(1);
  },
);
