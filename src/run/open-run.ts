// The run folder a push writes to. A real push takes the tenant's lock first (one push per tenant
// at a time), then continues the run --resume names or starts a new one, with its journal; a dry
// run writes nothing to Jasper, but its plan gets the run files and report all the same.
import path from 'node:path';
import type { PushOptions } from '../report/push-result.js';
import type { Sleep } from './backoff.js';
import type { PushEvents } from './events.js';
import { Journal } from './journal.js';
import { createRunFolder, findRunToResume, newRunId, type RunFolder } from './run-dir.js';
import { acquireTenantLock } from './tenant-lock.js';

export interface OpenRun {
  run: RunFolder;
  /** Undefined for a dry run. */
  journal: Journal | undefined;
  /** Closes the journal and frees the lock. */
  close(): void;
}

export async function openRun(
  options: PushOptions,
  deps: { events: PushEvents; signal?: AbortSignal | undefined; sleep?: Sleep | undefined },
): Promise<OpenRun> {
  const { apiUrl, kind, files, runDir } = options;
  if (options.dryRun) return { run: createRunFolder(runDir, apiUrl, kind, files, newRunId(), true), journal: undefined, close: () => undefined };
  deps.events.phase?.('locking');
  const resumed = options.resume ? findRunToResume(runDir, options.resume, apiUrl, kind, files) : undefined;
  const runId = resumed?.id ?? newRunId();
  const lock = await acquireTenantLock(options.stateDir, apiUrl, runId, {
    ...(options.wait ? { wait: true } : {}),
    onWait: (holder) => deps.events.waitingForLock?.(holder),
    ...(deps.signal ? { signal: deps.signal } : {}),
    ...(deps.sleep ? { sleep: deps.sleep } : {}),
  });
  try {
    const run = resumed ?? createRunFolder(runDir, apiUrl, kind, files, runId);
    const journal = new Journal(path.join(run.path, 'journal.jsonl'));
    return {
      run,
      journal,
      close: () => {
        journal.close();
        lock.release();
      },
    };
  } catch (error) {
    lock.release();
    throw error;
  }
}
