// Builds Tend's Node entry points into dist/ with esbuild: src/cli.ts -> dist/cli.mjs (the
// `tend` command) and src/node.ts -> dist/node.mjs (`npm start`). Dependencies stay in
// node_modules; only Tend's own TypeScript and TSX are bundled. Running the bundle instead of
// the sources through tsx saves tsx's loader (a thread with its own V8 isolate) and the
// compiling of each module at start: an idle `tend tick` peaks at about 90 MB instead of
// 150 MB (docs/performance.md).
//
// `node scripts/build.mjs` builds; scripts/launch.mjs builds when the bundle is older than
// the sources. content/ and src/db/migrations/ are read at run time, not bundled.
import { mkdirSync, readdirSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as esbuild from 'esbuild';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
export const ENTRIES = { cli: 'src/cli.ts', node: 'src/node.ts' };
const SOURCES = ['src', 'emails', 'package.json', 'tsconfig.json', 'scripts/build.mjs'];

export const bundlePath = (entry) => join(ROOT, 'dist', `${entry}.mjs`);

export async function build() {
  const result = await esbuild.build({
    absWorkingDir: ROOT,
    entryPoints: Object.fromEntries(
      Object.entries(ENTRIES).map(([name, source]) => [name, join(ROOT, source)]),
    ),
    outdir: join(ROOT, 'dist'),
    outExtension: { '.js': '.mjs' },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    sourcemap: 'linked',
    logLevel: 'warning',
    write: false,
  });
  // Written beside and renamed into place: a process starting meanwhile sees the old bundle
  // or the new one, never half of one.
  mkdirSync(join(ROOT, 'dist'), { recursive: true });
  for (const file of result.outputFiles) {
    const temporary = `${file.path}.${process.pid}.tmp`;
    writeFileSync(temporary, file.contents);
    renameSync(temporary, file.path);
  }
}

/** The newest modification time among the files a bundle is built from. */
function newestSource(path = ROOT, names = SOURCES) {
  let newest = 0;
  for (const name of names) {
    const file = join(path, name);
    const info = statSync(file, { throwIfNoEntry: false });
    if (!info) continue;
    newest = Math.max(
      newest,
      info.isDirectory() ? newestSource(file, readdirSync(file)) : info.mtimeMs,
    );
  }
  return newest;
}

export function isStale(entry) {
  const built = statSync(bundlePath(entry), { throwIfNoEntry: false });
  return !built || built.mtimeMs < newestSource();
}

export async function buildIfStale(entry) {
  if (isStale(entry)) await build();
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await build();
}
