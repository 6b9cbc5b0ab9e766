import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    root: new URL('..', import.meta.url).pathname,
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Integration tests start servers on 127.0.0.1; files run in parallel on separate ports.
    pool: 'forks',
    // A temporary folder of the run's own (TMPDIR), deleted at the end; then the run's own throw-away redis-server
    // (when installed) for the Redis cases: see test/helpers/redis.ts.
    globalSetup: ['test/helpers/temp-dir-global-setup.ts', 'test/helpers/redis-global-setup.ts'],
  },
});
