// Issue 18: a 1 % change nightly on a generated catalog, what recording its "before" values cost
// (reads of products beyond the push's own, at most one per product updated), then its undo:
// calls against the nightly's writes, the tenant back as it was, and the earlier file writing nothing.
import path from 'node:path';
import { writeCatalog } from '../generate-catalog.mjs';
import { requestStats, round } from '../lib/metrics.mjs';
import { expectedCatalog, fingerprint, fingerprintDiff } from '../lib/state-check.mjs';
import { failureText, progress, runCli, startTenant, UNTHROTTLED } from '../lib/tenant.mjs';
import { measuredPush, pickStandalone } from './push-scale.mjs';

const SEED = 1;
const LATENCY_MS = 2;

/** GET /products/{id}: the read a change record costs (the push itself looks products up by SKU). */
const productReads = (requests) => requests.filter((r) => r.method === 'GET' && /\/products\/\d+$/.test(r.path.split('?')[0])).length;

export async function undoNightly(work, { name, products, changed, timeoutMs }) {
  const tenant = await startTenant(work, name, { latencyMs: LATENCY_MS });
  const file = path.join(tenant.dir, 'products.csv');
  try {
    const rows = writeCatalog(file, { products, seed: SEED });
    progress(`${name}: first load of ${rows} products`);
    const firstLoad = await measuredPush(tenant, file, rows, timeoutMs, [], false);
    const before = fingerprint(tenant.sandbox.state());

    const changedSkus = pickStandalone(expectedCatalog({ products, seed: SEED }), changed);
    writeCatalog(file, { products, seed: SEED, priceDelta: Object.fromEntries(changedSkus.map((sku) => [sku, 100])) });
    progress(`${name}: nightly with ${changed} products' prices changed`);
    tenant.since();
    const nightly = await tenant.push(['products', file, '--json', ...UNTHROTTLED], { timeoutMs });
    const nightlyRequests = tenant.since();
    const nightlyStats = requestStats(nightlyRequests);
    const runId = nightly.json?.runId;

    progress(`${name}: undo of ${runId}`);
    const undo = await runCli(['undo', runId, '--json', '--run-dir', tenant.runDir, ...UNTHROTTLED], { env: tenant.env, cwd: tenant.dir, timeoutMs });
    const undoStats = requestStats(tenant.since());
    const differing = fingerprintDiff(before, fingerprint(tenant.sandbox.state()));

    writeCatalog(file, { products, seed: SEED });
    const rerun = await tenant.push(['products', file, '--json', ...UNTHROTTLED], { timeoutMs });
    const rerunStats = requestStats(tenant.since());
    const ok = nightly.code === 0 && undo.code === 0 && rerun.code === 0 && differing.length === 0 && rerunStats.writes === 0;
    progress(
      `${name}: nightly ${nightlyStats.writes} writes, ${productReads(nightlyRequests)} product reads; undo ${undoStats.calls} calls; ${differing.length} SKUs differ`,
    );
    return {
      products: rows,
      changedProducts: changed,
      ok,
      error: ok
        ? undefined
        : [nightly, undo, rerun]
            .filter((result) => result.code !== 0)
            .map(failureText)
            .join('; ') || `${differing.length} SKUs differ`,
      firstLoad: { calls: firstLoad.calls, wallMs: firstLoad.wallMs },
      nightly: {
        exitCode: nightly.code,
        ...nightlyStats,
        productReads: productReads(nightlyRequests),
        updatedProducts: nightly.json?.entities?.product?.updated ?? 0,
        readsPerChangedProduct: round(productReads(nightlyRequests) / changed, 2),
        wallMs: Math.round(nightly.wallMs),
      },
      undo: {
        exitCode: undo.code,
        ...undoStats,
        counts: undo.json?.counts,
        callsPerNightlyWrite: round(undoStats.calls / Math.max(1, nightlyStats.writes), 2),
        wallMs: Math.round(undo.wallMs),
      },
      tenantRestored: differing.length === 0,
      differingSkus: differing.slice(0, 20),
      rerunWrites: rerunStats.writes,
    };
  } finally {
    await tenant.close();
  }
}
