import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

// The throttle tests assert on the sandbox's arrival timestamps; they run after everything else,
// alone (one worker), so CPU contention from other test files cannot skew those timestamps.
const TIMING_SENSITIVE = ['test/e2e-throttle.test.ts', 'test/e2e-eta.test.ts'];
// The rest runs at least two files at a time: Vitest's default, one fewer worker than CPUs, is a
// single worker on a 2-core machine, while an e2e file (the sandbox in the worker, the CLI in a
// child) keeps only about one core busy.
const MAIN_WORKERS = Math.max(2, availableParallelism() - 1);

export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    projects: [
      {
        extends: true,
        test: { name: 'main', include: ['test/**/*.test.ts'], exclude: TIMING_SENSITIVE, maxWorkers: MAIN_WORKERS, sequence: { groupOrder: 0 } },
      },
      { extends: true, test: { name: 'timing', include: TIMING_SENSITIVE, maxWorkers: 1, sequence: { groupOrder: 1 } } },
    ],
  },
});
