import { defineConfig } from 'vitest/config';

// The unit tests that exercise src/plan and src/catalog on plain data, for `npm run mutation`:
// Stryker runs them once per mutant, so no e2e suite (a sandbox and a spawned CLI per test) belongs here.
export default defineConfig({
  test: {
    include: [
      'test/catalog.test.ts',
      'test/catalog-kinds.test.ts',
      'test/catalog-valid.test.ts',
      'test/catalog-scan.test.ts',
      'test/unit-row-index.test.ts',
      'test/unit-plan.test.ts',
      'test/unit-plan-media.test.ts',
      'test/unit-field-hash.test.ts',
      'test/unit-catalog-*.test.ts',
      'test/unit-plan-*.test.ts',
    ],
    testTimeout: 60_000,
    pool: 'forks',
    maxWorkers: 1,
  },
});
