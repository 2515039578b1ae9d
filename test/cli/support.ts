import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../../src/cli/main.ts';
import { CONTENT_DIR } from '../../src/node/deps.ts';
import { PUBLIC_URL, TEST_SECRET, type TestDeps } from '../support/deps.ts';
import { tempDir } from '../support/temp.ts';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * The environment `tend` would get, pointed at a test's database and a fresh outbox (removed
 * when the test finishes).
 */
export function cliEnv(deps: TestDeps, extra: Record<string, string> = {}): Record<string, string> {
  return {
    DATABASE_PATH: deps.dbPath,
    SECRET_KEY: TEST_SECRET,
    PUBLIC_URL,
    OUTBOX_DIR: join(tempDir('tend-cli-outbox-'), 'outbox'),
    MAIL_FROM: 'Rebuilding Trust <hello@tend.test>',
    REPLY_DOMAIN: 'reply.tend.test',
    // The shipped course alone, as testDeps has it.
    CONTENT_DIR: join(CONTENT_DIR, 'rebuilding-trust'),
    ...extra,
  };
}

/** Runs `tend <argv>` in this process, as src/cli.ts would, capturing both streams. */
export async function tend(
  argv: string[],
  env: Record<string, string>,
  options: { tty?: boolean; cwd?: string } = {},
): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, {
    env,
    out: async (text) => {
      stdout += text;
    },
    err: {
      write: (text) => {
        stderr += text;
      },
      isTTY: options.tty ?? false,
    },
    cwd: options.cwd ?? process.cwd(),
  });
  return { code, stdout, stderr };
}

/** Writes `text` to a CSV file in a fresh folder, removed when the test finishes. */
export function csvFile(text: string): string {
  const path = join(tempDir('tend-csv-'), 'people.csv');
  writeFileSync(path, text);
  return path;
}
