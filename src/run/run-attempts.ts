// A resumed run is one run (SPEC §6): its summary.json, results.csv and report.html cover every
// attempt together. What earlier attempts wrote comes from the run's journal, so an entity an
// attempt created before Ctrl-C, found in place by --resume, still reads "created"; their calls,
// time and call timeline come from attempts.jsonl, one line per attempt that reached its end.
import fs from 'node:fs';
import path from 'node:path';
import type { Plan } from '../plan/types.js';
import type { ScratchMap } from '../scratch-db.js';
import { everythingWritten, type FeedResult, type RowCounts } from '../report/push-result.js';
import { callRate, type TimelineSecond } from './call-timeline.js';
import type { JournalEntry } from './journal.js';
import { markEnded, type RunFolder } from './run-dir.js';
import type { ScratchStore } from './scratch-store.js';

const ATTEMPTS_FILE = 'attempts.jsonl';

/** A run's figures that add up over its attempts. */
export interface RunTotals {
  calls: number;
  readCalls: number;
  plannedWrites: number;
  rateLimited: number;
  durationMs: number;
  callsPerSecond: number;
}

interface Attempt extends Omit<RunTotals, 'callsPerSecond'> {
  endedAt: string;
  timeline: TimelineSecond[];
}

export class RunAttempts {
  private constructor(
    private readonly run: RunFolder | undefined,
    /** Task id → what an earlier attempt did to it: created or updated. */
    private readonly written: ScratchMap | undefined,
    private readonly earlier: Attempt[],
  ) {}

  /** The attempts before this one of a resumed run (none for a new run or a dry run); `journaled`: the run's journal so far. */
  static load(run: RunFolder | undefined, scratch: ScratchStore, journaled: readonly JournalEntry[]): RunAttempts {
    if (!run?.resumed) return new RunAttempts(run?.meta.dryRun ? undefined : run, undefined, []);
    const written = scratch.map();
    for (const entry of journaled) {
      // The first write is what the run did to the entity: created, then updated, is created.
      if ((entry.outcome === 'created' || entry.outcome === 'updated') && written.get(entry.task) === undefined) written.set(entry.task, entry.outcome);
    }
    return new RunAttempts(run, written, readAttempts(path.join(run.path, ATTEMPTS_FILE)));
  }

  /** An entity this attempt finds unchanged is reported as an earlier attempt of the run left it: created or updated. */
  restate(batch: Plan): void {
    if (!this.written) return;
    for (const outcome of batch.outcomes) {
      if (outcome.outcome !== 'unchanged') continue;
      const earlier = this.written.get(outcome.id);
      if (earlier === 'created' || earlier === 'updated') outcome.outcome = earlier;
    }
  }

  /**
   * Ends this attempt: records its figures (for a later --resume) and whether anything is left,
   * then adds the earlier attempts' figures to `totals`. Returns the whole run's call timeline.
   */
  end(totals: RunTotals, timeline: TimelineSecond[], complete: boolean): TimelineSecond[] {
    const { run } = this;
    if (!run) return timeline;
    const own: Attempt = { ...pickTotals(totals), endedAt: new Date().toISOString(), timeline };
    fs.appendFileSync(path.join(run.path, ATTEMPTS_FILE), JSON.stringify(own) + '\n', { mode: 0o644 });
    markEnded(run, complete);
    if (this.earlier.length === 0) return timeline;
    const all = [...this.earlier, own];
    for (const key of ['calls', 'readCalls', 'plannedWrites', 'rateLimited', 'durationMs'] as const) {
      totals[key] = all.reduce((sum, attempt) => sum + attempt[key], 0);
    }
    totals.callsPerSecond = callRate(totals.calls, totals.durationMs);
    // One attempt after the other on the chart, the pause between them left out.
    const whole: TimelineSecond[] = [];
    for (const attempt of all) for (const second of attempt.timeline) whole.push({ ...second, second: whole.length });
    return whole;
  }
}

/** Whether a run's attempt left nothing to do: nothing stopped it, no row failed, was skipped or left, no link or disable failed. */
export function nothingLeft(result: {
  stop: unknown;
  rows: Pick<RowCounts, 'failed' | 'skipped' | 'linkFailed' | 'left'>;
  feed: Pick<FeedResult, 'notDisabled'>;
}): boolean {
  return !result.stop && result.rows.left === 0 && everythingWritten(result);
}

function pickTotals(totals: RunTotals): Omit<RunTotals, 'callsPerSecond'> {
  const { calls, readCalls, plannedWrites, rateLimited, durationMs } = totals;
  return { calls, readCalls, plannedWrites, rateLimited, durationMs };
}

function readAttempts(file: string): Attempt[] {
  if (!fs.existsSync(file)) return [];
  const attempts: Attempt[] = [];
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    if (line.trim() === '') continue;
    try {
      attempts.push(JSON.parse(line) as Attempt);
    } catch {
      // A line torn by a kill: that attempt's figures are lost, its writes are in the journal.
    }
  }
  return attempts;
}
