import { FAULTS, type Fault, startResendServer } from './resend-server.ts';

/**
 * The Resend double as a process of its own, for the crash test and benchmarks:
 *   tsx test/support/resend-server-main.ts [--port N] [--fault-rate 0.3] [--slow-ms 2000]
 *     [--rate-limit 5] [--log FILE]
 * Prints one JSON line {"url","port"} once it listens. The emails it accepted are at
 * GET /_double/accepted (and appended to FILE with --log); every request at /_double/requests.
 */
const args = new Map<string, string>();
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i += 2) {
  const name = argv[i];
  const value = argv[i + 1];
  if (!name?.startsWith('--') || value === undefined) {
    console.error(
      `usage: resend-server-main [--port N] [--fault-rate R] [--slow-ms MS] [--rate-limit N] [--log FILE]`,
    );
    process.exit(2);
  }
  args.set(name.slice(2), value);
}

const faultRate = Number(args.get('fault-rate') ?? 0);
const rateLimit = args.has('rate-limit') ? Number(args.get('rate-limit')) : undefined;
const logFile = args.get('log');
const server = await startResendServer({
  port: Number(args.get('port') ?? 0),
  slowMs: Number(args.get('slow-ms') ?? 2000),
  keepBodies: false,
  ...(rateLimit !== undefined ? { rateLimit } : {}),
  ...(logFile ? { logFile } : {}),
  faults: () =>
    Math.random() < faultRate ? (FAULTS[Math.floor(Math.random() * FAULTS.length)] as Fault) : null,
});
console.log(JSON.stringify({ url: server.url, port: server.port }));

const stop = async () => {
  await server.close();
  process.exit(0);
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
