import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/{unit,integration,electron,renderer,crash,security,model}/**/*.test.{ts,tsx}'],
    environment: 'node',
    // Integration tests start real servers and processes; two cores are shared with other work.
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
  },
});
