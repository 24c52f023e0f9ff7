import { availableParallelism } from 'node:os';
import path from 'node:path';
import { defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

// The throttle tests assert on the sandbox's arrival timestamps; they run after everything else,
// alone (one worker), so CPU contention from other test files cannot skew those timestamps.
const TIMING_SENSITIVE = ['test/e2e-throttle.test.ts', 'test/e2e-eta.test.ts'];
// The rest runs at least two files at a time: Vitest's default, one fewer worker than CPUs, is a
// single worker on a 2-core machine, while an e2e file (the sandbox in the worker, the CLI in a
// child) keeps only about one core busy.
const MAIN_WORKERS = Math.max(2, availableParallelism() - 1);

// The files that take longest (a whole real-data push, fault soaks, tables of CLI runs), longest
// first. Vitest starts files it has no timings for (a fresh clone, CI) largest first, and a short
// file with one long test (the Luma push) then started last and ran alone on one core for a minute.
const LONGEST_FIRST = [
  'test/e2e-sources-magento.test.ts',
  'test/e2e-push.test.ts',
  'test/e2e-presentation.test.ts',
  'test/e2e-options.test.ts',
  'test/e2e-sources.test.ts',
  'test/e2e-faults.test.ts',
  'test/e2e-commercetools-faults.test.ts',
  'test/e2e-media.test.ts',
  'test/secrets.test.ts',
];

class LongestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const rank = (file: TestSpecification) => {
      const index = LONGEST_FIRST.indexOf(path.relative(file.project.config.root, file.moduleId));
      return index < 0 ? LONGEST_FIRST.length : index;
    };
    // Stable: within a project's group, Vitest's own order (timings, else size) after the listed files.
    return (await super.sort(files)).sort((a, b) => a.project.config.sequence.groupOrder - b.project.config.sequence.groupOrder || rank(a) - rank(b));
  }
}

export default defineConfig({
  test: {
    sequence: { sequencer: LongestFirst },
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
