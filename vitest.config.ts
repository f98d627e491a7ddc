import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['tests/**/*.test.{ts,tsx}'],
    globalSetup: ['tests/global-setup.ts'],
    setupFiles: ['tests/setup.ts'],
    // Budgets, not expectations: the suite shares 2 cores with whatever else runs, where a step that takes
    // 100 ms alone can take seconds. Browser suites and fixtures set larger budgets of their own
    // (tests/helpers/chromium.ts, tests/helpers/browser.ts); nothing here asserts a duration.
    testTimeout: 60_000,
    hookTimeout: 120_000,
    teardownTimeout: 60_000,
    // One test file per core, each in its own process (a file's Chromium and KDF workers end with it).
    pool: 'forks',
    maxWorkers: 2,
  },
})
