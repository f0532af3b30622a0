import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['packages/*/test/**/*.test.ts', 'services/*/test/**/*.test.ts', 'tests/**/*.test.ts'],
    globalSetup: ['tests/setup/global-setup.ts'],
    setupFiles: ['tests/setup/worker-env.ts'],
    pool: 'forks',
    testTimeout: 180_000,
    hookTimeout: 600_000,
    teardownTimeout: 120_000,
  },
});
