// The run's call rate over time as an inline SVG: calls per second (one point per second, or per
// bin of seconds on a long run), the average over the throttle window, the budget as a dashed
// line, and marks where calls were answered 429 or retried. No script: hovering a point shows
// its <title>.
import type { TimelineSecond } from '../run/call-timeline.js';
import { budgetRate, type Budget } from '../run/progress-estimate.js';
import { escapeHtml } from './escape.js';

/** Points drawn at most: a long run's seconds are summed into bins of equal width. */
export const MAX_POINTS = 600;

const WIDTH = 960;
const HEIGHT = 300;
const PAD = { left: 56, right: 16, top: 16, bottom: 40 };

interface Bin {
  from: number;
  seconds: number;
  calls: number;
  retries: number;
  rateLimited: number;
  failed: number;
  /**
   * The calls of the throttle window ending with this bin, divided by the window's length (not by
   * the time elapsed): a burst at the start of a run is the budget's own, never read as above it.
   */
  windowRate: number;
}

export function binTimeline(timeline: readonly TimelineSecond[], budget: Budget): Bin[] {
  const width = Math.max(1, Math.ceil(timeline.length / MAX_POINTS));
  // The timeline counts whole seconds: a window of 1.5 s is read over 2.
  const windowSeconds = Math.max(1, Math.ceil(budget.windowMs / 1000));
  const bins: Bin[] = [];
  let inWindow = 0;
  for (let index = 0; index < timeline.length; index++) {
    const second = timeline[index]!;
    inWindow += second.calls;
    const leaving = index - windowSeconds;
    if (leaving >= 0) inWindow -= timeline[leaving]!.calls;
    if (index % width === 0) bins.push({ from: second.second, seconds: 0, calls: 0, retries: 0, rateLimited: 0, failed: 0, windowRate: 0 });
    const bin = bins[bins.length - 1]!;
    bin.seconds++;
    bin.calls += second.calls;
    bin.retries += second.retries;
    bin.rateLimited += second.rateLimited;
    bin.failed += second.failed;
    bin.windowRate = inWindow / windowSeconds;
  }
  return bins;
}

export function rateChart(timeline: readonly TimelineSecond[], budget: Budget): string {
  const bins = binTimeline(timeline, budget);
  const allowed = budgetRate(budget);
  const peak = Math.max(allowed, ...bins.map((bin) => Math.max(bin.calls / bin.seconds, bin.windowRate)));
  const top = niceCeiling(peak * 1.1);
  const plotWidth = WIDTH - PAD.left - PAD.right;
  const plotHeight = HEIGHT - PAD.top - PAD.bottom;
  const span = Math.max(1, timeline.length);
  const x = (second: number) => PAD.left + (second / span) * plotWidth;
  const y = (rate: number) => PAD.top + plotHeight - (rate / top) * plotHeight;
  const parts: string[] = [];

  for (const tick of ticks(top)) {
    parts.push(`<line class="grid" x1="${PAD.left}" x2="${WIDTH - PAD.right}" y1="${y(tick)}" y2="${y(tick)}"/>`);
    parts.push(`<text class="axis" x="${PAD.left - 6}" y="${y(tick) + 4}" text-anchor="end">${tick}</text>`);
  }
  for (const tick of ticks(span)) {
    parts.push(`<text class="axis" x="${x(tick)}" y="${HEIGHT - PAD.bottom + 16}" text-anchor="middle">${formatSeconds(tick)}</text>`);
  }
  parts.push(`<text class="axis" x="${PAD.left + plotWidth / 2}" y="${HEIGHT - 6}" text-anchor="middle">time since the first call</text>`);
  parts.push(
    `<text class="axis" x="14" y="${PAD.top + plotHeight / 2}" text-anchor="middle" transform="rotate(-90 14 ${PAD.top + plotHeight / 2})">calls/s</text>`,
  );

  const budgetY = y(allowed);
  parts.push(
    `<line class="budget" x1="${PAD.left}" x2="${WIDTH - PAD.right}" y1="${budgetY}" y2="${budgetY}"><title>throttle budget: ${budget.limit} calls per ${budget.windowMs / 1000} s</title></line>`,
  );
  const middle = (bin: Bin) => x(bin.from + bin.seconds / 2);
  const path = (value: (bin: Bin) => number) => bins.map((bin, index) => `${index === 0 ? 'M' : 'L'}${round(middle(bin))},${round(y(value(bin)))}`).join(' ');
  if (bins.length > 0) {
    parts.push(`<path class="per-second" d="${path((bin) => bin.calls / bin.seconds)}"/>`);
    parts.push(`<path class="window-rate" d="${path((bin) => bin.windowRate)}"/>`);
  }
  for (const bin of bins) {
    const rate = bin.calls / bin.seconds;
    const when = bin.seconds === 1 ? formatSeconds(bin.from) : `${formatSeconds(bin.from)}–${formatSeconds(bin.from + bin.seconds)}`;
    const notes = [`${bin.calls} calls (${round(rate)}/s)`, `window average ${round(bin.windowRate)}/s`];
    if (bin.retries) notes.push(`${bin.retries} retries`);
    if (bin.rateLimited) notes.push(`${bin.rateLimited} answered 429`);
    if (bin.failed) notes.push(`${bin.failed} failed`);
    parts.push(
      `<circle class="point" cx="${round(middle(bin))}" cy="${round(y(rate))}" r="2.5" data-second="${bin.from}" data-calls="${bin.calls}" data-retries="${bin.retries}" data-rate-limited="${bin.rateLimited}"><title>${escapeHtml(`${when}: ${notes.join(', ')}`)}</title></circle>`,
    );
    if (bin.rateLimited > 0) {
      const cx = round(middle(bin));
      parts.push(
        `<path class="mark-429" d="M${cx - 5},${PAD.top} L${cx + 5},${PAD.top} L${cx},${PAD.top + 8} Z"><title>${escapeHtml(`${when}: ${bin.rateLimited} answered 429`)}</title></path>`,
      );
    }
    if (bin.retries > 0) {
      const cx = round(middle(bin));
      parts.push(
        `<line class="mark-retry" x1="${cx}" x2="${cx}" y1="${HEIGHT - PAD.bottom}" y2="${HEIGHT - PAD.bottom - 8}"><title>${escapeHtml(`${when}: ${bin.retries} retries`)}</title></line>`,
      );
    }
  }
  return `<svg class="rate-chart" viewBox="0 0 ${WIDTH} ${HEIGHT}" role="img" aria-label="calls per second over time against the throttle budget">${parts.join('')}</svg>`;
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}

function niceCeiling(value: number): number {
  if (value <= 0) return 1;
  const magnitude = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 2.5, 5, 10]) if (step * magnitude >= value) return step * magnitude;
  return 10 * magnitude;
}

/** About five round ticks from 0 to max. */
function ticks(max: number): number[] {
  const step = niceCeiling(max / 5);
  const result: number[] = [];
  for (let tick = 0; tick <= max + 1e-9; tick += step) result.push(Math.round(tick * 100) / 100);
  return result;
}

export function formatSeconds(seconds: number): string {
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m${String(Math.round(seconds % 60)).padStart(2, '0')}s`;
  return `${Math.floor(minutes / 60)}h${String(minutes % 60).padStart(2, '0')}m`;
}
