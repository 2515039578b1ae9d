import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The pages' Content Security Policy (`style-src 'self'`) makes a browser ignore every
 * `style="…"` attribute, so a style written inline silently does nothing: the journal once
 * lost its readers' line breaks that way. Styles belong in src/pages/assets.ts. (The browser
 * suite, test/browser/, fails on the violation itself; this names the file at once.)
 */
const FOLDERS = ['src/pages', 'src/routes'];

describe('pages', () => {
  it('have no inline style attributes', () => {
    const offenders: string[] = [];
    for (const folder of FOLDERS) {
      for (const name of readdirSync(folder)) {
        if (!name.endsWith('.tsx')) continue;
        const lines = readFileSync(join(folder, name), 'utf8').split('\n');
        lines.forEach((line, index) => {
          if (/\sstyle=/.test(line)) offenders.push(`${folder}/${name}:${index + 1}`);
        });
      }
    }
    expect(offenders).toEqual([]);
  });
});
