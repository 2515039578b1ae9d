import type { Config, Env } from '../config.ts';

/** What a command may touch of the outside world, handed in by src/cli.ts (or a test). */
export interface CliIo {
  readonly env: Env;
  /** Writes to standard output, waiting when the reader is slower than us. */
  readonly out: (text: string) => Promise<void>;
  /** Diagnostics; `isTTY` says whether a person is watching (progress bars). */
  readonly err: { write(text: string): void; readonly isTTY: boolean };
  readonly cwd: string;
}

export interface Command {
  readonly name: string;
  /** One line for `tend help`. */
  readonly summary: string;
  /** The full `--help` text. */
  readonly help: string;
  run(args: string[], io: CliIo): Promise<number>;
}

/** A failure the person at the terminal can act on: printed as `tend: <message>`, exit 1. */
export class CliError extends Error {
  override name = 'CliError';
}

/**
 * Runs node:util parseArgs (in `parse`), turning its errors into one line a person can act
 * on: "tend: import: Unknown option '--confirm'".
 */
export function parseOrExplain<T>(command: string, parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    const message = (error as Error).message.split('\n')[0] ?? 'bad arguments';
    throw new CliError(`${command}: ${message.replace(/\. To specify a positional.*$/, '')}`);
  }
}

/** The quiet logger for commands whose output is their answer. */
export const quietLog = { info() {}, warn() {}, error() {} };

/**
 * For a command that sends mail: without PUBLIC_URL its links point at
 * http://localhost:PORT, as the server's do, which is right only if the server runs with the
 * same PORT. It says so, once, on stderr.
 */
export function noteLinkAddress(config: Config, io: CliIo): void {
  if (!config.publicUrlFromPort) return;
  io.err.write(
    `tend: note: PUBLIC_URL is not set, so links in these emails use ${config.publicUrl} (the server's address only if it runs with PORT=${config.port})\n`,
  );
}
