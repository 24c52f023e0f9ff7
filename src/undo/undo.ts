// undo: takes a run back (SPEC §13). A run like a push: one throttled call queue, the tenant's
// lock, its own run folder with a journal of finished steps, summary and report. Undoing the
// same run again continues its undo: steps done are skipped, conflicts and failures tried again.
// Returns data; the CLI renders it.
import type { Send } from '../jasper/http.js';
import { JasperClient } from '../jasper/client.js';
import { isAuthFailure, isJasperApiError, type JasperApiError } from '../jasper/errors.js';
import { UsageError } from '../errors.js';
import type { Sleep } from '../run/backoff.js';
import { CallCancelledError, runQueue } from '../run/call-queue.js';
import { ChangeCache } from '../run/change-cache.js';
import { ChangeLog } from '../run/change-log.js';
import type { PushOptions, StopReason } from '../report/push-result.js';
import { TENANT_DOWN_AFTER } from '../run/executor.js';
import { acquireTenantLock, type LockHolder } from '../run/tenant-lock.js';
import { deleteCreated, restoreCategory } from './delete-created.js';
import { restoreProduct, type RestoreContext } from './product-restore.js';
import { restoreCacheEntries } from './undo-cache.js';
import { createUndoFolder, findRunToUndo, findUndo, saveMeta, StepJournal, type UndoFolder } from './undo-folder.js';
import { type UndoResult, UndoTally, writeUndoFiles } from './undo-files.js';
import { undoPhases } from './undo-steps.js';
import { type StepResult, type UndoStep, worstOutcome } from './undo-types.js';

/** Steps started at once; the call queue bounds the calls. */
const STEPS_IN_FLIGHT = 32;

/** Where, how fast and how a push runs, an undo runs the same. */
export interface UndoOptions extends Pick<
  PushOptions,
  'apiUrl' | 'stateDir' | 'runDir' | 'throttleLimit' | 'throttleSeconds' | 'concurrency' | 'maxRetries' | 'dryRun' | 'wait' | 'about'
> {
  runId: string;
  force?: boolean;
}

export interface UndoEvents {
  phase?(name: string): void;
  waitingForLock?(holder: LockHolder): void;
  stepDone?(outcome: string): void;
}

export interface UndoDeps {
  send: Send;
  events?: UndoEvents;
  sleep?: Sleep;
  signal?: AbortSignal;
}

export async function undo(options: UndoOptions, deps: UndoDeps): Promise<UndoResult> {
  const started = performance.now();
  const target = findRunToUndo(options.runDir, options.runId, options.apiUrl);
  const log = ChangeLog.existing(target.path);
  if (!log) throw new UsageError(`Run "${options.runId}" has no record of its changes (changes.sqlite): it was made by a version without undo.`);
  const earlier = findUndo(options.runDir, options.runId);
  const tally = new UndoTally(options.runId, Boolean(options.dryRun));
  if (earlier?.meta.finished && !options.dryRun) {
    log.close();
    return tally.result({ folder: earlier, alreadyDone: true, calls: 0, durationMs: performance.now() - started });
  }

  const queue = runQueue(deps.send, options, deps.sleep);
  const client = new JasperClient(queue.send);
  let stop: StopReason | undefined;
  const interrupt = () => {
    stop ??= { kind: 'interrupted' };
    queue.stop();
  };
  deps.signal?.addEventListener('abort', interrupt, { once: true });
  let lock: { release(): void } | undefined;
  let cache: ChangeCache | undefined;
  let folder: UndoFolder | undefined;
  let journal: StepJournal | undefined;
  try {
    if (!options.dryRun) {
      lock = await acquireTenantLock(options.stateDir, options.apiUrl, earlier?.id ?? options.runId, {
        ...(options.wait ? { wait: true } : {}),
        onWait: (holder) => deps.events?.waitingForLock?.(holder),
        ...(deps.signal ? { signal: deps.signal } : {}),
        ...(deps.sleep ? { sleep: deps.sleep } : {}),
      });
      folder = earlier ?? createUndoFolder(options.runDir, options.apiUrl, options.runId);
      if (earlier) {
        folder.meta.resumedAt = [...(folder.meta.resumedAt ?? []), new Date().toISOString()];
        saveMeta(folder.path, folder.meta);
      }
      journal = new StepJournal(folder.path);
      cache = ChangeCache.load(options.stateDir, options.apiUrl);
    }
    const finished = journal?.finished() ?? new Set<string>();
    const context: RestoreContext = { client, force: Boolean(options.force), dryRun: Boolean(options.dryRun) };
    let failuresInARow = 0;

    const runStep = async (step: UndoStep) => {
      try {
        const result = await perform(step, context);
        failuresInARow = 0;
        const outcome = worstOutcome(result.items);
        if (step.kind === 'delete' && step.record.entity === 'product' && outcome === 'done' && step.record.product) {
          // A product deleted takes its own rows with it: their cache entries go back too.
          result.restored.push(...log.forProduct(step.record.product).filter((record) => record.task !== step.record.task));
        }
        if (cache) restoreCacheEntries(cache, result);
        journal?.append({ step: step.id, outcome, items: result.items });
        tally.add(result.items);
        deps.events?.stepDone?.(outcome);
      } catch (error) {
        if (error instanceof CallCancelledError || (stop && !isJasperApiError(error))) return;
        if (isAuthFailure(error)) {
          stop ??= { kind: 'auth', error: error as JasperApiError };
          queue.stop();
          return;
        }
        if (isJasperApiError(error) && error.temporary && ++failuresInARow >= TENANT_DOWN_AFTER) {
          stop ??= { kind: 'tenant-down', error };
          queue.stop();
          return;
        }
        const reason = error instanceof Error ? error.message : String(error);
        journal?.append({ step: step.id, outcome: 'failed', items: [] });
        tally.stepFailed(step, reason);
      }
    };

    for (const phase of undoPhases(log)) {
      if (stop) break;
      let announced = false;
      const start = (step: UndoStep) => {
        if (finished.has(step.id)) return undefined;
        if (!announced) deps.events?.phase?.(phase.name);
        announced = true;
        return runStep(step);
      };
      await runAll(phase.steps(), start, () => stop !== undefined);
    }
    if (folder && !stop && !tally.leftToDo()) {
      folder.meta.finished = true;
      saveMeta(folder.path, folder.meta);
    }
    const result = tally.result({ folder, alreadyDone: false, calls: queue.calls, durationMs: performance.now() - started, stop });
    if (folder && journal)
      writeUndoFiles(folder, journal, result, {
        apiUrl: options.apiUrl,
        throttle: options,
        timeline: queue.timeline.all(),
        rateLimited: queue.rateLimited,
        ...(options.about ? { about: options.about } : {}),
      });
    return result;
  } finally {
    journal?.close();
    cache?.close();
    log.close();
    lock?.release();
    deps.signal?.removeEventListener('abort', interrupt);
    queue.stop();
  }
}

function perform(step: UndoStep, context: RestoreContext): Promise<StepResult> {
  if (step.kind === 'product') return restoreProduct(step.sku, step.records, context);
  if (step.kind === 'category') return restoreCategory(step.record, context);
  return deleteCreated(step.record, context);
}

/** Runs the steps with at most STEPS_IN_FLIGHT at once, taking them from the log as it goes. */
async function runAll(steps: Iterable<UndoStep>, run: (step: UndoStep) => Promise<void> | undefined, stopped: () => boolean): Promise<void> {
  const active = new Set<Promise<void>>();
  for (const step of steps) {
    if (stopped()) break;
    const running = run(step);
    if (!running) continue;
    const tracked = running.finally(() => active.delete(tracked));
    active.add(tracked);
    if (active.size >= STEPS_IN_FLIGHT) await Promise.race(active);
  }
  await Promise.all(active);
}
