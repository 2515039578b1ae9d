import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../support/temp.ts';

const ROOT = join(import.meta.dirname, '..', '..');

interface Figure {
  id: string;
  name: string;
  value: number;
  baseline: { name: string; value: number };
  ratio: number;
  pass: boolean;
}

/**
 * `npm run bench -- --quick`, the smoke version of the benchmarks, as part of CI: every figure
 * is measured against its baseline and written out, and the run exits 0. A missed target is
 * printed and recorded, not a failure (a quick run on a machine busy with the rest of the
 * suite says little about speed; whether a target is met is the full run's business,
 * docs/performance.md). Exit status 1 means the bench itself failed: a figure could not be
 * measured, or one of its own checks failed (every lesson sent, every answered signup
 * confirmed and the durable baseline's rows and files written, composed emails equal to
 * whole renders, every confirm's welcome at the provider once, an idle tick sending nothing).
 */
describe('npm run bench -- --quick', () => {
  it('measures every figure against its baseline and writes them out', async () => {
    const out = join(tempDir('tend-bench-quick-'), 'quick.json');
    const { code, stdout, stderr } = await new Promise<{
      code: number | null;
      stdout: string;
      stderr: string;
    }>((resolve, reject) => {
      const child = spawn(
        process.execPath,
        ['--import', 'tsx', 'bench/run.ts', '--quick', '--out', out],
        { cwd: ROOT, env: { PATH: process.env.PATH ?? '' }, stdio: ['ignore', 'pipe', 'pipe'] },
      );
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk.toString();
      });
      child.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
      });
      child.on('error', reject);
      child.on('close', (code) => resolve({ code, stdout, stderr }));
    });
    expect(code, `${stdout.slice(-3000)}\n${stderr.slice(-3000)}`).toBe(0);

    const result = JSON.parse(readFileSync(out, 'utf8')) as {
      mode: string;
      figures: Figure[];
      misses: string[];
      failures: unknown[];
    };
    expect(result.mode).toBe('quick');
    expect(result.failures).toEqual([]);
    expect(result.figures.map((figure) => figure.id).sort()).toEqual([
      'claiming.rate',
      'confirm-welcome.p50',
      'confirm-welcome.p99',
      'daily-run.peak-rss',
      'daily-run.throughput',
      'idle-tick.wall',
      'rate-limited.cpu',
      'rendering.html-bytes',
      'rendering.per-recipient',
      'reply-parsing.per-byte',
      'signup.p99',
      'signup.throughput',
      'signup.vs-bare-hono',
      'workerd.longest-statement',
      'workerd.plan-batch.queries',
      'workerd.scheduled.queries',
      'workerd.send-batch.d1-bytes',
      'workerd.send-batch.queries',
    ]);
    // Each new figure against the baseline it is meant to have.
    const baselineOf = (id: string) =>
      result.figures.find((figure) => figure.id === id)?.baseline.name;
    expect(baselineOf('signup.throughput')).toBe('bare node:http doing the same durable work');
    expect(baselineOf('signup.vs-bare-hono')).toBe('bare Hono route');
    expect(baselineOf('reply-parsing.per-byte')).toMatch(/^ordinary (text|HTML) replies/);
    expect(baselineOf('confirm-welcome.p99')).toBe('limit');
    expect(baselineOf('idle-tick.wall')).toBe('node -e ""');
    expect(baselineOf('rendering.html-bytes')).toBe("Gmail's clipping point");
    expect(baselineOf('workerd.send-batch.queries')).toBe('per-invocation limit, Workers Free');
    expect(baselineOf('workerd.longest-statement')).toBe('D1 statement limit');
    expect(result.misses.sort()).toEqual(
      result.figures
        .filter((figure) => !figure.pass)
        .map((figure) => figure.id)
        .sort(),
    );
    for (const figure of result.figures) {
      expect(Number.isFinite(figure.value) && figure.value > 0, figure.id).toBe(true);
      expect(figure.baseline.value, figure.id).toBeGreaterThan(0);
      expect(Number.isFinite(figure.ratio), figure.id).toBe(true);
      expect(typeof figure.pass, figure.id).toBe('boolean');
      expect(stdout).toContain(figure.name);
    }
  }, 600_000);
});
