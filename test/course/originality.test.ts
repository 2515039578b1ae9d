import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { sharedRuns, words } from '../../scripts/shared-runs.ts';
import { CONTENT_DIR } from '../../src/node/deps.ts';

const run = promisify(execFile);
const SCRIPT = join(CONTENT_DIR, '..', 'scripts', 'check-originality.ts');
const TSX = join(CONTENT_DIR, '..', 'node_modules', '.bin', 'tsx');

describe('shared runs of words', () => {
  it('compares words alone: case, punctuation and curly apostrophes do not hide a run', () => {
    expect(words('Don’t rush — forgiveness, please!')).toEqual([
      'dont',
      'rush',
      'forgiveness',
      'please',
    ]);
    const source = 'Rebuilding trust isn’t easy. It requires vulnerability, honesty, patience.';
    const text = "We know: rebuilding TRUST isn't easy; it requires vulnerability and time.";
    expect(sharedRuns(text, source, 8)).toEqual([]);
    expect(sharedRuns(text, source, 6)).toEqual([
      'rebuilding trust isnt easy it requires vulnerability',
    ]);
  });

  it('reports a long shared run once, whole', () => {
    const source = 'one two three four five six seven eight nine ten';
    expect(
      sharedRuns('zero one two three four five six seven eight nine ten eleven', source, 8),
    ).toEqual(['one two three four five six seven eight nine ten']);
    expect(sharedRuns('one two three four five six seven', source, 8)).toEqual([]);
  });
});

describe('scripts/check-originality.ts', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tend-originality-'));

  it('passes with a notice when the source is not beside the repository', async () => {
    const { stdout } = await run(TSX, [SCRIPT, join(dir, 'absent.txt')]);
    expect(stdout).toMatch(/not found/);
  });

  it('fails and names the file when content shares eight words with the source', async () => {
    const lesson = readFileSync(join(CONTENT_DIR, 'rebuilding-trust', 'lesson-04.md'), 'utf8');
    // The first line of the body, after the front matter.
    const sentence = lesson.split('\n---\n')[1]?.split('\n')[0] ?? '';
    expect(words(sentence).length).toBeGreaterThanOrEqual(8);
    const source = join(dir, 'source.txt');
    writeFileSync(source, `Some preamble. ${sentence} And more.`);
    const failure = await run(TSX, [SCRIPT, source]).then(
      () => null,
      (error: { code: number; stderr: string }) => error,
    );
    expect(failure?.code).toBe(1);
    expect(failure?.stderr).toContain(
      `content/rebuilding-trust/lesson-04.md: shares "${words(sentence).join(' ')}"`,
    );
  });
});
