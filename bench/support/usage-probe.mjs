import { writeFileSync } from 'node:fs';

/**
 * Preloaded into a measured child (`node --import ./bench/support/usage-probe.mjs dist/cli.mjs`):
 * at exit it writes the process's own peak RSS and CPU time to BENCH_USAGE_FILE, so the figure
 * is the kernel's high-water mark for the whole run, not a sample.
 */
const file = process.env.BENCH_USAGE_FILE;
if (file) {
  process.once('exit', () => {
    const own = process.resourceUsage();
    const usage = {
      maxRssBytes: own.maxRSS * 1024,
      cpuSeconds: (own.userCPUTime + own.systemCPUTime) / 1e6,
      uptimeSeconds: process.uptime(),
    };
    writeFileSync(file, JSON.stringify(usage));
  });
}

/** With BENCH_MEMORY_TRACE set, a line of memory figures (MB) on stderr twice a second. */
if (process.env.BENCH_MEMORY_TRACE) {
  const mb = (bytes) => Math.round(bytes / 1024 / 1024);
  setInterval(() => {
    const m = process.memoryUsage();
    process.stderr.write(
      `memory rss=${mb(m.rss)} heap=${mb(m.heapUsed)}/${mb(m.heapTotal)} external=${mb(m.external)} buffers=${mb(m.arrayBuffers)}\n`,
    );
  }, 500).unref();
}
