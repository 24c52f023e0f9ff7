// Scenarios 5 and 6: a soak under injected faults, and kill -9 at random moments followed by
// --resume. Both must end with exactly the catalog in the sandbox.
import fs from 'node:fs';
import path from 'node:path';
import { writeCatalog } from '../generate-catalog.mjs';
import { pauseStats, requestStats } from '../lib/metrics.mjs';
import { catalogProblems, expectedCatalog, fingerprint, fingerprintDiff } from '../lib/state-check.mjs';
import { afterRequests, collect, failureText, outcome, progress, startTenant, UNTHROTTLED } from '../lib/tenant.mjs';
import { summary } from './push-scale.mjs';

export const SOAK_FAULTS = {
  errorRate: 0.025,
  errorAfterApplyRate: 0.025,
  dropAfterApplyRate: 0.02,
  hangRate: 0.01,
  burst429Rate: 0.02,
  burstLength: 5,
  latencyMs: 5,
};
const SOAK_SEED = 20261126;
const SEED = 5;

export async function soak(work, { products, timeoutMs }) {
  const tenant = await startTenant(work, 'soak', SOAK_FAULTS, SOAK_SEED);
  const file = path.join(tenant.dir, 'products.csv');
  try {
    const rows = writeCatalog(file, { products, seed: SEED });
    progress(`soak: ${rows} products with faults ${JSON.stringify(SOAK_FAULTS)}, --timeout 2 --max-retries 8`);
    const result = await tenant.push(['products', file, '--json', ...UNTHROTTLED, '--timeout', '2', '--max-retries', '8'], { timeoutMs });
    const seen = requestStats(tenant.sandbox.requests);
    const state = catalogProblems(tenant.sandbox.state(), expectedCatalog({ products, seed: SEED }));
    const json = result.json ?? {};
    progress(
      `soak: exit ${result.code} after ${Math.round(result.wallMs)} ms, ${seen.calls} requests, faults ${JSON.stringify(seen.faults)}, exact ${state.exact}`,
    );
    return {
      products: rows,
      faultConfig: SOAK_FAULTS,
      seed: SOAK_SEED,
      ...outcome(result),
      rows: json.rows,
      cliCalls: json.calls,
      rateLimited: json.rateLimited,
      cliDurationMs: json.durationMs,
      wallMs: Math.round(result.wallMs),
      ...seen,
      time: pauseStats(tenant.sandbox.requests),
      faultShare: Object.fromEntries(Object.entries(seen.faults).map(([k, v]) => [k, Number((v / seen.calls).toFixed(4))])),
      state: summary(state),
    };
  } finally {
    await tenant.close();
  }
}

/** Random integer in [low, high]. */
const between = (low, high) => low + Math.floor(Math.random() * (high - low + 1));

export async function killResume(work, { products, kills, minGap, maxGap, timeoutMs }) {
  const reference = await startTenant(work, 'kill-reference', {});
  const tenant = await startTenant(work, 'kill', { latencyMs: 5 });
  const file = path.join(tenant.dir, 'products.csv');
  try {
    const rows = writeCatalog(file, { products, seed: SEED });
    const expected = expectedCatalog({ products, seed: SEED });

    progress(`kill: clean reference run of ${rows} products`);
    const clean = await reference.push(['products', file, '--json', ...UNTHROTTLED], { timeoutMs });
    const cleanPrint = fingerprint(reference.sandbox.state());

    progress(`kill: ${kills} kill -9 at random moments (after ${minGap}–${maxGap} new requests each), --resume after each`);
    const log = [];
    let finishedEarly = 0;
    const started = performance.now();
    for (let index = 0; index < kills; index++) {
      const gap = between(minGap, maxGap);
      const child = tenant.spawnPush(['products', file, ...UNTHROTTLED, ...(index > 0 ? ['--resume'] : [])]);
      const done = collect(child, { timeoutMs });
      const before = tenant.sandbox.requests.length;
      const finished = await Promise.race([afterRequests(tenant.sandbox, gap).then(() => false), done.then(() => true)]);
      if (finished) {
        const result = await done;
        finishedEarly++;
        log.push({ index, gap, killed: false, exitCode: result.code, requests: tenant.sandbox.requests.length - before });
        progress(`kill: run ${index + 1} ended by itself (exit ${result.code}) before ${gap} requests`);
        if (result.code === 0) break; // nothing left to kill: the push is complete
        continue;
      }
      child.kill('SIGKILL');
      const result = await done;
      log.push({ index, gap, killed: result.signal === 'SIGKILL', requests: tenant.sandbox.requests.length - before });
    }
    const killCount = log.filter((entry) => entry.killed).length;
    progress(`kill: ${killCount} kills done, ${tenant.sandbox.requests.length} requests so far; final --resume`);
    const final = await tenant.push(['products', file, '--json', ...UNTHROTTLED, '--resume'], { timeoutMs });
    const totalMs = performance.now() - started;
    const state = catalogProblems(tenant.sandbox.state(), expected);
    const differing = fingerprintDiff(fingerprint(tenant.sandbox.state()), cleanPrint);
    const cleanState = catalogProblems(reference.sandbox.state(), expected);
    const runFolders = fs.existsSync(tenant.runDir) ? fs.readdirSync(tenant.runDir).length : 0;
    progress(`kill: final exit ${final.code}, exact ${state.exact}, ${differing.length} SKUs differ from the clean run`);
    return {
      products: rows,
      latencyMs: 5,
      kills: killCount,
      finishedEarly,
      killLog: log,
      cleanRun: { exitCode: clean.code, calls: reference.sandbox.requests.length, state: summary(cleanState) },
      finalExitCode: final.code,
      finalOk: final.code === 0 && !final.timedOut,
      finalError: final.code === 0 ? undefined : failureText(final),
      finalRows: final.json?.rows,
      finalResumed: final.json?.resumed,
      totalRequests: tenant.sandbox.requests.length,
      requestsPerCleanRun: reference.sandbox.requests.length,
      totalMs: Math.round(totalMs),
      runFolders,
      state: summary(state),
      differingFromClean: differing.length,
      differingSample: differing.slice(0, 10),
    };
  } finally {
    await reference.close();
    await tenant.close();
  }
}
