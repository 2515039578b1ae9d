// Runs one of Tend's bundled entry points (scripts/build.mjs) in a child Node process with the
// V8 settings Tend is measured with, building it first when the sources are newer:
// `node scripts/launch.mjs node` is `npm start`, bin/tend.js runs `cli`.
import { spawn } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { buildIfStale, bundlePath, ENTRIES } from './build.mjs';

/**
 * V8's settings for a run of `entry` with `args` (docs/performance.md, "Peak RSS" and
 * "Signup"):
 * - commands: a young generation of 2 MB semi-spaces instead of up to 16 MB. Sending
 *   allocates a batch's emails and drops them a moment later; a large young generation only
 *   holds that garbage longer.
 * - `tend tick`: also an old generation of at most 64 MB. A tick holds one page of
 *   subscribers or one batch at a time, about 25 MB of live heap whatever the list size, but
 *   with V8's default limit the old generation grows to twice that in garbage between
 *   collections: a 100,000-lesson tick peaked at about 200 MB of RSS, and at about 140 MB with
 *   the limit, for about a quarter more CPU. Other commands keep V8's default limit: an
 *   import holds the rows of its file until it writes them.
 * - the server: semi-spaces of 8 MB. Requests in flight live for tens of milliseconds, and
 *   2 MB filled up every few milliseconds under a burst of signups, so each collection copied
 *   them and often promoted them to the old generation: collections took about 0.17 ms of
 *   the event loop per signup with 2 MB, 0.12 with 8 and 0.08 with 16. The server also runs
 *   the daily pass, which peaked at 143 to 146 MB of RSS for 100,000 lessons with 8 MB,
 *   against 158 to 198 with 16 and 164 to 192 with 2 (fewer of a batch's objects outlive a
 *   larger young generation, so the old generation grows less).
 */
export function nodeFlags(entry, args) {
  if (entry === 'node') return ['--max-semi-space-size=8'];
  const flags = ['--max-semi-space-size=2'];
  if (args[0] === 'tick') flags.push('--max-old-space-size=64');
  return flags;
}

export async function launch(entry, args) {
  if (!Object.hasOwn(ENTRIES, entry)) {
    console.error(`tend: no entry point "${entry}" (one of: ${Object.keys(ENTRIES).join(', ')})`);
    process.exit(2);
  }
  await buildIfStale(entry);
  const child = spawn(process.execPath, [...nodeFlags(entry, args), bundlePath(entry), ...args], {
    stdio: 'inherit',
  });
  // Passed on, so that a process manager's SIGTERM to this process stops Tend gracefully.
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.on(signal, () => child.kill(signal));
  }
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const [entry = 'node', ...args] = process.argv.slice(2);
  await launch(entry, args);
}
