import { defineConfig } from 'vitest/config';

// Three suites that can run alone (npm run test:unit / test:integration / test:browser);
// `npm test` runs them all. Integration and browser suites share one global setup that
// brings up MariaDB and Redis and migrates a fresh test database. The fault suite
// (tests/faults, `npm run test:faults`) has a config of its own: vitest.faults.config.ts.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['tests/**/*.unit.test.ts'],
        },
      },
      {
        test: {
          name: 'integration',
          include: ['tests/**/*.test.ts'],
          exclude: ['tests/**/*.unit.test.ts', 'tests/**/*.browser.test.ts', 'tests/faults/**'],
          globalSetup: ['tests/support/global-setup.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'browser',
          include: ['tests/**/*.browser.test.ts'],
          globalSetup: ['tests/support/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
