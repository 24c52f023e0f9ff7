// Work a test file starts at once and checks later: a paced push or a fault soak that mostly waits
// runs beside the file's other tests instead of holding a worker idle.
import type { RunnerTask, RunnerTestFile, RunnerTestSuite } from 'vitest';

/** A job running beside a file's tests: its test awaits `result`; the file's cleanup awaits `settled`. */
export interface BackgroundJob<T> {
  result: Promise<T>;
  /** Resolves once the job has ended, either way, and `release` has run on what it returned. */
  settled(): Promise<void>;
}

/**
 * Starts `job` now, for the test named `testName` in `suite` (the file `beforeAll` is given), unless
 * that test will not run: a `-t` filter, a skip or another test's `.only` leaves it out, and then
 * the job never starts and its result never comes (nothing awaits it). Its rejection is its test's
 * to report, not an unhandled one before that test runs.
 */
export function inBackground<T>(
  suite: Readonly<RunnerTestSuite | RunnerTestFile>,
  testName: string,
  job: () => Promise<T>,
  release: (value: T) => Promise<void> = async () => {},
): BackgroundJob<T> {
  if (!willRun(suite, testName)) return { result: new Promise<T>(() => {}), settled: async () => {} };
  const result = job();
  result.catch(() => undefined);
  return {
    result,
    settled: async () => {
      const value = await result.then(
        (done) => ({ done }),
        () => undefined,
      );
      if (value) await release(value.done);
    },
  };
}

/** Whether the test named `name` in a file or suite will run. */
function willRun(suite: Readonly<RunnerTestSuite | RunnerTestFile>, name: string): boolean {
  const found = (tasks: readonly RunnerTask[]): RunnerTask | undefined => {
    for (const task of tasks) {
      if (task.type === 'test' && task.name === name) return task;
      if (task.type === 'suite') {
        const inner = found(task.tasks);
        if (inner) return inner;
      }
    }
    return undefined;
  };
  const test = found(suite.tasks);
  if (!test) throw new Error(`no test named ${JSON.stringify(name)} in ${suite.name}`);
  return test.mode === 'run' || test.mode === 'only';
}
