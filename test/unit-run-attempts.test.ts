// A resumed run's figures and outcomes as one run's, and --allow-missing-links, on plain data.
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Plan, PlannedOutcome } from '../src/plan/types.js';
import { BatchReview } from '../src/run/batch-review.js';
import { Journal, readJournal } from '../src/run/journal.js';
import { createRunFolder, findRunToResume } from '../src/run/run-dir.js';
import { nothingLeft, RunAttempts, type RunTotals } from '../src/run/run-attempts.js';
import { ScratchStore } from '../src/run/scratch-store.js';
import { tempDir } from './helpers/temp-dir.js';

const API = 'http://127.0.0.1:1/api/v1';
const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

function scratchStore(): ScratchStore {
  const store = new ScratchStore();
  cleanups.push(() => store.close());
  return store;
}

const unchanged = (entity: PlannedOutcome['entity'], key: string): PlannedOutcome => ({ id: `${entity}:${key}`, entity, key, outcome: 'unchanged', rows: [] });
const plan = (outcomes: PlannedOutcome[]): Plan => ({ tasks: [], outcomes, known: {}, notes: [] });
const totals = (calls: number, durationMs: number): RunTotals => ({
  calls,
  readCalls: 2,
  plannedWrites: calls - 2,
  rateLimited: 0,
  durationMs,
  callsPerSecond: 0,
});
const second = (index: number, calls: number) => ({ second: index, calls, retries: 0, rateLimited: 0, failed: 0 });

describe('a resumed run is one run', () => {
  it('restates what an earlier attempt created or updated, and adds up the attempts’ figures and timelines', () => {
    const dir = tempDir('jp-attempts-');
    const first = createRunFolder(dir, API, 'products', ['a.csv']);
    const journal = new Journal(path.join(first.path, 'journal.jsonl'));
    journal.append({ task: 'product:A', entity: 'product', key: 'A', outcome: 'created', remoteId: 1 });
    journal.append({ task: 'product:A', entity: 'product', key: 'A', outcome: 'updated', remoteId: 1 });
    journal.append({ task: 'product:B', entity: 'product', key: 'B', outcome: 'updated', remoteId: 2 });
    journal.close();
    const firstAttempt = RunAttempts.load(first, scratchStore(), []);
    expect(firstAttempt.end(totals(10, 2000), [second(0, 6), second(1, 4)], false)).toEqual([second(0, 6), second(1, 4)]);

    const resumed = findRunToResume(dir, true, API, 'products', ['a.csv']);
    expect(resumed.endedBefore?.complete).toBe(false);
    const attempts = RunAttempts.load(resumed, scratchStore(), readJournal(path.join(resumed.path, 'journal.jsonl')));
    const batch = plan([unchanged('product', 'A'), unchanged('product', 'B'), unchanged('product', 'C')]);
    attempts.restate(batch);
    expect(batch.outcomes.map((outcome) => outcome.outcome)).toEqual(['created', 'updated', 'unchanged']);

    const whole = totals(6, 1000);
    expect(attempts.end(whole, [second(0, 6)], true)).toEqual([second(0, 6), second(1, 4), second(2, 6)]);
    expect(whole).toMatchObject({ calls: 16, readCalls: 4, plannedWrites: 12, durationMs: 3000, callsPerSecond: 5.3 });
    // Ended with nothing left: a further --resume has nothing to do.
    expect(() => findRunToResume(dir, true, API, 'products', ['a.csv'])).toThrow('there is nothing to resume');
  });

  it('counts nothing left only when no row failed, was skipped or left, no link and no disable failed', () => {
    const rows = { failed: 0, skipped: 0, left: 0, linkFailed: 0 };
    const feed = { notDisabled: [] };
    expect(nothingLeft({ stop: undefined, rows, feed })).toBe(true);
    expect(nothingLeft({ stop: { kind: 'interrupted' }, rows, feed })).toBe(false);
    expect(nothingLeft({ stop: undefined, rows: { ...rows, linkFailed: 1 }, feed })).toBe(false);
    expect(nothingLeft({ stop: undefined, rows: { ...rows, left: 3 }, feed })).toBe(false);
    expect(nothingLeft({ stop: undefined, rows, feed: { notDisabled: ['X'] } })).toBe(false);
  });
});

describe('--allow-missing-links', () => {
  const dangling: PlannedOutcome = {
    id: 'relatedLink:A|accessories|GHOST',
    entity: 'relatedLink',
    key: 'A|accessories|GHOST',
    outcome: 'failed',
    rows: [],
    reason: 'related SKU "GHOST" is neither in the input nor in Jasper',
  };
  const noRun = () => RunAttempts.load(undefined, scratchStore(), []);

  it('leaves out the links the planner failed for a SKU that exists nowhere, and says how many', () => {
    const review = new BatchReview(noRun(), true);
    const skipped: PlannedOutcome = { ...dangling, id: 'relatedLink:A|accessories|B', key: 'A|accessories|B', outcome: 'skipped' };
    const batch = plan([dangling, unchanged('product', 'A'), skipped]);
    review.review(batch);
    expect(batch.outcomes.map((outcome) => outcome.id)).toEqual(['product:A', 'relatedLink:A|accessories|B']);
    expect(review.leftOut).toBe(1);
    expect(review.warning()).toBe('1 related link to SKUs in neither the input nor Jasper left out (--allow-missing-links): A → GHOST (accessories)');
  });

  it('keeps them without the option', () => {
    const review = new BatchReview(noRun(), false);
    const batch = plan([dangling]);
    review.review(batch);
    expect(batch.outcomes).toHaveLength(1);
    expect(review.warning()).toBeUndefined();
  });
});
