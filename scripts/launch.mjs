// Runs one of Tend's bundled entry points (scripts/build.mjs) in a child Node process with the
// V8 settings Tend is measured with, building it first when the sources are newer:
// `node scripts/launch.mjs node` is `npm start`, bin/tend.js runs `cli`.
//
// --max-semi-space-size=4: V8's young generation stays at a few MB instead of growing to
// 16 MB per semi-space. Sending allocates each batch's emails and lets them die young, so a
// large young generation only holds garbage longer: with it a 100,000-lesson tick peaks at
// about 170 MB, without it at about 120 MB, at the same speed (docs/performance.md).
import { spawn } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { buildIfStale, bundlePath, ENTRIES } from './build.mjs';

export const NODE_FLAGS = ['--max-semi-space-size=4'];

export async function launch(entry, args) {
  if (!Object.hasOwn(ENTRIES, entry)) {
    console.error(`tend: no entry point "${entry}" (one of: ${Object.keys(ENTRIES).join(', ')})`);
    process.exit(2);
  }
  await buildIfStale(entry);
  const child = spawn(process.execPath, [...NODE_FLAGS, bundlePath(entry), ...args], {
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
