import { mkdtempSync, rmSync } from 'node:fs';
import { access } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { onTestFinished } from 'vitest';

/** Removes a folder and everything in it; does nothing if it is already gone. */
export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/**
 * A fresh folder in the system's temporary folder, removed once the current test has finished
 * (after its afterEach hooks). Call it from inside a test, not from beforeAll or a describe.
 */
export function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  onTestFinished(async () => {
    await settleFileOperations(dir);
    removeDir(dir);
  });
  return dir;
}

/**
 * Waits for file operations the code under test started on `dir` without awaiting them:
 * fileOutboxStore begins a mkdir of its folder when it is made, and only awaits it before
 * writing or listing. When the thread pool is busy that mkdir can still be queued as the test
 * ends, and removing the folder under it makes it reject with nobody listening. The pool's
 * queue is first in, first out, and a recursive mkdir takes at most a few steps, so a few
 * trips through it of our own let it finish first.
 */
async function settleFileOperations(dir: string): Promise<void> {
  for (let trip = 0; trip < 4; trip++) await access(dir).catch(() => undefined);
}
