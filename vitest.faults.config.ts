import { defineConfig } from 'vitest/config';

// The fault, abuse and soak suite (`npm run test:faults`), apart from `npm test`: it starts
// its own Redis instances, proxies and app processes, cuts and stalls them, and takes
// minutes. Files run one at a time so their timings are not each other's noise.
export default defineConfig({
  test: {
    name: 'faults',
    include: ['tests/faults/**/*.faults.test.ts'],
    globalSetup: ['tests/support/global-setup.ts'],
    testTimeout: 120_000,
    hookTimeout: 60_000,
    fileParallelism: false,
  },
});
