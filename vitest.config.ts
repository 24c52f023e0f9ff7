import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

// Tests of pure logic and of the sandbox in-process: no CLI, no process-wide state a test leaves
// behind (spies are restored). They share one process per worker instead of a fresh one per file:
// starting a process and loading Vitest again was most of their time.
const IN_PROCESS = [
  'test/unit-*.test.ts',
  'test/catalog*.test.ts',
  'test/oracle.test.ts',
  'test/sandbox*.test.ts',
  'test/commercetools-export.test.ts',
  'test/datasets-script.test.ts',
  'test/tenant-set-up.test.ts',
];
// The throttle test asserts on the sandbox's arrival timestamps, so it must not run beside the
// end-to-end files, whose two workers and their CLIs keep about four processes busy (beside four
// busy loops on two cores, 3 of 5 runs saw 42–46 of 40 arrive in the shortened window). It runs
// first, in a project of its own whose name sorts before the others (Vitest starts the projects
// of a group in name order), beside the in-process files on the other worker: about one busy
// core, as beside two busy loops, where it passed 5 of 5. Its paced pushes (about 4 s, little
// CPU) overlap their work instead of ending the run alone. The ETA test (in e2e-run-log) runs
// with the rest, beside its own file's tests: its push is paced by its own throttle (20 calls a
// second, which a loaded machine keeps).
const TIMING_SENSITIVE = ['test/e2e-throttle.test.ts'];
// The rest runs at least two files at a time: Vitest's default, one fewer worker than CPUs, is a
// single worker on a 2-core machine, while an e2e file (the sandbox in the worker, the CLI in a
// child) keeps only about one core busy.
const MAIN_WORKERS = Math.max(2, availableParallelism() - 1);
// The end-to-end files share a process per worker too: none sets process.env or a global, spies,
// mocks a module or changes directory, and each closes the servers it starts. A fresh process and
// Vitest for each cost about 1 s of CPU a file (the suite: 390 → 357 s of CPU, 235 → 216 s).
const MAIN_ISOLATE = false;

export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    globalSetup: ['test/global-setup.ts'],
    projects: [
      {
        extends: true,
        test: { name: 'in-process', include: IN_PROCESS, isolate: false, maxWorkers: MAIN_WORKERS, sequence: { groupOrder: 0 } },
      },
      {
        extends: true,
        test: {
          name: 'main',
          isolate: MAIN_ISOLATE,
          include: ['test/**/*.test.ts'],
          exclude: [...IN_PROCESS, ...TIMING_SENSITIVE],
          maxWorkers: MAIN_WORKERS,
          sequence: { groupOrder: 0 },
        },
      },
      { extends: true, test: { name: 'arrivals', include: TIMING_SENSITIVE, maxWorkers: MAIN_WORKERS, sequence: { groupOrder: 0 } } },
    ],
  },
});
