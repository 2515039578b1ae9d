import { apiKeyCommand } from './api-key.ts';
import { exportCommand } from './export.ts';
import { importCommand } from './import.ts';
import { CliError, type CliIo, type Command } from './io.ts';
import { migrateCommand } from './migrate.ts';
import { previewCommand } from './preview.ts';
import { rotateSecretCommand } from './rotate-secret.ts';
import { sendTestCommand } from './send-test.ts';
import { statsCommand } from './stats.ts';
import { tickCommand } from './tick.ts';
import { webhookCommand } from './webhook.ts';

export const COMMANDS: readonly Command[] = [
  migrateCommand,
  tickCommand,
  importCommand,
  exportCommand,
  statsCommand,
  previewCommand,
  sendTestCommand,
  rotateSecretCommand,
  apiKeyCommand,
  webhookCommand,
];

export const USAGE = `Usage: tend <command> [options]

Commands:
${COMMANDS.map((command) => `  ${command.name.padEnd(12)} ${command.summary}`).join('\n')}
  help         show this help (tend help <command>, or tend <command> --help)

Every command reads the same environment as \`npm start\` (DATABASE_PATH, SECRET_KEY, ...).`;

/**
 * Runs one `tend` command and returns its exit status. Any failure becomes one line on
 * stderr, `tend: <reason>`, and status 1.
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  try {
    if (!name || name === 'help' || name === '--help' || name === '-h') {
      const about = COMMANDS.find((command) => command.name === rest[0]);
      await io.out(`${about?.help ?? USAGE}\n`);
      return 0;
    }
    const command = COMMANDS.find((candidate) => candidate.name === name);
    if (!command) throw new CliError(`unknown command "${name}" (try: tend help)`);
    return await command.run(rest, io);
  } catch (error) {
    const reason = (error as Error).message.split('\n')[0]?.trim() || 'failed';
    io.err.write(`tend: ${reason}\n`);
    return 1;
  }
}
