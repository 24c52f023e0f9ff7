// Scenario 3: throttle-bound pushes. The sandbox's arrival timestamps say whether any sliding
// window held more than the limit, and how close the wall time came to the floor
// (calls ÷ limit × window).
import path from 'node:path';
import { writeCatalog } from '../generate-catalog.mjs';
import { maxInWindow, requestStats, round } from '../lib/metrics.mjs';
import { catalogProblems, expectedCatalog } from '../lib/state-check.mjs';
import { outcome, progress, startTenant } from '../lib/tenant.mjs';
import { LATENCY_MS, summary } from './push-scale.mjs';

const SEED = 3;

export async function throttled(work, { name, products, limit, seconds, timeoutMs }) {
  const tenant = await startTenant(work, name, { latencyMs: LATENCY_MS });
  const file = path.join(tenant.dir, 'products.csv');
  try {
    const rows = writeCatalog(file, { products, seed: SEED });
    progress(`${name}: ${rows} products at ${limit} per ${seconds} s (latency ${LATENCY_MS} ms, concurrency 10)`);
    const args = ['products', file, '--json', '--throttle-limit', String(limit), '--throttle-seconds', String(seconds), '--concurrency', '10'];
    const result = await tenant.push(args, { timeoutMs });
    const requests = tenant.sandbox.requests;
    const seen = requestStats(requests);
    const times = requests.map((r) => r.t);
    const windowMs = seconds * 1000;
    const floorMs = (seen.calls / limit) * windowMs;
    const json = result.json ?? {};
    const state = catalogProblems(tenant.sandbox.state(), expectedCatalog({ products, seed: SEED }));
    const out = {
      products: rows,
      limit,
      seconds,
      ...outcome(result),
      ...seen,
      cliCalls: json.calls,
      windows: round(seen.calls / limit, 2),
      floorMs: Math.round(floorMs),
      cliDurationMs: json.durationMs,
      wallMs: Math.round(result.wallMs),
      cliWallOverFloor: json.durationMs ? round(json.durationMs / floorMs, 3) : undefined,
      wallOverFloor: round(result.wallMs / floorMs, 3),
      maxInWindow: maxInWindow(times, windowMs),
      // Issue A's rate: calls over the span from the first to the last arrival.
      achievedCallsPerSecond: seen.spanMs > 0 ? round(seen.calls / (seen.spanMs / 1000), 2) : undefined,
      // The same over the whole run, as a user waiting for it sees it.
      wallCallsPerSecond: round(seen.calls / (result.wallMs / 1000), 2),
      state: summary(state),
    };
    progress(
      `${name}: ${seen.calls} calls, CLI ${json.durationMs} ms / wall ${out.wallMs} ms vs floor ${out.floorMs} ms; ` +
        `max ${out.maxInWindow} in any ${seconds} s window; exact ${state.exact}`,
    );
    return out;
  } finally {
    await tenant.close();
  }
}
