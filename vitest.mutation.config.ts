import { defineConfig } from 'vitest/config';

// The unit tests (plain data, no sandbox server, no spawned CLI) that reach src/plan and
// src/catalog, for `npm run mutation`: Stryker runs the tests covering a mutant once per mutant, and
// every test for a mutant of module-level code, so no e2e suite belongs here, nor the seconds-long
// ones (catalog-large's big generated files, unit-run's real-timer queue tests).
export default defineConfig({
  test: {
    include: [
      'test/catalog.test.ts',
      'test/catalog-kinds.test.ts',
      'test/catalog-valid.test.ts',
      'test/catalog-scan.test.ts',
      'test/unit-row-index.test.ts',
      'test/unit-plan.test.ts',
      'test/unit-plan-*.test.ts',
      'test/unit-catalog-*.test.ts',
      'test/unit-field-hash.test.ts',
      'test/unit-bodies.test.ts',
      'test/unit-change-log.test.ts',
      'test/unit-tenant-check.test.ts',
      'test/unit-source-spool.test.ts',
      'test/unit-sources.test.ts',
    ],
    // One module graph for all the files (they keep no state between them): a mutant's covering
    // tests then run in a third of the time, the modules not loaded again for each test file.
    isolate: false,
    testTimeout: 60_000,
    pool: 'forks',
    maxWorkers: 1,
  },
});
