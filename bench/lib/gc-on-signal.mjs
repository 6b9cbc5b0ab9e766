// Preloaded (`node --expose-gc --import`) into `node dist/main.js` by the memory scenario: on SIGUSR2 it runs a
// full garbage collection and prints `BENCH_HEAP <heapUsed bytes> <rss bytes>` on stderr, so the benchmark can
// tell memory the app still holds from garbage not yet collected. Nothing else changes.
process.on('SIGUSR2', () => {
  globalThis.gc?.();
  const { heapUsed, rss } = process.memoryUsage();
  process.stderr.write(`BENCH_HEAP ${heapUsed} ${rss}\n`);
});
