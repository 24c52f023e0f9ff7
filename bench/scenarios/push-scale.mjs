// Scenarios 1 and 2: a generated catalog with variants pushed unthrottled at 20 ms latency and
// concurrency 10 — first load, unchanged rerun, 1% change — each checked against the sandbox.
import path from 'node:path';
import { writeCatalog } from '../generate-catalog.mjs';
import { requestStats, round } from '../lib/metrics.mjs';
import { catalogProblems, expectedCatalog } from '../lib/state-check.mjs';
import { outcome, progress, startTenant, UNTHROTTLED } from '../lib/tenant.mjs';

export const LATENCY_MS = 20;
const SEED = 1;

/** `count` standalone products (neither parent nor variant), spread over the catalog. */
export function pickStandalone(expected, count) {
  const standalone = [...expected.values()].filter((p) => !p.parent && p.children.length === 0).map((p) => p.sku);
  const step = standalone.length / count;
  return Array.from({ length: count }, (_, i) => standalone[Math.floor(i * step)]);
}

/** One push and what it cost, seen from both the CLI's JSON summary and the sandbox log. */
export async function measuredPush(tenant, file, products, timeoutMs, extra = [], measureRss = true) {
  tenant.since();
  const result = await tenant.push(['products', file, '--json', ...UNTHROTTLED, ...extra], { timeoutMs, measureRss });
  const seen = requestStats(tenant.since());
  const json = result.json ?? {};
  return {
    ...outcome(result),
    cliCalls: json.calls,
    ...seen,
    callsPerProduct: round(seen.calls / products, 3),
    writesPerProduct: round(seen.writes / products, 3),
    rows: json.rows,
    mode: json.mode,
    entities: json.entities,
    cliDurationMs: json.durationMs,
    wallMs: Math.round(result.wallMs),
    cliCallsPerSecond: json.callsPerSecond,
    // Calls over the span of their arrival at the sandbox: the rate the tenant saw.
    callsPerSecond: seen.spanMs > 0 ? round(seen.calls / (seen.spanMs / 1000), 1) : undefined,
    peakRssMb: json.peakRssMb,
    timeMaxRssMb: result.maxRssKb ? Math.round(result.maxRssKb / 1024) : undefined,
  };
}

export async function pushScale(work, { name, products, changed, timeoutMs }) {
  const tenant = await startTenant(work, name, { latencyMs: LATENCY_MS });
  const file = path.join(tenant.dir, 'products.csv');
  try {
    const rows = writeCatalog(file, { products, seed: SEED });
    const expected = expectedCatalog({ products, seed: SEED });
    progress(`${name}: first load of ${rows} products (latency ${LATENCY_MS} ms, concurrency 10, unthrottled)`);
    const firstLoad = await measuredPush(tenant, file, rows, timeoutMs);
    const firstState = catalogProblems(tenant.sandbox.state(), expected);
    progress(`${name}: first load ${firstLoad.calls} calls in ${firstLoad.wallMs} ms, exit ${firstLoad.exitCode}, exact ${firstState.exact}`);

    progress(`${name}: unchanged rerun`);
    const rerun = await measuredPush(tenant, file, rows, timeoutMs);
    progress(`${name}: rerun ${rerun.calls} calls, ${rerun.writes} writes`);

    // A nightly export overwrites its file: same path, `changed` products with a new msrp
    // (the generator also derives cost and the CA msrp from it).
    const changedSkus = pickStandalone(expected, changed);
    const priceDelta = Object.fromEntries(changedSkus.map((sku) => [sku, 100]));
    writeCatalog(file, { products, seed: SEED, priceDelta });
    progress(`${name}: ${changed} products' msrp changed (${round((100 * changed) / rows, 2)}% of rows)`);
    const change = await measuredPush(tenant, file, rows, timeoutMs);
    const changeState = catalogProblems(tenant.sandbox.state(), expectedCatalog({ products, seed: SEED, priceDelta }));
    const changeShare = changed / rows;
    const changeWriteTarget = round(1.2 * changeShare * firstLoad.writes, 1);
    progress(`${name}: change ${change.calls} calls, ${change.writes} writes (target ≤ ${changeWriteTarget}), exact ${changeState.exact}`);
    return {
      products: rows,
      latencyMs: LATENCY_MS,
      firstLoad: { ...firstLoad, state: summary(firstState) },
      rerun: { ...rerun, callsShareOfFirst: round(rerun.calls / firstLoad.calls, 4) },
      change: { ...change, changedProducts: changed, changedSkus, changeWriteTarget, state: summary(changeState) },
    };
  } finally {
    await tenant.close();
  }
}

/** The check's counts and its first problems (all of them would flood results.json). */
export function summary(check) {
  return { ...check, problems: check.problems.slice(0, 20), problemCount: check.problems.length };
}
