// An undo's result as data, its counts as steps finish, and its run files: summary.json,
// undo.csv (every item: what was done to it and how it went) and report.html.
import path from 'node:path';
import { ENTITY_LABELS } from '../plan/types.js';
import { writeFileAtomic, writeLinesAtomic } from '../files/atomic-write.js';
import { csvLine } from '../files/csv-line.js';
import { type OutcomeCounts, type PushOptions, type RunAbout, type StopReason, zeroCounts } from '../report/push-result.js';
import { callRate, type TimelineSecond } from '../run/call-timeline.js';
import { cellOf } from '../run/change-log.js';
import { REPORT_FILE, writeReport } from '../report/write-report.js';
import type { FailureGroup } from '../report/report-data.js';
import type { StepJournal, UndoFolder } from './undo-folder.js';
import type { ItemOutcome, UndoItem, UndoStep } from './undo-types.js';

/** Conflicts, failures and what cannot be undone kept for the summary; the rest are counted (undo.csv has them all). */
const LISTED = 1_000;

export interface UndoResult {
  runId: string | undefined;
  runPath: string | undefined;
  undoOf: string;
  dryRun: boolean;
  /** An earlier undo of this run finished: nothing was called. */
  alreadyDone: boolean;
  counts: Record<ItemOutcome, number>;
  /** By entity as users read it, in a push's outcome words (restored: updated, deleted, re-created: created, left: skipped). */
  entities: Record<string, OutcomeCounts>;
  conflicts: UndoItem[];
  cannot: UndoItem[];
  failed: UndoItem[];
  calls: number;
  durationMs: number;
  stop: StopReason | undefined;
  summaryFile?: string;
  reportFile?: string;
  itemsFile?: string;
}

export class UndoTally {
  private readonly counts: Record<ItemOutcome, number> = { undone: 0, already: 0, conflict: 0, cannot: 0, failed: 0 };
  private readonly entities: Record<string, OutcomeCounts> = {};
  private readonly lists = { conflict: [] as UndoItem[], cannot: [] as UndoItem[], failed: [] as UndoItem[] };

  constructor(
    private readonly undoOf: string,
    private readonly dryRun: boolean,
  ) {}

  add(items: UndoItem[]): void {
    for (const entry of items) {
      this.counts[entry.outcome]++;
      const counts = (this.entities[ENTITY_LABELS[entry.entity]] ??= zeroCounts());
      counts[pushOutcome(entry)]++;
      if (entry.outcome !== 'undone' && entry.outcome !== 'already' && this.lists[entry.outcome].length < LISTED) this.lists[entry.outcome].push(entry);
    }
  }

  stepFailed(step: UndoStep, reason: string): void {
    const record = step.kind === 'product' ? step.records[0]! : step.record;
    this.add([{ entity: record.entity, key: step.kind === 'product' ? step.sku : record.key, action: 'none', outcome: 'failed', reason }]);
  }

  leftToDo(): boolean {
    return this.counts.conflict + this.counts.failed > 0;
  }

  result(extra: { folder: UndoFolder | undefined; alreadyDone: boolean; calls: number; durationMs: number; stop?: StopReason | undefined }): UndoResult {
    return {
      runId: extra.folder?.id,
      runPath: extra.folder?.path,
      undoOf: this.undoOf,
      dryRun: this.dryRun,
      alreadyDone: extra.alreadyDone,
      counts: this.counts,
      entities: this.entities,
      conflicts: this.lists.conflict,
      cannot: this.lists.cannot,
      failed: this.lists.failed,
      calls: extra.calls,
      durationMs: Math.round(extra.durationMs),
      stop: extra.stop,
    };
  }
}

function pushOutcome(entry: UndoItem): keyof OutcomeCounts {
  switch (entry.outcome) {
    case 'undone':
      return entry.action === 'delete' ? 'deleted' : entry.action === 're-create' ? 'created' : 'updated';
    case 'already':
      return 'unchanged';
    case 'failed':
      return 'failed';
    default:
      return 'skipped';
  }
}

/** summary.json: plain data. */
export function undoSummary(result: UndoResult): object {
  return {
    runId: result.runId ?? null,
    undoOf: result.undoOf,
    dryRun: result.dryRun,
    alreadyDone: result.alreadyDone,
    counts: result.counts,
    entities: result.entities,
    conflicts: result.conflicts,
    cannotUndo: result.cannot,
    failed: result.failed,
    calls: result.calls,
    durationMs: result.durationMs,
    stopped: result.stop ? { reason: result.stop.kind, ...('error' in result.stop ? { error: result.stop.error.message } : {}) } : null,
    itemsFile: result.itemsFile ?? null,
    reportFile: result.reportFile ?? null,
  };
}

export function writeUndoFiles(
  folder: UndoFolder,
  journal: StepJournal,
  result: UndoResult,
  run: { apiUrl: string; throttle: Pick<PushOptions, 'throttleLimit' | 'throttleSeconds'>; timeline: TimelineSecond[]; rateLimited: number; about?: RunAbout },
): void {
  result.itemsFile = path.join(folder.path, 'undo.csv');
  writeLinesAtomic(result.itemsFile, itemLines(journal), 0o644);
  result.reportFile = path.join(folder.path, REPORT_FILE);
  result.summaryFile = path.join(folder.path, 'summary.json');
  writeFileAtomic(result.summaryFile, JSON.stringify(undoSummary(result), null, 2), 0o644);
  const totals = zeroCounts();
  for (const counts of Object.values(result.entities)) for (const [outcome, count] of Object.entries(counts)) totals[outcome as keyof OutcomeCounts] += count;
  writeReport(folder.path, {
    runId: folder.id,
    tool: { name: 'jasper-push', version: run.about?.version ?? null },
    commandLine: run.about?.commandLine ?? null,
    profile: run.about?.profile ?? null,
    from: 'undo',
    tenant: new URL(run.apiUrl).host,
    startedAt: new Date(Date.now() - result.durationMs).toISOString(),
    apiUrl: run.apiUrl,
    kind: `undo of ${result.undoOf}`,
    files: [],
    mode: result.dryRun ? 'dry run' : 'undo',
    dryRun: result.dryRun,
    resumed: folder.resumed,
    finishedAt: new Date().toISOString(),
    durationMs: result.durationMs,
    calls: result.calls,
    readCalls: 0,
    plannedWrites: 0,
    rateLimited: run.rateLimited,
    callsPerSecond: callRate(result.calls, result.durationMs),
    budget: { limit: run.throttle.throttleLimit, windowMs: run.throttle.throttleSeconds * 1000 },
    timeline: run.timeline,
    entities: result.entities,
    rows: { ...totals, total: Object.values(totals).reduce((sum, count) => sum + count, 0), linkFailed: 0, left: 0 },
    linksLeftOut: 0,
    stopped: result.stop ? `Stopped (${result.stop.kind}); run jasper-push undo ${result.undoOf} again to finish.` : undefined,
    failures: failureGroups(result),
    moreFailures: { groups: 0, rows: 0 },
    links: { summary: 'summary.json' },
  });
}

function failureGroups(result: UndoResult): FailureGroup[] {
  const groups: [UndoItem[], string, 'failed' | 'skipped'][] = [
    [result.conflicts, 'changed in Jasper since the run: left as it is (--force restores it)', 'skipped'],
    [result.cannot, 'the API cannot take this back', 'skipped'],
    [result.failed, 'the call failed', 'failed'],
  ];
  return groups
    .filter(([items]) => items.length > 0)
    .map(([items, error, outcome]) => ({
      error,
      outcome,
      stage: 'undo',
      count: items.length,
      examples: items.slice(0, 3).map((entry) => ({
        where: ENTITY_LABELS[entry.entity],
        key: `${entry.key}${entry.field ? ` ${entry.field}` : ''}`,
        error: entry.reason ?? `now ${cellOf(entry.current)}`,
      })),
    }));
}

function* itemLines(journal: StepJournal): Generator<string> {
  yield csvLine(['entity', 'key', 'field', 'action', 'outcome', 'before', 'after', 'current', 'reason']);
  for (const line of journal.lines()) {
    for (const entry of line.items) {
      yield csvLine([
        ENTITY_LABELS[entry.entity],
        entry.key,
        entry.field,
        entry.action,
        entry.outcome,
        cellOf(entry.before),
        cellOf(entry.after),
        cellOf(entry.current),
        entry.reason,
      ]);
    }
  }
}
