// npm run bench: runs the benchmark scenarios one after the other against in-process sandboxes,
// with the built CLI as a child process, then prints one table per issue and writes every figure
// to bench/out/results.json.
//
//   node bench/run.mjs                 all scenarios (about an hour on 2 cores: nightly and memory1m take ~10 min each, dated longer)
//   node bench/run.mjs kill soak       only these (figures of the others are kept from the last run)
//   JASPER_PUSH_BENCH_DATED_PRODUCTS=2000 node bench/run.mjs dated   the dated-folder scenario at a smaller scale
//   node bench/run.mjs --list          the scenario names
//
// Progress goes to stderr; the tables go to stdout.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { renderReport } from './lib/report.mjs';
import { progress, ROOT, scratchRoot } from './lib/tenant.mjs';

const OUT = path.join(ROOT, 'bench/out');
const RESULTS = path.join(OUT, 'results.json');
const MIN = 60_000;

if (!fs.existsSync(path.join(ROOT, 'dist/sandbox/index.js'))) {
  console.error('dist/ is missing: build first (npm run build, or npx tsc -p .), or use npm run bench.');
  process.exit(2);
}
// Imported after the check: the scenarios import the built sandbox.
const { pushScale } = await import('./scenarios/push-scale.mjs');
const { throttled } = await import('./scenarios/throttle.mjs');
const { batchedBudget } = await import('./scenarios/batched-budget.mjs');
const { newmanVersus } = await import('./scenarios/newman.mjs');
const { soak, killResume } = await import('./scenarios/faults.mjs');
const { dryRunMemory, nightlyMemory } = await import('./scenarios/memory.mjs');
const { sourcesMemory } = await import('./scenarios/sources-memory.mjs');
const { datedFolder } = await import('./scenarios/dated-folder.mjs');
const { undoNightly } = await import('./scenarios/undo.mjs');

/** name → [what it does, run(work) → figures stored under results[name]]. Order = run order. */
const SCENARIOS = {
  push1k: [
    '1,000 products: first load, unchanged rerun, 1% change',
    (work) => pushScale(work, { name: 'push1k', products: 1000, changed: 10, timeoutMs: 3 * MIN }),
  ],
  push10k: [
    '10,000 products: first load, unchanged rerun, 1% change',
    (work) => pushScale(work, { name: 'push10k', products: 10_000, changed: 100, timeoutMs: 8 * MIN }),
  ],
  throttle: [
    '~180 products at 500 per 6 s, then at 300 per 10 s',
    async (work) => ({
      c500per6: await throttled(work, { name: 'throttle-500-6', products: 180, limit: 500, seconds: 6, timeoutMs: 2 * MIN }),
      a300per10: await throttled(work, { name: 'throttle-300-10', products: 180, limit: 300, seconds: 10, timeoutMs: 3 * MIN }),
    }),
  ],
  budget: [
    '(~10 min) 480 products in batches of 60 at 60 per 3 s, then at 500 per 60 s: share of the budget used',
    async (work) => ({
      b60per3: await batchedBudget(work, { name: 'budget-60-3', products: 480, batchSize: 60, limit: 60, seconds: 3, timeoutMs: 4 * MIN }),
      b500per60: await batchedBudget(work, { name: 'budget-500-60', products: 480, batchSize: 60, limit: 500, seconds: 60, timeoutMs: 12 * MIN }),
    }),
  ],
  newman: ['300 simple products: newman + Postman collection vs jasper-push', (work) => newmanVersus(work, { rows: 300, timeoutMs: 4 * MIN })],
  soak: ['1,000 products under 429s, 5xx, drops and hangs', (work) => soak(work, { products: 1000, timeoutMs: 12 * MIN })],
  kill: ['1,000 products, 20 × kill -9 then --resume', (work) => killResume(work, { products: 1000, kills: 20, minGap: 50, maxGap: 400, timeoutMs: 3 * MIN })],
  memory: ['100,000 rows --dry-run: peak RSS', (work) => dryRunMemory(work, { rows: 100_000, timeoutMs: 6 * MIN })],
  sources: [
    '100,000-row Shopify, WooCommerce and Magento exports --dry-run: peak RSS per source',
    (work) => sourcesMemory(work, { rows: 100_000, timeoutMs: 8 * MIN }),
  ],
  nightly: ['(~10 min) 100,000 rows pushed, then the unchanged rerun: peak RSS of each', (work) => nightlyMemory(work, { rows: 100_000, timeoutMs: 60 * MIN })],
  undo1k: [
    '1,000 products: a 1% change nightly (reads for its "before" values) and its undo',
    (work) => undoNightly(work, { name: 'undo1k', products: 1000, changed: 10, timeoutMs: 5 * MIN }),
  ],
  undo100k: [
    '(~20 min) 100,000 products: a 1% change nightly and its undo',
    (work) => undoNightly(work, { name: 'undo100k', products: 100_000, changed: 1000, timeoutMs: 90 * MIN }),
  ],
  memory1m: ['(~10 min) 1,000,000 rows --dry-run: peak RSS', (work) => dryRunMemory(work, { rows: 1_000_000, timeoutMs: 60 * MIN, name: 'memory1m' })],
  dated: [
    '(~20 min) 100,000 products: products.csv then inventory.csv, then both copied to a dated folder: 0 writes',
    (work) => datedFolder(work, { products: Number(process.env.JASPER_PUSH_BENCH_DATED_PRODUCTS ?? 100_000), timeoutMs: 60 * MIN }),
  ],
};
/** Run only when named: too long for the default run. */
const OPT_IN = new Set(['undo100k']);

const args = process.argv.slice(2);
if (args.includes('--list') || args.includes('--help')) {
  for (const [name, [what]] of Object.entries(SCENARIOS)) console.log(`${name.padEnd(10)} ${what}`);
  process.exit(0);
}
const unknown = args.filter((name) => !(name in SCENARIOS) && name !== 'all');
if (unknown.length > 0) {
  console.error(`Unknown scenario ${unknown.join(', ')}; choose from: ${Object.keys(SCENARIOS).join(', ')}`);
  process.exit(2);
}
const selected = Object.keys(SCENARIOS).filter((name) => args.includes(name) || ((args.length === 0 || args.includes('all')) && !OPT_IN.has(name)));

// Figures of scenarios not run now are kept from the last results.json, marked with their date.
fs.mkdirSync(OUT, { recursive: true });
let previous = {};
try {
  previous = JSON.parse(fs.readFileSync(RESULTS, 'utf8')).scenarios ?? {};
} catch {
  previous = {};
}
const scenarios = { ...previous };
const work = scratchRoot();
const started = performance.now();
progress(`scenarios: ${selected.join(', ')} (scratch ${work}, ${os.cpus().length} CPUs, Node ${process.version})`);

let failed = false;
try {
  for (const name of selected) {
    const [what, run] = SCENARIOS[name];
    progress(`── ${name}: ${what}`);
    const t0 = performance.now();
    // The machine's load: other processes share the cores with the sandbox and the CLI.
    const loadBefore = Number(os.loadavg()[0].toFixed(2));
    try {
      const figures = await run(work);
      const loadAfter = Number(os.loadavg()[0].toFixed(2));
      scenarios[name] = { measuredAt: new Date().toISOString(), seconds: Math.round((performance.now() - t0) / 1000), loadBefore, loadAfter, ...figures };
    } catch (error) {
      failed = true;
      progress(`${name} could not run: ${error.stack ?? error}`);
      scenarios[name] = { measuredAt: new Date().toISOString(), crashed: String(error.message ?? error) };
    }
    progress(`${name} took ${Math.round((performance.now() - t0) / 1000)} s`);
    // Written after every scenario so an interrupted bench keeps what it measured.
    writeResults(scenarios);
  }
} finally {
  fs.rmSync(work, { recursive: true, force: true });
}

const usable = Object.fromEntries(Object.entries(scenarios).filter(([, figures]) => !figures.crashed));
console.log(renderReport(usable));
const earlier = Object.keys(scenarios).filter((name) => !selected.includes(name));
if (earlier.length > 0)
  console.log(`\nFrom earlier runs (bench/out/results.json): ${earlier.map((name) => `${name} @ ${scenarios[name].measuredAt}`).join(', ')}`);
const loads = Object.entries(scenarios).filter(([, f]) => f.loadBefore !== undefined);
if (loads.length > 0)
  console.log(
    `\n1-min load average before → after each scenario (${os.cpus().length} CPUs): ${loads.map(([n, f]) => `${n} ${f.loadBefore}→${f.loadAfter}`).join(', ')}`,
  );
const crashed = Object.entries(scenarios).filter(([, figures]) => figures.crashed);
for (const [name, figures] of crashed) console.log(`\n${name} did not run to the end: ${figures.crashed}`);
console.log(`\nBench time ${Math.round((performance.now() - started) / 1000)} s; figures in ${path.relative(process.cwd(), RESULTS) || RESULTS}`);
process.exitCode = failed ? 1 : 0;

function writeResults(all) {
  const document = {
    generatedAt: new Date().toISOString(),
    node: process.version,
    cpus: os.cpus().length,
    platform: `${os.platform()} ${os.release()}`,
    scenarios: all,
  };
  fs.writeFileSync(RESULTS, JSON.stringify(document, null, 2) + '\n');
}
