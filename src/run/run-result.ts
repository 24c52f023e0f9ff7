// The end of a push: its result from what the batches did, and the run files written from it
// (results.csv, failures.csv, summary.json, report.html) when the push has a run folder.
import path from 'node:path';
import type { FeedResult, PushOptions, PushResult } from '../report/push-result.js';
import { firstFailures, runReport } from '../report/report-data.js';
import { summaryDocument } from '../report/summary.js';
import { REPORT_FILE, writeReport } from '../report/write-report.js';
import { taskId } from '../plan/types.js';
import type { BatchRunner } from './batch-runner.js';
import { callRate, type TimelineSecond } from './call-timeline.js';
import type { CallQueue } from './call-queue.js';
import type { FeedDisables } from './feed-lifecycle.js';
import type { RunFolder } from './run-dir.js';
import { writeFailures, writeResults, writeSummary } from './run-files.js';

export interface RunFigures {
  run: RunFolder | undefined;
  queue: CallQueue;
  readCalls: number;
  startedAt: number;
  warnings: string[];
  feed: string;
  disables: FeedDisables | undefined;
}

export function pushResult(options: PushOptions, runner: BatchRunner, figures: RunFigures): PushResult {
  const { run, queue } = figures;
  const durationMs = performance.now() - figures.startedAt;
  const callSpanMs = queue.timeline.callSpanMs();
  return {
    runId: run?.id,
    runPath: run?.path,
    kind: options.kind,
    files: options.files,
    mode: options.reconcile ? 'reconcile' : options.full ? 'full' : 'delta',
    dryRun: Boolean(options.dryRun),
    resumed: Boolean(run?.resumed),
    startedAt: new Date(Date.now() - durationMs).toISOString(),
    entities: runner.entities,
    rows: runner.ledger.counts(),
    linksLeftOut: 0,
    plannedWrites: runner.plannedWrites,
    readCalls: figures.readCalls,
    calls: queue.calls,
    rateLimited: queue.rateLimited,
    durationMs: Math.round(durationMs),
    callSpanMs: Math.round(callSpanMs),
    // A rate is calls over the time they took: not over the run, which reads the input first.
    callsPerSecond: callRate(queue.calls, callSpanMs),
    stop: runner.stop,
    failuresFile: undefined,
    resultsFile: undefined,
    warnings: figures.warnings,
    pruned: runner.pruned,
    feed: feedResult(figures.feed, figures.disables, runner),
    ...(options.sourceRead ? { source: options.sourceRead } : {}),
  };
}

/**
 * results.csv, failures.csv, summary.json and report.html in the run folder; the result learns where
 * they are. `timeline`: the calls per second of the whole run (every attempt of a resumed one).
 */
export async function writeRunFiles(run: RunFolder, result: PushResult, options: PushOptions, runner: BatchRunner, timeline: TimelineSecond[]): Promise<void> {
  const problems = runner.ledger.problems();
  result.resultsFile = writeResults(run.path, runner.ledger.all());
  result.firstFailures = firstFailures(problems);
  result.failuresFile = await writeFailures(run.path, problems, options.columnMap, options.source?.failureRows);
  result.reportFile = path.join(run.path, REPORT_FILE);
  writeSummary(run.path, summaryDocument(result, options));
  writeReport(run.path, runReport(result, options, problems, timeline));
}

function feedResult(name: string, disables: FeedDisables | undefined, runner: BatchRunner): FeedResult {
  if (!disables) return { name, disabled: [], notDisabled: [] };
  const disabled: string[] = [];
  const notDisabled: string[] = [];
  for (const { sku } of disables.products) {
    const outcome = runner.watched.get(taskId('product', sku));
    (outcome === 'updated' ? disabled : notDisabled).push(sku);
  }
  return { name, products: disables.total, disabled, notDisabled, ...(disables.firstRun ? { firstRun: true } : {}) };
}
