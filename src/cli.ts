import { runCli } from './cli/main.ts';

/** The `tend` command (bin/tend.js runs this through tsx): process.env and argv in, status out. */
const out = (text: string) =>
  new Promise<void>((resolve, reject) => {
    process.stdout.write(text, (error) => (error ? reject(error) : resolve()));
  });

// A reader that stops early (`tend export | head`) closes the pipe: stop quietly, as Unix
// tools do, rather than with a stack trace.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  console.error(`tend: ${error.message}`);
  process.exit(1);
});

runCli(process.argv.slice(2), {
  env: process.env,
  out,
  err: { write: (text) => process.stderr.write(text), isTTY: process.stderr.isTTY === true },
  cwd: process.cwd(),
}).then(
  // Exit once stdout is flushed: a large export into a pipe must not be cut short.
  (code) => process.stdout.write('', () => process.exit(code)),
  (error: Error) => {
    console.error(`tend: ${error.message}`);
    process.exit(1);
  },
);
