// Rendering: plain progress for cron, the summary's plain words, exit codes from results.
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { counted, everyOne } from '../src/counted.js';
import { createProgress, formatDuration } from '../src/cli/ui/progress.js';
import { pushExitCode, renderSummary } from '../src/cli/ui/summary.js';
import { type GlobalFlags, Terminal } from '../src/cli/ui/terminal.js';
import type { PushResult } from '../src/report/push-result.js';
import { AuthenticationError } from '../src/jasper/errors.js';

function terminal(flags: GlobalFlags = {}): { term: Terminal; out: () => string; err: () => string } {
  let out = '';
  let err = '';
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  stdout.on('data', (chunk) => (out += chunk));
  stderr.on('data', (chunk) => (err += chunk));
  const term = new Terminal({ stdout, stderr, stdin: new PassThrough(), env: {} }, flags);
  return { term, out: () => out, err: () => err };
}

function result(overrides: Partial<PushResult> = {}): PushResult {
  return {
    runId: 'r1',
    runPath: '/tmp/r1',
    kind: 'products',
    files: ['products.csv'],
    mode: 'delta',
    dryRun: false,
    resumed: false,
    startedAt: '2026-11-26T02:15:00.000Z',
    entities: { product: { created: 980, updated: 0, unchanged: 0, failed: 20, skipped: 0, deleted: 0 } },
    rows: { total: 1000, created: 980, updated: 0, unchanged: 0, failed: 20, skipped: 0, deleted: 0, linkFailed: 0, left: 0 },
    linksLeftOut: 0,
    plannedWrites: 1000,
    readCalls: 3,
    calls: 1003,
    rateLimited: 0,
    durationMs: 5000,
    callSpanMs: 4200,
    callsPerSecond: 238.8,
    stop: undefined,
    failuresFile: '/tmp/r1/failures.csv',
    resultsFile: '/tmp/r1/results.csv',
    warnings: [],
    feed: { name: 'jasper:products.csv', disabled: [], notDisabled: [] },
    ...overrides,
  };
}

describe('plain progress (not a terminal)', () => {
  it('prints a timed progress line at most every 10 s with the overall figures: writes, rate against the budget, ETA', async () => {
    const { term, err } = terminal();
    let now = Date.UTC(2026, 10, 26, 2, 15, 0);
    const progress = createProgress(term, { now: () => now });
    progress.scanned?.(100, { limit: 10, windowMs: 10_000 });
    progress.planned?.([{ stage: 'products', total: 100 }], false, 100);
    for (let index = 0; index < 100; index++) {
      now += 1000;
      progress.callStarted();
      progress.callEnded();
      progress.taskDone?.('products', index === 3 ? 'failed' : 'created');
    }
    await new Promise((resolve) => setImmediate(resolve));
    const lines = err()
      .split('\n')
      .filter((line) => line.includes('progress:'));
    expect(lines).toHaveLength(10);
    // 90 calls left at 10 per 10.2 s (the queue's window with its margin): 91.8 s.
    // Every line of a cron log starts with an ISO 8601 timestamp (the injected clock's).
    expect(lines[0]).toBe('2026-11-26T02:15:10Z progress: 10/100 writes (10.0%), 1 failed, 1.0/1 calls/s, ETA 1m32s');
    expect(err()).not.toContain('\u001b['); // no colour codes
  });

  it('a large catalog planned in batches: the total is estimated from the rows, then corrected batch by batch', async () => {
    const { term, err } = terminal();
    let now = Date.UTC(2026, 10, 26, 2, 15, 0);
    const progress = createProgress(term, { now: () => now });
    progress.scanned?.(200, { limit: 100, windowMs: 1000 });
    progress.planned?.([], true, 0); // a first batch with nothing to write is not announced
    // 10 category rows and 40 products: 0.8 writes per product row, so 150 rows left make ~120.
    progress.planned?.(
      [
        { stage: 'categories', total: 10 },
        { stage: 'products', total: 40 },
      ],
      true,
      50,
    );
    for (let index = 0; index < 10; index++) {
      now += 1000;
      progress.taskDone?.('products', 'created');
    }
    progress.planned?.([{ stage: 'products', total: 50 }], false, 150);
    for (let index = 0; index < 10; index++) {
      now += 1000;
      progress.taskDone?.('products', 'created');
    }
    await new Promise((resolve) => setImmediate(resolve));
    expect(err()).toContain('50 writes planned in this batch, about 170 in all (the rest is planned as the push goes): categories 10, products 40');
    expect(err()).toContain('progress: 10/~170 writes (5.9%)');
    expect(err()).toContain('progress: 20/100 writes (20.0%)');
  });

  it('counts one write in the singular', async () => {
    const { term, err } = terminal();
    createProgress(term).planned?.([{ stage: 'products', total: 1 }], false, 1);
    await new Promise((resolve) => setImmediate(resolve));
    expect(err()).toContain('1 write planned: products 1');
  });

  it('says "Nothing to write." once, when the last of several batches had nothing either', async () => {
    const { term, err } = terminal();
    const progress = createProgress(term);
    for (const more of [true, true, false]) progress.planned?.([], more, 1);
    await new Promise((resolve) => setImmediate(resolve));
    expect(err().split('Nothing to write.')).toHaveLength(2);
  });

  it('prints nothing with --json or --quiet', async () => {
    for (const flags of [{ json: true }, { quiet: true }]) {
      const { term, err, out } = terminal(flags);
      const progress = createProgress(term);
      progress.phase?.('reading');
      progress.planned?.([{ stage: 'products', total: 1 }], false, 1);
      progress.taskDone?.('products', 'created');
      await new Promise((resolve) => setImmediate(resolve));
      expect(err() + out()).toBe('');
    }
  });
});

describe('summary', () => {
  it('counts one row, one write, one read and one call in the singular', async () => {
    const one = { total: 1, created: 1, updated: 0, unchanged: 0, failed: 0, skipped: 0, deleted: 0, linkFailed: 0, left: 0 };
    const counts = { rows: one, plannedWrites: 1, readCalls: 1, calls: 1, failuresFile: undefined };
    const written = terminal();
    renderSummary(written.term, result(counts), ['products.csv']);
    const planned = terminal();
    renderSummary(planned.term, result({ ...counts, dryRun: true }), ['products.csv']);
    await new Promise((resolve) => setImmediate(resolve));
    expect(written.out()).toContain('✔ 1 row written or already up to date (1 created, 0 updated, 0 unchanged)');
    expect(written.out()).toContain('1 call in 4.2s');
    expect(planned.out()).toContain('1 write planned for 1 row (1 read made to plan them)');
  });

  it('says partial success plainly and points at the failures file', async () => {
    const { term, out } = terminal();
    renderSummary(term, result(), ['products.csv']);
    await new Promise((resolve) => setImmediate(resolve));
    expect(out()).toContain('pushed 980 of 1000 rows; 20 failed, 0 skipped');
    expect(out()).toContain('failures: /tmp/r1/failures.csv');
    expect(out()).toMatch(/product\s+980\s+0\s+0\s+20\s+0/);
    // The rate is over the calls' own time, not the run's (which read the input first).
    expect(out()).toContain('1003 calls in 4.2s (238.8 calls/s); the run took 5.0s');
  });

  it('maps results to exit codes: 0 all written, 1 rows failed, 3 auth stop, 75 tenant down, 130 interrupted', () => {
    const error = new AuthenticationError('401', { method: 'GET', path: 'ping' }, 401);
    const written = { total: 1, created: 1, updated: 0, unchanged: 0, failed: 0, skipped: 0, deleted: 0, linkFailed: 0, left: 0 };
    expect(pushExitCode(result({ rows: written }))).toBe(0);
    // A row whose product was written but a related link failed still makes the run exit 1.
    expect(pushExitCode(result({ rows: { ...written, linkFailed: 1 } }))).toBe(1);
    expect(pushExitCode(result())).toBe(1);
    expect(pushExitCode(result({ stop: { kind: 'auth', error } }))).toBe(3);
    expect(pushExitCode(result({ stop: { kind: 'tenant-down', error } }))).toBe(75);
    expect(pushExitCode(result({ stop: { kind: 'interrupted' } }))).toBe(130);
  });

  it('formats durations for people', () => {
    expect(formatDuration(0.42)).toBe('0.4s');
    expect(formatDuration(42)).toBe('42s');
    expect(formatDuration(125)).toBe('2m05s');
    expect(formatDuration(3 * 3600 + 120)).toBe('3h02m');
  });
});

describe('counted', () => {
  it('gives the noun in the singular for exactly one, else the plural (given, or with an s)', () => {
    expect([0, 1, 2].map((count) => counted(count, 'write'))).toEqual(['0 writes', '1 write', '2 writes']);
    expect([1, 3].map((count) => counted(count, 'category', 'categories'))).toEqual(['1 category', '3 categories']);
  });
});

describe('everyOne', () => {
  it('says "all" for a count of many, and the one itself for one', () => {
    expect([0, 1, 2].map((count) => everyOne(count, 'row'))).toEqual(['all 0 rows', '1 row', 'all 2 rows']);
    expect(everyOne(3, 'category', 'categories')).toBe('all 3 categories');
  });
});
