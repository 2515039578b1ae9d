import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '..', '..');

/**
 * `tend tick --now ISO` as a process of its own, run as `node --import tsx` so that a
 * SIGKILL kills the process doing the work (the tsx CLI would put a wrapper in between).
 */
export function spawnTick(
  now: string,
  env: Record<string, string>,
): ChildProcess & {
  done: Promise<{ code: number | null; signal: NodeJS.Signals | null; output: string }>;
} {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'tick', '--now', now], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null; output: string }>(
    (resolve) => child.on('exit', (code, signal) => resolve({ code, signal, output })),
  );
  return Object.assign(child, { done });
}
