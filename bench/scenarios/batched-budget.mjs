// Issue 17: a batched push under the throttle. How much of the budget does a push in small batches
// use from its first call to its last? The share is calls ÷ (limit × span ÷ window), from the
// sandbox's arrival times; a queue that drains between batches loses the time it stands idle
// while the window has room. `marginShare` is the best share the client's window margin allows
// (every window filled at once, the next one opening after the margin), so the gap between the
// two (`pacing`) is what batching, dependency tails and a busy machine cost.
import path from 'node:path';
import { windowWithMargin } from '../../dist/run/call-queue.js';
import { writeCatalog } from '../generate-catalog.mjs';
import { maxInWindow, requestStats, round } from '../lib/metrics.mjs';
import { catalogProblems, expectedCatalog } from '../lib/state-check.mjs';
import { outcome, progress, runCli, startTenant } from '../lib/tenant.mjs';
import { LATENCY_MS, summary } from './push-scale.mjs';

const SEED = 5;

export async function batchedBudget(work, { name, products, batchSize, limit, seconds, timeoutMs }) {
  // The sandbox holds the same limit the client is given, counted on its own arrival times: a
  // client that spends more than the budget in any window meets 429s (counted as status429).
  const tenant = await startTenant(work, name, { latencyMs: LATENCY_MS, rateLimit: { limit, seconds } });
  const file = path.join(tenant.dir, 'products.csv');
  try {
    const rows = writeCatalog(file, { products, seed: SEED });
    progress(`${name}: ${rows} products in batches of ${batchSize} at ${limit} per ${seconds} s (latency ${LATENCY_MS} ms, concurrency 10)`);
    const args = ['push', 'products', file, '--json', '--throttle-limit', String(limit), '--throttle-seconds', String(seconds), '--concurrency', '10'];
    const env = { ...tenant.env, JASPER_PUSH_BATCH_SIZE: String(batchSize) };
    const result = await runCli([...args, '--run-dir', tenant.runDir], { env, cwd: tenant.dir, timeoutMs });
    const requests = tenant.sandbox.requests;
    const seen = requestStats(requests);
    const windowMs = seconds * 1000;
    const state = catalogProblems(tenant.sandbox.state(), expectedCatalog({ products, seed: SEED }));
    // Every window filled the moment it opens: the last call starts ⌊(calls − 1) ÷ limit⌋ windows (with the margin) after the first.
    const bestSpanMs = Math.floor((seen.calls - 1) / limit) * windowWithMargin(windowMs);
    const share = (spanMs) => (spanMs > 0 ? round(seen.calls / ((limit * spanMs) / windowMs), 4) : undefined);
    const out = {
      products: rows,
      batchSize,
      limit,
      seconds,
      ...outcome(result),
      ...seen,
      batches: Math.ceil(rows / batchSize),
      budgetShare: share(seen.spanMs),
      marginShare: share(bestSpanMs),
      bestSpanMs,
      // How close the push came to that best schedule: 1 is every window filled the moment it opened.
      pacing: seen.spanMs > 0 ? round(bestSpanMs / seen.spanMs, 4) : undefined,
      cliDurationMs: result.json?.durationMs,
      wallMs: Math.round(result.wallMs),
      maxInWindow: maxInWindow(
        requests.map((r) => r.t),
        windowMs,
      ),
      state: summary(state),
    };
    progress(
      `${name}: ${seen.calls} calls over ${(seen.spanMs / 1000).toFixed(1)} s (best ${(bestSpanMs / 1000).toFixed(1)} s): ` +
        `${(out.budgetShare * 100).toFixed(1)} % of the budget (margin allows ${(out.marginShare * 100).toFixed(1)} %); ` +
        `max ${out.maxInWindow} in any ${seconds} s window; ${out.status429} answered 429; exit ${out.exitCode}; exact ${state.exact}`,
    );
    return out;
  } finally {
    await tenant.close();
  }
}
