// What report.html shows, as plain data: the run's figures, its calls second by second, outcomes
// per entity and the failures grouped by error. Built from the push result and the rows' outcomes.
import path from 'node:path';
import { entitiesByLabel } from '../plan/types.js';
import type { TimelineSecond } from '../run/call-timeline.js';
import { type Budget, budgetRate } from '../run/progress-estimate.js';
import {
  type FailureExample,
  LINK_FAILED,
  NOT_ATTEMPTED,
  type OutcomeCounts,
  type PushOptions,
  type PushResult,
  type RowCounts,
  type RowOutcome,
} from './push-result.js';

/** Failed or skipped rows a --notify message lists. */
export const FIRST_FAILURES = 5;

/** Example rows shown per error group. */
export const EXAMPLES_PER_GROUP = 3;
/** Error groups shown; the rest are counted in one line (failures.csv has them all). */
export const MAX_GROUPS = 50;

export interface FailureGroup {
  /** The error with its row-specific values (quoted names, numbers) blanked, so alike errors group. */
  error: string;
  /** `link failed`: the row's product was written, a related link of it failed (SPEC §4); `left`: a stopped run did not get to it. */
  outcome: 'failed' | 'skipped' | 'link failed' | 'left';
  stage: string;
  count: number;
  examples: FailureExample[];
}

export interface RunReport {
  runId: string;
  tool: { name: string; version: string | null };
  commandLine: string | null;
  profile: string | null;
  from: string;
  tenant: string;
  startedAt: string;
  apiUrl: string;
  kind: string;
  files: string[];
  mode: string;
  dryRun: boolean;
  resumed: boolean;
  finishedAt: string;
  durationMs: number;
  /** A dry run: how long the push would take at the configured budget. */
  estimate?: DurationEstimate;
  calls: number;
  readCalls: number;
  plannedWrites: number;
  rateLimited: number;
  callsPerSecond: number;
  budget: Budget;
  timeline: TimelineSecond[];
  entities: Record<string, OutcomeCounts>;
  rows: RowCounts;
  linksLeftOut: number;
  stopped: string | undefined;
  failures: FailureGroup[];
  /** Failure groups beyond MAX_GROUPS, and their rows. */
  moreFailures: { groups: number; rows: number };
  /** Run files the report links to, by name (they sit beside it). */
  links: { failures?: string; results?: string; summary: string };
}

/** Blanks what differs from row to row in an error: quoted values and numbers. */
export function errorPattern(error: string): string {
  return error
    .replace(/"[^"]*"/g, '"…"')
    .replace(/'[^']*'/g, "'…'")
    .replace(/\d+(?:\.\d+)?/g, 'N');
}

function where(row: RowOutcome): string {
  return `${path.basename(row.loc.file)}:${row.loc.line ?? row.loc.path ?? ''}`;
}

/** The first failed or skipped rows, as a notification lists them. */
export function firstFailures(rows: readonly RowOutcome[]): FailureExample[] {
  return rows.slice(0, FIRST_FAILURES).map((row) => ({ where: where(row), key: row.key, error: row.error ?? row.outcome }));
}

export interface DurationEstimate {
  /** Calls the push would make: the planned writes and the reads before them. */
  calls: number;
  seconds: number;
  budget: Budget;
}

/** How long a push of `calls` calls takes at the throttle budget (the budget, not latency, bounds a large push). */
export function estimateDuration(calls: number, budget: Budget): DurationEstimate {
  return { calls, seconds: Math.round(calls / budgetRate(budget)), budget };
}

export function groupFailures(rows: readonly RowOutcome[]): { groups: FailureGroup[]; more: { groups: number; rows: number } } {
  const groups = new Map<string, FailureGroup>();
  for (const row of rows) {
    const outcome = row.status === LINK_FAILED ? 'link failed' : row.status === NOT_ATTEMPTED ? 'left' : row.outcome;
    if (outcome !== 'failed' && outcome !== 'skipped' && outcome !== 'link failed' && outcome !== 'left') continue;
    const error = errorPattern(row.error ?? '(no message)');
    const stage = row.stage ?? '';
    const id = `${outcome}\u0000${stage}\u0000${error}`;
    let group = groups.get(id);
    if (!group) groups.set(id, (group = { error, outcome, stage, count: 0, examples: [] }));
    group.count++;
    if (group.examples.length < EXAMPLES_PER_GROUP) {
      group.examples.push({ where: where(row), key: row.key, error: row.error ?? '' });
    }
  }
  const sorted = [...groups.values()].sort((a, b) => b.count - a.count);
  const rest = sorted.slice(MAX_GROUPS);
  return { groups: sorted.slice(0, MAX_GROUPS), more: { groups: rest.length, rows: rest.reduce((sum, group) => sum + group.count, 0) } };
}

const STOP_TEXT: Record<string, string> = {
  auth: 'Stopped: Jasper refused the key mid-run',
  'tenant-down': 'Stopped: the tenant kept failing',
  interrupted: 'Interrupted (Ctrl-C)',
};

/** What summary.json and report.html both say of a run: its identity and figures, entity names as users read them. */
export function runFigures(result: PushResult, options: PushOptions) {
  const budget = { limit: options.throttleLimit, windowMs: options.throttleSeconds * 1000 };
  return {
    runId: result.runId,
    tool: { name: 'jasper-push', version: options.about?.version ?? null },
    commandLine: options.about?.commandLine ?? null,
    profile: options.about?.profile ?? null,
    from: options.source?.name ?? 'jasper',
    tenant: new URL(options.apiUrl).host,
    apiUrl: options.apiUrl,
    kind: result.kind,
    mode: result.mode,
    dryRun: result.dryRun,
    resumed: result.resumed,
    startedAt: result.startedAt,
    finishedAt: new Date().toISOString(),
    durationMs: result.durationMs,
    ...(result.dryRun ? { estimate: estimateDuration(result.plannedWrites + result.readCalls, budget) } : {}),
    calls: result.calls,
    readCalls: result.readCalls,
    plannedWrites: result.plannedWrites,
    callsPerSecond: result.callsPerSecond,
    rateLimited: result.rateLimited,
    entities: entitiesByLabel(result.entities),
    rows: result.rows,
    linksLeftOut: result.linksLeftOut,
  };
}

/** report.html's data: the summary's figures, the calls second by second, failures grouped by error. */
export function runReport(result: PushResult, options: PushOptions, rows: readonly RowOutcome[], timeline: TimelineSecond[]): RunReport {
  const { groups, more } = groupFailures(rows);
  const stop = result.stop;
  return {
    ...runFigures(result, options),
    runId: result.runId ?? '',
    files: options.files.map((file) => path.basename(file)),
    budget: { limit: options.throttleLimit, windowMs: options.throttleSeconds * 1000 },
    timeline,
    stopped: stop
      ? `${STOP_TEXT[stop.kind] ?? `Stopped: ${stop.kind}`}${'error' in stop ? ` (${stop.error.message})` : ''}; the run can be resumed with --resume.`
      : undefined,
    failures: groups,
    moreFailures: more,
    links: {
      ...(result.failuresFile ? { failures: path.basename(result.failuresFile) } : {}),
      ...(result.resultsFile ? { results: path.basename(result.resultsFile) } : {}),
      summary: 'summary.json',
    },
  };
}
