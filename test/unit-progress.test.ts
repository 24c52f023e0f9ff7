// The overall progress arithmetic: the push's total writes (estimated, then corrected batch by
// batch) and the ETA under the sliding-window throttle.
import { describe, expect, it } from 'vitest';
import { OverallProgress } from '../src/cli/ui/overall-progress.js';
import { CallClock, etaSeconds, WriteTotal } from '../src/run/progress-estimate.js';

describe('the overall write total', () => {
  it('is the row count (one write a row) before any batch is planned', () => {
    const total = new WriteTotal(2000);
    expect(total.value).toBe(2000);
    expect(total.estimated).toBe(true);
  });

  it('extrapolates the rows not planned yet at the writes per row seen so far, one-off stages aside', () => {
    const total = new WriteTotal(10_000);
    // Categories and attributes are written once; products and prices grow with the rows.
    total.batch(
      [
        { stage: 'categories', total: 30 },
        { stage: 'attributes', total: 12 },
        { stage: 'products', total: 2500 },
        { stage: 'prices', total: 2500 },
      ],
      2530,
      true,
    );
    expect(total.value).toBe(5042 + Math.round((10_000 - 2530) * (5000 / 2530)));
    total.batch(
      [
        { stage: 'products', total: 2500 },
        { stage: 'prices', total: 2500 },
      ],
      2500,
      true,
    );
    expect(total.value).toBe(10_042 + Math.round((10_000 - 5030) * (10_000 / 5030)));
    expect(total.estimated).toBe(true);
  });

  it('is exact once the last batch is planned, whatever the rows said', () => {
    const total = new WriteTotal(100);
    total.batch([{ stage: 'products', total: 7 }], 100, false);
    expect(total.value).toBe(7);
    expect(total.estimated).toBe(false);
  });

  it('a rerun with nothing changed: batches with no writes bring the estimate down to 0', () => {
    const total = new WriteTotal(5000);
    total.batch([], 2500, true);
    expect(total.value).toBe(0);
  });
});

/** A clock that saw `rate` calls per second, evenly, from `from` to `to` (ms). */
function steadyClock(limit: number, windowMs: number, rate: number, from: number, to: number): CallClock {
  const clock = new CallClock({ limit, windowMs });
  for (let t = from; t <= to; t += 1000 / rate) clock.call(t);
  return clock;
}

describe('the ETA', () => {
  it('1,100 creates left at 300 calls per 10 s: about 37 s (10.2 s windows with the margin), not 5 s', () => {
    const clock = steadyClock(300, 10_000, 300 / 10.2, 0, 60_000);
    const eta = etaSeconds(1100, clock, 60_000);
    expect(eta).toBeGreaterThan(36.5);
    expect(eta).toBeLessThan(38.5);
  });

  it('counts down with the clock while the throttle waits out a window after a burst', () => {
    const clock = new CallClock({ limit: 300, windowMs: 10_000 });
    for (let call = 0; call < 300; call++) clock.call(call); // the first window's burst, in 0.3 s
    // The 300 calls left start when the burst's calls leave the window, 10.2 s after they started.
    expect(etaSeconds(300, clock, 2000)).toBeCloseTo(8.499, 2);
    expect(etaSeconds(300, clock, 5000)).toBeCloseTo(5.499, 2);
    expect(etaSeconds(600, clock, 5000)).toBeCloseTo(15.699, 2);
  });

  it('is nothing to wait for when the calls left fit in the window’s free slots', () => {
    const clock = new CallClock({ limit: 300, windowMs: 10_000 });
    for (let call = 0; call < 100; call++) clock.call(call * 10);
    expect(etaSeconds(200, clock, 2000)).toBe(0);
    expect(etaSeconds(0, clock, 2000)).toBe(0);
  });

  it('follows the rate seen when the run is slower than its budget (latency, a server answering 429)', () => {
    // A budget of 30 calls/s, but the tenant only answers 5 a second.
    const clock = steadyClock(300, 10_000, 5, 0, 30_000);
    expect(etaSeconds(100, clock, 30_000)).toBeCloseTo(100 / clock.rate(30_000), 5);
    expect(clock.rate(30_000)).toBeGreaterThan(4.5);
    expect(clock.rate(30_000)).toBeLessThan(5.5);
  });

  it('trusts the budget, not a slow first second, before a whole window was seen', () => {
    const clock = new CallClock({ limit: 300, windowMs: 10_000 });
    clock.call(0);
    clock.call(500);
    expect(etaSeconds(298, clock, 1000)).toBe(0);
    // 298 slots now; the next two when the calls at 0 and 500 leave the window; then all again a window later.
    expect(etaSeconds(600, clock, 1000)).toBeCloseTo((500 + 10_200 + 10_200 - 1000) / 1000, 2);
  });

  it('keeps only one window of call times, however long the push', () => {
    const clock = steadyClock(30, 1000, 29, 0, 600_000);
    // 29 calls a second over the queue's 1.1 s window.
    expect(clock.recent(600_000).length).toBeLessThanOrEqual(33);
  });
});

describe('the overall figures', () => {
  it('count a call in the window as it leaves: a burst in flight is in the rate, and the ETA does not wait for it again', () => {
    let now = 0;
    const overall = new OverallProgress(() => now);
    overall.scanned(100, { limit: 20, windowMs: 1000 });
    overall.planned([{ stage: 'products', total: 100 }], false, 100);
    const burst = (answered: number) => {
      for (let call = 0; call < answered; call++) {
        overall.callEnded();
        overall.taskDone('created');
      }
    };
    for (let call = 0; call < 20; call++) overall.callStarted();
    now = 50;
    burst(20);
    // The queue's window (1.08 s with its margin) ends and the next 20 leave; 10 are answered.
    now = 1080;
    for (let call = 0; call < 20; call++) overall.callStarted();
    now = 1090;
    burst(10);
    const figures = overall.figures();
    // Counted at their answers, the burst read as 10 calls in the window (9.3 calls/s, "slower than
    // the budget") and the ETA as the 70 writes left at that rate, 7.6 s.
    expect(figures.rate).toBeCloseTo(20 / 1.08, 5);
    // 70 writes left, 10 of them in flight: 60 to start, 20 a window from 2.16 s on, the last at 4.32 s.
    expect(figures.eta).toBeCloseTo((4320 - 1090) / 1000, 5);
    expect(figures).toMatchObject({ done: 30, total: 100 });
  });
});
