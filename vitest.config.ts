import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['shared/**/*.test.ts', 'server/**/*.test.ts', 'electron/**/*.test.ts', 'renderer/**/*.test.ts', 'integration/**/*.test.ts', 'resources/**/*.test.ts', 'scripts/**/*.test.ts', 'test-support/**/*.test.ts'],
    globalSetup: ['test-support/postgres-global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // PGlite instances are ~1 GB each and the machine has 2 cores: keep parallelism modest.
    maxWorkers: 2,
  },
});
