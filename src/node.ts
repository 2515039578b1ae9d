import { serve } from '@hono/node-server';
import cron from 'node-cron';
import { createApp } from './app.ts';
import { confirmationSender, warmStartVariants } from './delivery/confirmation-sender.ts';
import { tick } from './delivery/tick.ts';
import { nodeDeps } from './node/deps.ts';
import { nextTurn } from './node/next-turn.ts';
import { batchedSignups } from './subscribers/signup-batches.ts';

/** The Node runtime: SQLite, an HTTP server and a scheduler pass every minute. */
async function main() {
  const { deps, close } = await nodeDeps(process.env);
  const { log, config } = deps;
  // Signups answer first; this sends their confirmations just after, in batches when many
  // arrive together. A pass starts once the event loop has written the answers in hand
  // (setImmediate). A first pass sends what a stop or crash left queued.
  await warmStartVariants(deps).catch((error: Error) => {
    // Sending will try again and say why for each email; the server can still take signups.
    log.error('confirmations.warm_failed', { reason: error.message });
  });
  const confirmations = confirmationSender(deps, { defer: setImmediate });
  void confirmations.kick();
  const app = createApp(deps, {
    confirmationsQueued: () => void confirmations.kick(),
    // Signups of one turn of the event loop share a transaction (one commit).
    signUp: batchedSignups(deps, setImmediate),
  });

  const scheduler = cron.schedule(
    '* * * * *',
    async () => {
      try {
        // Planning yields between pages: provider answers and requests get in meanwhile.
        const report = await tick(deps, deps.clock(), { yieldToLoop: nextTurn });
        if (report.planned + report.sent + report.failed + report.retried > 0) {
          log.info('tick', { ...report });
        }
      } catch (error) {
        log.error('tick.failed', { reason: (error as Error).message });
      }
    },
    { name: 'tend-scheduler', noOverlap: true },
  );

  // 127.0.0.1 unless HOST says otherwise: a development server is nobody else's business.
  const server = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, (info) => {
    log.info('listening', {
      url: config.publicUrl,
      host: info.address,
      port: info.port,
      mailer: deps.mailer.name,
      ...(deps.outbox && !config.production ? { outbox: `${config.publicUrl}/dev/outbox` } : {}),
    });
  });
  server.on('error', (error: NodeJS.ErrnoException) => {
    const reason =
      error.code === 'EADDRINUSE'
        ? `port ${config.port} is already in use (set PORT)`
        : error.code === 'EADDRNOTAVAIL'
          ? `HOST ${config.host} is not an address of this machine`
          : error.message;
    console.error(`tend: ${reason}`);
    process.exit(1);
  });

  let stopping = false;
  const stop = async () => {
    // A signal can come twice (a terminal's Ctrl-C reaches the launcher and this process).
    if (stopping) return;
    stopping = true;
    await scheduler.stop();
    server.close();
    // A pass under way finishes (bounded: a run's calls time out); what is left stays queued.
    await Promise.race([
      confirmations.idle(),
      new Promise((resolve) => setTimeout(resolve, 10_000)),
    ]);
    await close();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: Error) => {
  console.error(`tend: ${error.message}`);
  process.exit(1);
});
