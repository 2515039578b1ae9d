import { mkdtempSync, rmSync } from 'node:fs';
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
  onTestFinished(() => removeDir(dir));
  return dir;
}
