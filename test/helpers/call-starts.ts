// What the sandbox cannot see of a CLI's calls: when each one started (as the CLI called fetch) and
// the CLI's longest event-loop block, recorded by a preload (fetch-starts.mjs, `node --import`).
// With them a throttle is checked on starts exactly (SPEC §5 counts calls started) and on the
// sandbox's arrivals over a window shortened by the delays the run measured beyond the margin.
import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import { type CliOptions, ROOT } from './cli.js';
import { maxInWindow } from './tenant.js';

const PRELOAD = path.join(ROOT, 'test/helpers/fetch-starts.mjs');
/** The README's margin for a window of up to 4 s: the throttle's window is this much longer than asked. */
const MARGIN_MS = 80;

export interface Call {
  t: number;
  method: string;
  path: string;
}

export interface RecordedCalls {
  starts: Call[];
  longestBlockMs: number;
}

/** Options that make the CLI record its calls' starts into a file in `dir` (added to a call's own), and how to read them. */
export function recordingStarts(dir: string): { cli(options?: CliOptions): CliOptions; read(): RecordedCalls } {
  const file = path.join(dir, `fetch-starts-${process.hrtime.bigint()}.json`);
  return {
    cli: (options = {}) => ({ ...options, env: { ...options.env, FETCH_STARTS_FILE: file }, nodeArgs: [...(options.nodeArgs ?? []), '--import', PRELOAD] }),
    read: () => JSON.parse(fs.readFileSync(file, 'utf8')) as RecordedCalls,
  };
}

/**
 * How much the delay from start to arrival varied over the run (ms). Starts and arrivals are paired
 * by method and path, in order (calls of the same path start within a few milliseconds here).
 */
function delaySpread(starts: Call[], arrivals: Call[]): number {
  const byCall = (calls: Call[]) => {
    const groups = new Map<string, number[]>();
    for (const call of calls) {
      const key = `${call.method} ${call.path}`;
      const times = groups.get(key) ?? [];
      times.push(call.t);
      groups.set(key, times);
    }
    return groups;
  };
  const arrived = byCall(arrivals);
  const delays: number[] = [];
  for (const [key, times] of byCall(starts)) {
    const arrivalTimes = (arrived.get(key) ?? []).sort((a, b) => a - b);
    expect(arrivalTimes, `arrivals of ${key}`).toHaveLength(times.length);
    times.sort((a, b) => a - b).forEach((start, i) => delays.push(arrivalTimes[i]! - start));
  }
  return Math.max(...delays) - Math.min(...delays);
}

/**
 * Asserts both views of one run's calls against a limit per window. A call counted by the throttle
 * starts its fetch within the CLI's longest event-loop block, and arrives within the spread of the
 * measured delays after that: the arrival window gives up their sum beyond the margin.
 */
export function expectWithinLimit(recorded: RecordedCalls, arrivals: Call[], limit: number, windowMs = 1000): void {
  const { starts, longestBlockMs } = recorded;
  expect(arrivals).toHaveLength(starts.length);
  expect(
    maxInWindow(
      starts.map((call) => call.t),
      windowMs,
    ),
  ).toBeLessThanOrEqual(limit);
  const spread = delaySpread(starts, arrivals);
  const window = Math.min(windowMs, windowMs + MARGIN_MS - spread - longestBlockMs);
  expect(
    maxInWindow(
      arrivals.map((call) => call.t),
      window,
    ),
    `arrivals in any ${window.toFixed(0)} ms (delays to arrival varied by ${spread.toFixed(0)} ms; the CLI's loop was blocked for up to ${longestBlockMs.toFixed(0)} ms)`,
  ).toBeLessThanOrEqual(limit);
}

/** The sandbox's requests as calls, to compare with the starts. */
export function arrivalsOf(requests: readonly { t: number; method: string; path: string }[]): Call[] {
  return requests.map((request) => ({ t: request.t, method: request.method, path: request.path }));
}
