/**
 * Writes src/course/bundled-content.ts: every course's files as one module, so a Worker (which
 * has no file system) gets the same name -> text map that Node reads from content/. A
 * generated TypeScript module rather than an import of the .md files themselves because
 * it needs no loader configuration: esbuild (`wrangler deploy`) and Vite (the Workers test
 * pool) both take it as it is. The file is committed; `--check` (run by `npm run check`)
 * fails when it no longer matches content/, so a stale bundle cannot reach a deploy.
 *
 *   tsx scripts/bundle-content.ts           rewrite the module
 *   tsx scripts/bundle-content.ts --check   exit 1 if it is out of date
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { courseBundleSource } from '../src/course/bundle-source.ts';
import { readContentFolders } from '../src/node/course-files.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const COURSE_DIR = join(ROOT, 'content');
const OUTPUT = join(ROOT, 'src', 'course', 'bundled-content.ts');

const expected = courseBundleSource(readContentFolders(COURSE_DIR), relative(ROOT, COURSE_DIR));
let current: string | undefined;
try {
  current = readFileSync(OUTPUT, 'utf8');
} catch {
  current = undefined;
}

if (process.argv.includes('--check')) {
  if (current !== expected) {
    console.error(
      `${relative(ROOT, OUTPUT)} is out of date with ${relative(ROOT, COURSE_DIR)}/: run \`npm run bundle:content\` and commit it.`,
    );
    process.exit(1);
  }
} else if (current !== expected) {
  writeFileSync(OUTPUT, expected);
  console.log(`wrote ${relative(ROOT, OUTPUT)}`);
}
