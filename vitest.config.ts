import { defineConfig } from 'vitest/config';

// The throttle tests assert on the sandbox's arrival timestamps; they run after everything else,
// alone, so CPU contention from other test files cannot skew those timestamps.
const TIMING_SENSITIVE = ['test/e2e-throttle.test.ts', 'test/e2e-eta.test.ts'];

export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    projects: [
      { extends: true, test: { name: 'main', include: ['test/**/*.test.ts'], exclude: TIMING_SENSITIVE, sequence: { groupOrder: 0 } } },
      { extends: true, test: { name: 'timing', include: TIMING_SENSITIVE, sequence: { groupOrder: 1 } } },
    ],
  },
});
