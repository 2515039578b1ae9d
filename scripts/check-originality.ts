/**
 * Shows that no file in content/ shares a run of eight or more words with the course's
 * source, ../shared/seeds/rebuilding-trust.txt (words compared as in shared-runs.ts). Run by
 * `npm run check`. The source lives beside the repository, not in it: a clone without it
 * gets a one-line notice and passes.
 *
 *   tsx scripts/check-originality.ts [SOURCE]   SOURCE: another path to the source text
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sharedRuns } from './shared-runs.ts';

const RUN_LENGTH = 8;
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const SEED = resolve(
  process.argv[2] ?? join(ROOT, '..', 'shared', 'seeds', 'rebuilding-trust.txt'),
);
const CONTENT = join(ROOT, 'content');

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) =>
      entry.isDirectory() ? filesUnder(join(dir, entry.name)) : [join(dir, entry.name)],
    )
    .sort();
}

if (!existsSync(SEED)) {
  console.log(`originality: ${relative(ROOT, SEED)} not found, nothing to compare against`);
  process.exit(0);
}

const seed = readFileSync(SEED, 'utf8');
const files = filesUnder(CONTENT);
let shared = 0;
for (const file of files) {
  for (const run of sharedRuns(readFileSync(file, 'utf8'), seed, RUN_LENGTH)) {
    shared += 1;
    console.error(`${relative(ROOT, file)}: shares "${run}"`);
  }
}
if (shared > 0) {
  console.error(`originality: ${shared} run(s) of ${RUN_LENGTH}+ words shared with the source`);
  process.exit(1);
}
console.log(
  `originality: ${files.length} files share no run of ${RUN_LENGTH} words with the source`,
);
