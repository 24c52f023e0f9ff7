// Scenario 4: the Postman workaround users have today (newman, a CSV data file, one POST product +
// POST price + POST inventory per row, one request at a time) against jasper-push, on the same
// simple catalog and fresh sandboxes with the same latency. Both run as child processes.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { round } from '../lib/metrics.mjs';
import { catalogProblems, expectedFromLines } from '../lib/state-check.mjs';
import { BENCH_KEY, progress, ROOT, startTenant } from '../lib/tenant.mjs';
import { LATENCY_MS, measuredPush, summary } from './push-scale.mjs';

const BENCH = path.join(ROOT, 'bench');
const NEWMAN = path.join(BENCH, 'node_modules/newman/bin/newman.js');
export const COLLECTION = path.join(BENCH, 'postman/jasper-bulk.postman_collection.json');

/** Installs bench/package.json's dependencies (newman) the first time. */
export function ensureNewman() {
  if (fs.existsSync(NEWMAN)) return;
  progress('installing newman into bench/node_modules (npm install --prefix bench)');
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const result = spawnSync(npm, ['install', '--prefix', BENCH, '--no-audit', '--no-fund'], { cwd: ROOT, stdio: ['ignore', 2, 2] });
  if (result.status !== 0 || !fs.existsSync(NEWMAN)) throw new Error('npm install --prefix bench failed; newman is needed for the newman scenario');
}

/** The same simple catalog in both shapes: jasper-push's products.csv and the runner's data file. */
function writeSimpleCatalog(dir, count) {
  const rows = Array.from({ length: count }, (_, i) => ({
    sku: `SIMPLE-${String(i).padStart(6, '0')}`,
    name: `Simple product ${i}`,
    msrp: (10 + (i % 90) + (i % 7) / 4).toFixed(2),
    location: 'Main',
    count: (i * 37) % 101,
  }));
  const pushLines = ['sku,name,msrp,inventory:Main', ...rows.map((r) => `${r.sku},${r.name},${r.msrp},${r.count}`)];
  const dataLines = ['sku,name,msrp,location,count', ...rows.map((r) => `${r.sku},${r.name},${r.msrp},${r.location},${r.count}`)];
  const pushFile = path.join(dir, 'simple-products.csv');
  const dataFile = path.join(dir, 'postman-data.csv');
  fs.writeFileSync(pushFile, pushLines.join('\n') + '\n');
  fs.writeFileSync(dataFile, dataLines.join('\n') + '\n');
  return { pushFile, dataFile, expected: expectedFromLines(pushLines) };
}

function runNewman(dir, dataFile, url, timeoutMs) {
  const environment = path.join(dir, 'sandbox.postman_environment.json');
  fs.writeFileSync(
    environment,
    JSON.stringify({
      name: 'jasper sandbox',
      values: [
        { key: 'baseUrl', value: url, enabled: true },
        { key: 'apiKey', value: BENCH_KEY, enabled: true },
      ],
    }),
  );
  const report = path.join(dir, 'newman-report.json');
  const args = [NEWMAN, 'run', COLLECTION, '-d', dataFile, '-e', environment, '--reporters', 'json', '--reporter-json-export', report];
  const started = performance.now();
  const child = spawn(process.execPath, args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      const wallMs = performance.now() - started;
      let run;
      try {
        run = JSON.parse(fs.readFileSync(report, 'utf8')).run;
      } catch {
        run = undefined;
      }
      resolve({ code, wallMs, output: output.slice(-1000), run });
    });
  });
}

export async function newmanVersus(work, { rows, timeoutMs }) {
  ensureNewman();
  const newmanTenant = await startTenant(work, 'newman-postman', { latencyMs: LATENCY_MS });
  const pushTenant = await startTenant(work, 'newman-jasper', { latencyMs: LATENCY_MS });
  try {
    const { pushFile, dataFile, expected } = writeSimpleCatalog(newmanTenant.dir, rows);

    progress(`newman: ${rows} rows × 3 requests through the Postman collection (latency ${LATENCY_MS} ms)`);
    const postman = await runNewman(newmanTenant.dir, dataFile, newmanTenant.sandbox.url, timeoutMs);
    const postmanState = catalogProblems(newmanTenant.sandbox.state(), expected);
    const stats = postman.run?.stats ?? {};
    const runnerMs = postman.run?.timings ? postman.run.timings.completed - postman.run.timings.started : undefined;
    progress(`newman: exit ${postman.code}, ${newmanTenant.sandbox.requests.length} requests in ${Math.round(postman.wallMs)} ms, exact ${postmanState.exact}`);

    progress(`newman: the same catalog with jasper-push (unthrottled, concurrency 10)`);
    const jasper = await measuredPush(pushTenant, pushFile, rows, timeoutMs, [], false);
    const jasperState = catalogProblems(pushTenant.sandbox.state(), expected);
    progress(`newman: jasper-push exit ${jasper.exitCode}, ${jasper.calls} calls in ${jasper.wallMs} ms, exact ${jasperState.exact}`);

    return {
      rows,
      latencyMs: LATENCY_MS,
      collection: path.relative(ROOT, COLLECTION),
      newman: {
        exitCode: postman.code,
        ok: postman.code === 0,
        error: postman.code === 0 ? undefined : postman.output,
        requests: newmanTenant.sandbox.requests.length,
        failedRequests: stats.requests?.failed,
        failedAssertions: stats.assertions?.failed,
        wallMs: Math.round(postman.wallMs),
        runnerMs,
        state: summary(postmanState),
      },
      jasper: { ...jasper, state: summary(jasperState) },
      // Wall clock, process start to exit, for both: what a user waits for.
      wallRatio: round(postman.wallMs / jasper.wallMs, 2),
      // Inside each tool: newman's own run timings vs the CLI's durationMs (startup excluded).
      innerRatio: runnerMs && jasper.cliDurationMs ? round(runnerMs / jasper.cliDurationMs, 2) : undefined,
    };
  } finally {
    await newmanTenant.close();
    await pushTenant.close();
  }
}
