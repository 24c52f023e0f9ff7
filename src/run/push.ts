// push: read → validate → plan → execute → report. Returns data; the CLI renders it.
import path from 'node:path';
import { readCatalog } from '../catalog/index.js';
import { type CatalogKind, formatIssue, type ReadResult } from '../catalog/types.js';
import { InputError } from '../errors.js';
import { JasperClient } from '../jasper/client.js';
import type { Send } from '../jasper/http.js';
import { desiredState, type VariantMode } from '../plan/desired.js';
import { planWrites } from '../plan/diff.js';
import { readNeeds } from '../plan/keys.js';
import { EMPTY_CACHE } from '../plan/remote.js';
import { type EntityKind, ENTITY_LABELS, type Outcome, type Plan, STAGES, stageOf } from '../plan/types.js';
import type { Sleep } from './backoff.js';
import { CallQueue } from './call-queue.js';
import { ChangeCache } from './change-cache.js';
import { type Execution, Executor, type StopReason } from './executor.js';
import { Journal, readJournal } from './journal.js';
import { loadRemote } from './remote-loader.js';
import { createRunFolder, findRunToResume, newRunId, type RunFolder } from './run-dir.js';
import { writeFailures, writeResults, writeSummary } from './run-files.js';
import { rowOutcomes, type RowOutcome } from './row-outcomes.js';
import { acquireTenantLock, type LockHolder } from './tenant-lock.js';

/** Input problems listed when a push refuses an invalid file. */
export const MAX_ISSUES_SHOWN = 50;

export interface PushOptions {
  kind: CatalogKind;
  files: string[];
  apiUrl: string;
  /** Where the change cache and tenant locks live (beside the profiles). */
  stateDir: string;
  runDir: string;
  throttleLimit: number;
  throttleSeconds: number;
  concurrency: number;
  maxRetries: number;
  variantMode: VariantMode;
  priceBase: string;
  columnMap?: Record<string, string>;
  dryRun?: boolean;
  full?: boolean;
  reconcile?: boolean;
  resume?: string | true;
  skipInvalid?: boolean;
  wait?: boolean;
}

export interface StageProgress {
  stage: string;
  total: number;
}

/** What the core tells the outside while it works; every member optional. */
export interface PushEvents {
  phase?(phase: 'reading' | 'locking' | 'reading-jasper' | 'planning' | 'writing' | 'finishing'): void;
  warning?(text: string): void;
  waitingForLock?(holder: LockHolder): void;
  planned?(stages: StageProgress[]): void;
  taskDone?(stage: string, outcome: Outcome): void;
}

export type OutcomeCounts = Record<Outcome, number>;

export interface PushResult {
  runId: string | undefined;
  runPath: string | undefined;
  kind: CatalogKind;
  mode: 'delta' | 'full' | 'reconcile';
  dryRun: boolean;
  resumed: boolean;
  entities: Partial<Record<EntityKind, OutcomeCounts>>;
  rows: OutcomeCounts & { total: number };
  /** Calls the plan would make (dry run) or made to write (a real run). */
  plannedWrites: number;
  /** Calls spent reading Jasper before planning. */
  readCalls: number;
  calls: number;
  rateLimited: number;
  durationMs: number;
  callsPerSecond: number;
  stop: StopReason | undefined;
  failuresFile: string | undefined;
  resultsFile: string | undefined;
  warnings: string[];
}

export interface PushDeps {
  send: Send;
  events?: PushEvents;
  sleep?: Sleep;
  /** Aborted on Ctrl-C. */
  signal?: AbortSignal;
}

export async function push(options: PushOptions, deps: PushDeps): Promise<PushResult> {
  const started = performance.now();
  const events = deps.events ?? {};
  events.phase?.('reading');
  const read = await readCatalog(options.files, { kind: options.kind, priceBase: options.priceBase, ...(options.columnMap ? { columnMap: options.columnMap } : {}) });
  const warnings = read.issues.filter((issue) => issue.severity === 'warning').map(formatIssue);
  for (const warning of warnings) events.warning?.(warning);
  assertValid(read, Boolean(options.skipInvalid));

  const queue = new CallQueue(deps.send, {
    limit: options.throttleLimit,
    windowMs: options.throttleSeconds * 1000,
    concurrency: options.concurrency,
    maxRetries: options.maxRetries,
    ...(deps.sleep ? { sleep: deps.sleep } : {}),
  });
  const client = new JasperClient(queue.send);
  const stopOnSignal = () => queue.stop();
  deps.signal?.addEventListener('abort', stopOnSignal, { once: true });

  let lock: { release(): void } | undefined;
  let run: RunFolder | undefined;
  let journal: Journal | undefined;
  try {
    if (!options.dryRun) {
      events.phase?.('locking');
      const resumed = options.resume ? findRunToResume(options.runDir, options.resume, options.apiUrl, options.kind, options.files) : undefined;
      const runId = resumed?.id ?? newRunId();
      lock = await acquireTenantLock(options.stateDir, options.apiUrl, runId, {
        ...(options.wait ? { wait: true } : {}),
        onWait: (holder) => events.waitingForLock?.(holder),
        ...(deps.signal ? { signal: deps.signal } : {}),
        ...(deps.sleep ? { sleep: deps.sleep } : {}),
      });
      run = resumed ?? createRunFolder(options.runDir, options.apiUrl, options.kind, options.files, runId);
      journal = new Journal(path.join(run.path, 'journal.jsonl'));
    }

    const cache = ChangeCache.load(options.stateDir, options.apiUrl);
    // What an interrupted run confirmed is as good as the cache: fold its journal in first.
    if (run?.resumed) cache.apply(readJournal(journal!.path));
    const useCache = !options.full && !options.reconcile;
    const desired = desiredState(read.catalog, options.variantMode);

    events.phase?.('reading-jasper');
    const needs = readNeeds(desired, useCache ? cache : undefined, options.variantMode, options.kind);
    const remote = await loadRemote(client, needs, desired);
    const readCalls = queue.calls;

    events.phase?.('planning');
    const plan = planWrites(desired, remote, useCache ? cache : EMPTY_CACHE, {
      kind: options.kind,
      variantMode: options.variantMode,
      rewrite: Boolean(options.full),
    });
    for (const note of plan.notes) {
      warnings.push(note);
      events.warning?.(note);
    }
    events.planned?.(stageTotals(plan));

    let execution: Execution = { results: new Map(), stop: undefined };
    if (!options.dryRun && !deps.signal?.aborted) {
      events.phase?.('writing');
      journal!.open();
      const executor = new Executor(plan, {
        queue,
        client,
        journal: journal!,
        maxRetries: options.maxRetries,
        ...(deps.sleep ? { sleep: deps.sleep } : {}),
        onResult: (result) => events.taskDone?.(stageOf(result.task.entity), result.outcome),
      });
      const interrupt = () => executor.interrupt();
      deps.signal?.addEventListener('abort', interrupt, { once: true });
      execution = await executor.run();
      deps.signal?.removeEventListener('abort', interrupt);
    } else if (deps.signal?.aborted) {
      execution.stop = { kind: 'interrupted' };
    } else {
      // A dry run reports what each write would do.
      for (const task of plan.tasks) execution.results.set(task.id, { task, outcome: task.action === 'create' ? 'created' : 'updated' });
    }

    events.phase?.('finishing');
    if (!options.dryRun) {
      // The cache learns only what Jasper confirmed: unchanged entities and finished writes.
      cache.apply(plan.outcomes.map((outcome) => ({ task: outcome.id, outcome: outcome.outcome, ...(outcome.remoteId === undefined ? {} : { remoteId: outcome.remoteId }), ...(outcome.hash ? { hash: outcome.hash } : {}) })));
      // The earlier part of a resumed journal was folded in at the start: only this run's lines now.
      cache.apply(journal!.appended());
      cache.save();
    }
    const rows = rowOutcomes(options.kind, read.catalog, read.rejected, plan, execution.results);
    const result = summarise(options, plan, execution, rows, {
      run,
      calls: queue.calls,
      readCalls,
      rateLimited: queue.rateLimited,
      durationMs: performance.now() - started,
      warnings,
    });
    if (run) {
      result.resultsFile = writeResults(run.path, rows);
      result.failuresFile = await writeFailures(run.path, rows, options.columnMap);
      writeSummary(run.path, summaryDocument(result, options));
    }
    return result;
  } finally {
    journal?.close();
    lock?.release();
    deps.signal?.removeEventListener('abort', stopOnSignal);
    queue.stop();
  }
}

function assertValid(read: ReadResult, skipInvalid: boolean): void {
  const errors = read.issues.filter((issue) => issue.severity === 'error');
  if (errors.length === 0) return;
  const ofRows = new Set(read.rejected.flatMap((row) => row.issues));
  const rowless = errors.filter((issue) => !ofRows.has(issue));
  if (!skipInvalid || rowless.length > 0) {
    const all = skipInvalid ? rowless : errors;
    // A broken export can have an error on every row: show enough to act on, not a wall.
    const shown = all.slice(0, MAX_ISSUES_SHOWN).map(formatIssue);
    if (all.length > MAX_ISSUES_SHOWN) shown.push(`… and ${all.length - MAX_ISSUES_SHOWN} more (jasper-push validate lists them all)`);
    throw new InputError(
      `${errors.length} problem${errors.length === 1 ? '' : 's'} in the input; nothing was written.${skipInvalid ? '' : ' (--skip-invalid pushes the valid rows)'}`,
      shown,
    );
  }
}

function stageTotals(plan: Plan): StageProgress[] {
  return STAGES.map((stage) => ({ stage: stage.name, total: plan.tasks.filter((task) => stage.entities.includes(task.entity)).length })).filter(
    (stage) => stage.total > 0,
  );
}

const zero = (): OutcomeCounts => ({ created: 0, updated: 0, unchanged: 0, failed: 0, skipped: 0 });

function summarise(
  options: PushOptions,
  plan: Plan,
  execution: Execution,
  rows: RowOutcome[],
  extra: { run: RunFolder | undefined; calls: number; readCalls: number; rateLimited: number; durationMs: number; warnings: string[] },
): PushResult {
  const entities: Partial<Record<EntityKind, OutcomeCounts>> = {};
  const count = (entity: EntityKind, outcome: Outcome) => {
    const counts = (entities[entity] ??= zero());
    counts[outcome]++;
  };
  for (const outcome of plan.outcomes) count(outcome.entity, outcome.outcome);
  for (const result of execution.results.values()) count(result.task.entity, result.outcome);
  const rowCounts = { ...zero(), total: rows.length };
  for (const row of rows) rowCounts[row.outcome]++;
  const seconds = extra.durationMs / 1000;
  return {
    runId: extra.run?.id,
    runPath: extra.run?.path,
    kind: options.kind,
    mode: options.reconcile ? 'reconcile' : options.full ? 'full' : 'delta',
    dryRun: Boolean(options.dryRun),
    resumed: Boolean(extra.run?.resumed),
    entities,
    rows: rowCounts,
    plannedWrites: plan.tasks.length,
    readCalls: extra.readCalls,
    calls: extra.calls,
    rateLimited: extra.rateLimited,
    durationMs: Math.round(extra.durationMs),
    callsPerSecond: seconds > 0 ? Math.round((extra.calls / seconds) * 10) / 10 : 0,
    stop: execution.stop,
    failuresFile: undefined,
    resultsFile: undefined,
    warnings: extra.warnings,
  };
}

/** summary.json: plain data, entity names as users read them. */
export function summaryDocument(result: PushResult, options: PushOptions): unknown {
  return {
    runId: result.runId,
    apiUrl: options.apiUrl,
    kind: result.kind,
    files: options.files,
    mode: result.mode,
    delta: result.mode === 'delta',
    resumed: result.resumed,
    finishedAt: new Date().toISOString(),
    durationMs: result.durationMs,
    calls: result.calls,
    readCalls: result.readCalls,
    plannedWrites: result.plannedWrites,
    callsPerSecond: result.callsPerSecond,
    rateLimited: result.rateLimited,
    entities: Object.fromEntries(Object.entries(result.entities).map(([entity, counts]) => [ENTITY_LABELS[entity as EntityKind], counts])),
    rows: result.rows,
    stopped: result.stop ? { reason: result.stop.kind, ...('error' in result.stop ? { error: result.stop.error.message } : {}) } : null,
    failuresFile: result.failuresFile ?? null,
    resultsFile: result.resultsFile ?? null,
    peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
  };
}

