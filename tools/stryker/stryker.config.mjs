// StrykerJS over the pure core (npm run mutation, from the repository root). Not part of npm test.
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.mutation.config.ts' },
  mutate: ['src/plan/**/*.ts', 'src/catalog/**/*.ts'],
  // Stryker's tsconfig preprocessor needs TypeScript's JavaScript API, which the TypeScript 7 that
  // builds the project does not ship; a tsconfig path that does not exist skips that step (vitest
  // transforms the TypeScript itself).
  tsconfigFile: 'tools/stryker/no-tsconfig.json',
  coverageAnalysis: 'perTest',
  // The machine is shared: 2 test processes at most (MUTATION_CONCURRENCY changes it).
  concurrency: Number(process.env.MUTATION_CONCURRENCY ?? 2),
  ignorePatterns: ['dist', 'bench', 'docs', '.jasper-push', 'tools', 'reports', '.ci'],
  reporters: ['json', 'clear-text', 'progress'],
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  clearTextReporter: { allowColor: false, logTests: false, reportScoreTable: true },
  tempDirName: '.stryker-tmp',
  thresholds: { high: 90, low: 80, break: null },
  timeoutMS: 5_000,
  // A static mutant (module-level code: the documented field lists, the header patterns) is only
  // reached while a module loads, so Stryker reruns every test for it: about 1 s each on two cores
  // against a few ms for the rest. They are left out (reported as Ignored) unless MUTATION_STATIC=1.
  ignoreStatic: process.env.MUTATION_STATIC !== '1',
  // A mutant's tests stop at the first that fails: several times faster (a planner mutant is
  // covered by hundreds of tests). MUTATION_ALL_KILLERS=1 runs every covering test for every mutant,
  // so killedBy names all the tests that kill it and `scores.mjs --without` can leave test files out.
  disableBail: process.env.MUTATION_ALL_KILLERS === '1',
  // `npm run mutation -- --incremental` reuses the results of mutants whose code and covering tests
  // did not change since the last run.
  incrementalFile: 'reports/mutation/stryker-incremental.json',
};
