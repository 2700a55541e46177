import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

/** Browser tests against the real server: one file at a time, generous timeouts. */
export default defineConfig({
  root: repoRoot,
  test: {
    include: ['test/e2e/**/*.e2e.test.ts'],
    globalSetup: ['test/e2e/global-setup.ts'],
    env: { HAITANG_E2E: '1' },
    testTimeout: 180_000,
    hookTimeout: 180_000,
    teardownTimeout: 30_000,
    fileParallelism: false,
    maxWorkers: 1,
    pool: 'forks',
    reporters: ['verbose'],
    expect: { poll: { timeout: 15_000, interval: 100 } },
  },
});
