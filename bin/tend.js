#!/usr/bin/env node
// The `tend` command: src/cli.ts, bundled by scripts/build.mjs (rebuilt when the sources are
// newer) and run by scripts/launch.mjs.
import { launch } from '../scripts/launch.mjs';

await launch('cli', process.argv.slice(2));
