// Figures from the sandbox's own request log, and the printed tables.

/** The most requests that arrived in any window of `windowMs` (sliding, [t, t + windowMs)). */
export function maxInWindow(times, windowMs) {
  const sorted = [...times].sort((a, b) => a - b);
  let best = 0;
  let start = 0;
  for (let end = 0; end < sorted.length; end++) {
    while (sorted[end] - sorted[start] >= windowMs) start++;
    best = Math.max(best, end - start + 1);
  }
  return best;
}

/** Calls, writes (anything but GET) and faults seen by the sandbox in a slice of its log. */
export function requestStats(requests) {
  const faults = {};
  for (const r of requests) if (r.fault) faults[r.fault] = (faults[r.fault] ?? 0) + 1;
  // A loop, not Math.min(...times): a 100,000-product push logs more requests than the stack holds arguments.
  let first = requests.length ? Infinity : 0;
  let last = requests.length ? -Infinity : 0;
  for (const r of requests) {
    if (r.t < first) first = r.t;
    if (r.t > last) last = r.t;
  }
  return {
    calls: requests.length,
    reads: requests.filter((r) => r.method === 'GET').length,
    writes: requests.filter((r) => r.method !== 'GET').length,
    appliedWrites: requests.filter((r) => r.applied).length,
    status429: requests.filter((r) => r.status === 429).length,
    faults,
    spanMs: Math.round(last - first),
  };
}

export const round = (value, digits = 2) => (value === undefined || value === null || Number.isNaN(value) ? value : Number(value.toFixed(digits)));

/** PASS / MISS for a check; undefined (not measured) prints as n/a. */
export function verdict(ok) {
  if (ok === undefined || ok === null) return 'n/a';
  return ok ? 'PASS' : 'MISS';
}

/**
 * One row of a table: { metric, value, target, ok }. `ok` undefined means informational
 * (printed with "—").
 */
export const row = (metric, value, target = '—', ok = undefined, info = false) => ({
  metric,
  value: value === undefined ? 'not measured' : String(value),
  target,
  result: info ? '—' : verdict(ok),
});

export function renderTable(title, rows) {
  const headers = ['metric', 'measured', 'target', 'result'];
  const cells = rows.map((r) => [r.metric, r.value, r.target, r.result]);
  const widths = headers.map((h, i) => Math.max(h.length, ...cells.map((c) => String(c[i]).length)));
  const line = (c) => `| ${c.map((v, i) => String(v).padEnd(widths[i])).join(' | ')} |`;
  const rule = `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`;
  return [`\n${title}`, line(headers), rule, ...cells.map(line)].join('\n');
}

/**
 * Where a run's time went, seen from the sandbox: time with no request arriving for ≥ `minGapMs`
 * (the client was pausing: Retry-After, backoff, timeouts), and the 429 bursts behind it.
 */
export function pauseStats(requests, minGapMs = 500) {
  const times = requests.map((r) => r.t).sort((a, b) => a - b);
  let pausedMs = 0;
  let pauses = 0;
  for (let i = 1; i < times.length; i++) {
    const gap = times[i] - times[i - 1];
    if (gap >= minGapMs) ((pausedMs += gap), pauses++);
  }
  let bursts = 0;
  for (let i = 0; i < requests.length; i++) if (requests[i].fault === 'burst-429' && requests[i - 1]?.fault !== 'burst-429') bursts++;
  const spanMs = times.length ? times[times.length - 1] - times[0] : 0;
  return {
    minGapMs,
    pauses,
    pausedMs: Math.round(pausedMs),
    activeMs: Math.round(spanMs - pausedMs),
    activeCallsPerSecond: spanMs - pausedMs > 0 ? round(requests.length / ((spanMs - pausedMs) / 1000), 1) : undefined,
    bursts429: bursts,
  };
}
