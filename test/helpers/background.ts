// Work a test file starts at once and checks later: a paced push or a fault soak that mostly waits
// runs beside the file's other tests instead of holding a worker idle.

/** A job running beside a file's tests: its test awaits `result`; the file's cleanup awaits `settled`. */
export interface BackgroundJob<T> {
  result: Promise<T>;
  /** Resolves once the job has ended, either way, and `release` has run on what it returned. */
  settled(): Promise<void>;
}

/** Starts `job` now. Its rejection is its test's to report, not an unhandled one before that test runs. */
export function inBackground<T>(job: () => Promise<T>, release: (value: T) => Promise<void> = async () => {}): BackgroundJob<T> {
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
