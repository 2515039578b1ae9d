import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The folder of Tend's package.json, found upwards from this module: the same folder whether
 * the code runs from src/ through tsx or bundled into dist/ (scripts/build.mjs), so that files
 * read at run time (content/, the SQL migrations) are found either way.
 */
export function packageRoot(from = dirname(fileURLToPath(import.meta.url))): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) throw new Error(`no package.json above ${from}`);
  }
}
