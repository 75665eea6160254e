import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/{unit,integration,electron,renderer,crash,security,model}/**/*.test.{ts,tsx}'],
    environment: 'node',
    // Integration tests start real servers and processes; two cores are shared with other work.
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
    // Vitest's default on two cores is one worker, yet most of these tests wait on sockets and
    // child processes: two keep both cores busy. VITEST_WORKERS overrides it.
    maxWorkers: Number(process.env.VITEST_WORKERS ?? 2),
  },
});
