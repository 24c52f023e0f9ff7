// report.html's pure parts: failures grouped by error, the chart's bins, escaping.
import { describe, expect, it } from 'vitest';
import { escapeHtml } from '../src/report/escape.js';
import { binTimeline, MAX_POINTS, rateChart } from '../src/report/rate-chart.js';
import { errorPattern, EXAMPLES_PER_GROUP, groupFailures } from '../src/report/report-data.js';
import { CallTimeline } from '../src/run/call-timeline.js';
import type { RowOutcome } from '../src/report/push-result.js';

function failed(line: number, error: string, outcome: 'failed' | 'skipped' = 'failed'): RowOutcome {
  return {
    loc: { file: '/data/products.csv', line },
    kind: 'product',
    key: `SKU-${line}`,
    outcome,
    remoteId: undefined,
    error,
    stage: 'products',
    status: '422',
  };
}

describe('failures grouped by error', () => {
  it('groups errors that differ only in their row’s values, largest group first, with a few examples each', () => {
    const rows = [
      failed(2, 'SKU "A-1" already exists (422)'),
      failed(3, 'price: msrp must be a number'),
      ...Array.from({ length: 5 }, (_, index) => failed(10 + index, `SKU "B-${index}" already exists (422)`)),
      { ...failed(20, ''), outcome: 'created' as const },
    ];
    const { groups, more } = groupFailures(rows);
    expect(groups.map((group) => [group.error, group.count])).toEqual([
      ['SKU "…" already exists (N)', 6],
      ['price: msrp must be a number', 1],
    ]);
    expect(groups[0]!.examples).toHaveLength(EXAMPLES_PER_GROUP);
    expect(groups[0]!.examples[0]).toEqual({ where: 'products.csv:2', key: 'SKU-2', error: 'SKU "A-1" already exists (422)' });
    expect(more).toEqual({ groups: 0, rows: 0 });
  });

  it('keeps skipped rows apart from failed ones with the same message', () => {
    const { groups } = groupFailures([failed(2, 'parent failed'), failed(3, 'parent failed', 'skipped')]);
    expect(groups.map((group) => group.outcome).sort()).toEqual(['failed', 'skipped']);
  });

  it('blanks quoted values and numbers', () => {
    expect(errorPattern(`row has 6 cells but the header has 5; value 'x' and "y"`)).toBe(`row has N cells but the header has N; value '…' and "…"`);
  });
});

describe('the rate chart', () => {
  const second = (index: number, calls: number, extra: Partial<{ retries: number; rateLimited: number }> = {}) => ({
    second: index,
    calls,
    retries: 0,
    rateLimited: 0,
    failed: 0,
    ...extra,
  });

  it('has one point per second of a short run, and the average over the throttle window: its calls over its length', () => {
    const bins = binTimeline([second(0, 30), second(1, 0), second(2, 30)], { limit: 30, windowMs: 2000 });
    // The first second's burst is the whole budget of its window: 15/s, not 30/s.
    expect(bins.map((bin) => [bin.calls, bin.windowRate])).toEqual([
      [30, 15],
      [0, 15],
      [30, 15],
    ]);
  });

  it('never reads the window average above the budget when every window kept it', () => {
    // 300 calls per 5 s, sent as bursts at the start of each window: the 100.4/s against 60/s.
    const timeline = Array.from({ length: 23 }, (_, index) => second(index, index % 5 === 0 ? 204 : index % 5 === 1 ? 96 : 0));
    const bins = binTimeline(timeline, { limit: 300, windowMs: 5000 });
    expect(Math.max(...bins.map((bin) => bin.windowRate))).toBe(60);
    expect(rateChart(timeline, { limit: 300, windowMs: 5000 })).toContain('0s: 204 calls (204/s), window average 40.8/s');
  });

  it('sums a long run’s seconds into at most MAX_POINTS bins, every call kept', () => {
    const timeline = Array.from({ length: 3 * MAX_POINTS + 7 }, (_, index) => second(index, index % 3));
    const bins = binTimeline(timeline, { limit: 500, windowMs: 60_000 });
    expect(bins.length).toBeLessThanOrEqual(MAX_POINTS);
    expect(bins.reduce((sum, bin) => sum + bin.calls, 0)).toBe(timeline.reduce((sum, entry) => sum + entry.calls, 0));
  });

  it('marks the seconds with 429s and retries', () => {
    const svg = rateChart([second(0, 10), second(1, 10, { rateLimited: 2, retries: 1 }), second(2, 10)], { limit: 10, windowMs: 1000 });
    expect(svg.match(/class="point"/g)).toHaveLength(3);
    expect(svg.match(/class="mark-429"/g)).toHaveLength(1);
    expect(svg.match(/class="mark-retry"/g)).toHaveLength(1);
    expect(svg).toContain('throttle budget: 10 calls per 1 s');
  });
});

it('escapes what comes from the input before it goes into the page', () => {
  expect(escapeHtml(`<script>alert("x")</script> & 'y'`)).toBe('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;y&#39;');
});

describe('the call timeline', () => {
  it('counts calls, retries, 429s and failures per second, quiet seconds included', () => {
    let now = 10_000;
    const timeline = new CallTimeline(() => now);
    timeline.started(1);
    timeline.started(1);
    now += 400;
    timeline.rateLimited();
    now += 2_700; // nothing for two seconds: the throttle waits
    timeline.started(2);
    timeline.failed();
    expect(timeline.all()).toEqual([
      { second: 0, calls: 2, retries: 0, rateLimited: 1, failed: 0 },
      { second: 1, calls: 0, retries: 0, rateLimited: 0, failed: 0 },
      { second: 2, calls: 0, retries: 0, rateLimited: 0, failed: 0 },
      { second: 3, calls: 1, retries: 1, rateLimited: 0, failed: 1 },
    ]);
  });
});
