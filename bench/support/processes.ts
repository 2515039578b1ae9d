import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const ROOT = join(import.meta.dirname, '..', '..');

/** Everything a child is given: PATH and what the caller sets, nothing else inherited. */
export function childEnv(extra: Record<string, string>): Record<string, string> {
  return { PATH: process.env.PATH ?? '', ...extra };
}

export interface Child {
  readonly process: ChildProcess;
  readonly pid: number;
  /** Everything it wrote (the last 1 MB of each stream). */
  output(): { stdout: string; stderr: string };
  /** Resolves at exit. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Waits for the first stdout line `match` accepts (bounded by `timeoutMs`). */
  line<T>(match: (line: string) => T | undefined, timeoutMs: number): Promise<T>;
  /** SIGTERM, then SIGKILL after a grace period; resolves once it is gone. */
  stop(): Promise<void>;
}

const KEEP = 1024 * 1024;

/**
 * `node --import tsx <args>` as a process of its own (so the process measured is the one doing
 * the work: the tsx CLI would put a wrapper in between); with `tsx: false`, `node <args>`, for
 * Tend's bundles (dist/, as bin/tend.js and npm start run them).
 */
export function spawnNode(
  args: readonly string[],
  env: Record<string, string>,
  options: { nodeArgs?: readonly string[]; tsx?: boolean } = {},
): Child {
  const loader = options.tsx === false ? [] : ['--import', 'tsx'];
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), ...loader, ...args], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (child.pid === undefined) throw new Error(`could not start ${args.join(' ')}`);
  let stdout = '';
  let stderr = '';
  const listeners = new Set<(line: string) => void>();
  let partial = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    const text = chunk.toString();
    stdout = (stdout + text).slice(-KEEP);
    partial += text;
    const lines = partial.split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) for (const listener of listeners) listener(line);
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-KEEP);
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  let gone = false;
  void exited.then(() => {
    gone = true;
  });
  return {
    process: child,
    pid: child.pid,
    output: () => ({ stdout, stderr }),
    exited,
    line<T>(match: (line: string) => T | undefined, timeoutMs: number): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        const timer = setTimeout(() => {
          listeners.delete(listener);
          reject(
            new Error(`no expected line from ${args.join(' ')} in ${timeoutMs} ms\n${stderr}`),
          );
        }, timeoutMs);
        const listener = (line: string) => {
          const value = match(line);
          if (value === undefined) return;
          clearTimeout(timer);
          listeners.delete(listener);
          resolve(value);
        };
        listeners.add(listener);
        void exited.then(({ code }) => {
          clearTimeout(timer);
          if (listeners.delete(listener)) {
            reject(new Error(`${args.join(' ')} exited (${code}) early\n${stderr}`));
          }
        });
      });
    },
    async stop() {
      if (gone) return;
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(killer);
    },
  };
}

/** Waits for a child to exit by itself, killing it if it runs past `timeoutMs`. */
export async function finish(child: Child, timeoutMs: number, what: string) {
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    void child.stop();
  }, timeoutMs);
  const result = await child.exited;
  clearTimeout(timer);
  if (timedOut) throw new Error(`${what} ran past ${timeoutMs} ms and was stopped`);
  if (result.code !== 0) {
    throw new Error(`${what} failed (${result.code ?? result.signal})\n${child.output().stderr}`);
  }
  return child.output();
}

/** The first stdout line that parses as a JSON object. */
export function jsonLine(line: string): Record<string, unknown> | undefined {
  if (!line.startsWith('{')) return undefined;
  try {
    return JSON.parse(line) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

const CLOCK_TICKS = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;

/** CPU seconds (user + system) a live process has used so far, from /proc/<pid>/stat. */
export function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The command name may hold spaces; fields are counted after its closing parenthesis.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  return (utime + stime) / CLOCK_TICKS;
}

/** The kernel's high-water mark of a live process's resident set (VmHWM), in bytes. */
export function peakRssBytes(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = /^VmHWM:\s+(\d+) kB/m.exec(status)?.[1];
  if (kb === undefined) throw new Error(`no VmHWM for process ${pid}`);
  return Number(kb) * 1024;
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
