// Every documented option, driven through the built CLI at least once: one row per option (or per
// options that only make sense together), each saying what must be true afterwards, asserted on the
// sandbox's data, the exit code, stdout and the run files. The last test reads every command's
// --help: an option without a row here (or a named test elsewhere) fails it, so it shows in review.
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closedPort, FIXTURES, runCli, scratch, startSandboxCli } from './helpers/cli.js';
import { type CommercetoolsServer, startCommercetools } from './helpers/commercetools-gateway.js';
import { COVERED_ELSEWHERE, helpOptions } from './helpers/options-coverage.js';
import { loadMugProject, runAsTerminal, skewedPingServer, writeFile } from './helpers/options-support.js';
import { latestRun, readJsonl, startTenant, TEST_KEY, type Tenant } from './helpers/tenant.js';
import { tempDir } from './helpers/temp-dir.js';
import { arrivalsOf, expectWithinLimit, recordingStarts } from './helpers/call-starts.js';

/** A config folder of the test's own, removed when the test ends. */
const freshConfigDir = () => path.join(tempDir('jp-test-'), 'config');

interface Row {
  command: string;
  options: string[];
  /** What must be true afterwards. */
  what: string;
  check(): Promise<void>;
}

const tenants: Tenant[] = [];
async function tenant(...args: Parameters<typeof startTenant>): Promise<Tenant> {
  const started = await startTenant(...args);
  tenants.push(started);
  return started;
}
let ct: CommercetoolsServer;

beforeAll(async () => {
  ct = await startCommercetools({ projectKey: 'mugs' });
  await loadMugProject(ct.mockUrl, ct.projectKey);
});
afterAll(async () => {
  for (const started of tenants) await started.close();
  await ct?.close();
});

const FAST = ['--throttle-limit', '100000'];

/** One column of a CSV file. */
function readCsvColumn(file: string, column: string): string[] {
  return parse<Record<string, string>>(fs.readFileSync(file), { columns: true, bom: true }).map((row) => row[column]!);
}
const SIMPLE = 'sku,name,msrp\nA-1,Alpha,10\nB-1,Beta,20\n';

/** sku → name and prices, in the sandbox. */
function products(t: Tenant) {
  return Object.fromEntries(
    t.sandbox
      .state()
      .products.map((product) => [
        product.sku,
        { name: product.name, enabled: product.enabled, prices: product.prices.map(({ base, msrp }) => ({ base, msrp })) },
      ]),
  );
}

async function afterRequests(t: Tenant, count: number, predicate: (request: { method: string }) => boolean = () => true): Promise<void> {
  while (t.sandbox.requests.filter(predicate).length < count) await new Promise((resolve) => setTimeout(resolve, 10));
}

const commercetoolsPush = (t: Tenant, args: string[]) => t.push(['products', '--from', 'commercetools', ...FAST, ...args], { env: ct.env });

const ROWS: Row[] = [
  {
    command: 'undo',
    options: ['--run-dir', '--throttle-limit', '--throttle-seconds', '--concurrency', '--max-retries', '--timeout', '--wait'],
    what: 'undo finds the run in --run-dir and takes it back under its own throttle: never more than 2 calls in any 1 s window',
    async check() {
      const t = await tenant();
      const five = ['sku,name,msrp', ...['U-1', 'U-2', 'U-3', 'U-4', 'U-5'].map((sku) => `${sku},Undo ${sku},5`)].join('\n');
      const file = writeFile(t.dir, 'products.csv', `${five}\n`);
      expect((await t.push(['products', file])).code).toBe(0);
      const runId = path.basename(latestRun(t.runDir));
      const before = t.sandbox.requests.length;
      const throttle = ['--throttle-limit', '2', '--throttle-seconds', '1', '--concurrency', '1', '--max-retries', '0', '--timeout', '5', '--wait'];
      const recording = recordingStarts(t.dir);
      const undone = await runCli(['undo', runId, '--run-dir', t.runDir, ...throttle], recording.cli({ env: t.env }));
      expect(undone.code, undone.stderr).toBe(0);
      expect(t.sandbox.state().products).toEqual([]);
      // 5 calls at 2 per second: three bursts, a second apart. Starts are held to the limit exactly,
      // the sandbox's arrivals over the window the run's measured delays allow (helpers/call-starts).
      const recorded = recording.read();
      expect(recorded.starts).toHaveLength(5);
      expectWithinLimit(recorded, arrivalsOf(t.sandbox.requests.slice(before)), 2);
      const starts = recorded.starts.map((call) => call.t);
      expect(Math.max(...starts) - Math.min(...starts)).toBeGreaterThanOrEqual(2000);
      const elsewhere = await runCli(['undo', runId, '--run-dir', path.join(t.dir, 'nowhere')], { env: t.env });
      expect(elsewhere.code).toBe(2);
    },
  },
  {
    command: 'push products',
    options: ['--map'],
    what: 'renamed headers are read as the spec headers they map to; without the map the file is refused',
    async check() {
      const t = await tenant();
      const file = writeFile(t.dir, 'export.csv', 'Artikel,Bezeichnung,Preis\nMAP-1,Mapped,12.5\n');
      const map = writeFile(t.dir, 'map.json', JSON.stringify({ Artikel: 'sku', Bezeichnung: 'name', Preis: 'msrp' }));
      const without = await t.push(['products', file]);
      expect(without.code).toBe(2);
      expect(t.sandbox.state().products).toEqual([]);
      const result = await t.push(['products', file, '--map', map]);
      expect(result.code, result.stderr).toBe(0);
      expect(products(t)).toEqual({ 'MAP-1': { name: 'Mapped', enabled: 1, prices: [{ base: 'US', msrp: 12.5 }] } });
    },
  },
  {
    command: 'push products',
    options: ['--price-base'],
    what: 'the shorthand price columns land in that base (upper-cased); the flag beats the profile setting price-base',
    async check() {
      const t = await tenant();
      const file = writeFile(t.dir, 'products.csv', SIMPLE);
      const set = await runCli(['config', 'set', 'price-base', 'CA'], { env: t.env });
      expect(set.code, set.stderr).toBe(0);
      const result = await t.push(['products', file, '--price-base', 'eur']);
      expect(result.code, result.stderr).toBe(0);
      expect(products(t)).toEqual({
        'A-1': { name: 'Alpha', enabled: 1, prices: [{ base: 'EUR', msrp: 10 }] },
        'B-1': { name: 'Beta', enabled: 1, prices: [{ base: 'EUR', msrp: 20 }] },
      });
    },
  },
  {
    command: 'config set',
    options: ['price-base (profile setting)'],
    what: 'a push without --price-base uses the profile’s base',
    async check() {
      const t = await tenant();
      const file = writeFile(t.dir, 'products.csv', SIMPLE);
      expect((await runCli(['config', 'set', 'price-base', 'CA'], { env: t.env })).code).toBe(0);
      const result = await t.push(['products', file]);
      expect(result.code, result.stderr).toBe(0);
      expect(products(t)['A-1']!.prices).toEqual([{ base: 'CA', msrp: 10 }]);
    },
  },
  {
    command: 'push products',
    options: ['--concurrency'],
    what: '--concurrency 1 sends one call at a time (each arrives after the last one’s answer); 10 overlaps them',
    async check() {
      const latencyMs = 25;
      const rows = Array.from({ length: 6 }, (_, index) => `C-${index},Product ${index},${index + 1}`).join('\n');
      for (const [concurrency, serial] of [
        ['1', true],
        ['10', false],
      ] as const) {
        const t = await tenant({ latencyMs });
        const file = writeFile(t.dir, 'products.csv', `sku,name,msrp\n${rows}\n`);
        const result = await t.push(['products', file, '--concurrency', concurrency, ...FAST]);
        expect(result.code, result.stderr).toBe(0);
        expect(Object.keys(products(t))).toHaveLength(6);
        const times = t.sandbox.requests.map((request) => request.t);
        const gaps = times.slice(1).map((time, index) => time - times[index]!);
        // A call answered after `latencyMs` can only be followed by the next once it is answered.
        if (serial) expect(Math.min(...gaps)).toBeGreaterThanOrEqual(latencyMs - 2);
        else expect(Math.min(...gaps)).toBeLessThan(latencyMs / 2);
      }
    },
  },
  {
    command: 'push products',
    options: ['--timeout'],
    what: 'a call slower than --timeout is given up (exit 75); a longer --timeout lets the same push through',
    async check() {
      const t = await tenant({ latencyMs: 250 });
      const file = writeFile(t.dir, 'products.csv', SIMPLE);
      const short = await t.push(['products', file, '--timeout', '0.1', '--max-retries', '0']);
      expect(short.code, short.stdout + short.stderr).toBe(75);
      // The key check is the push's first call.
      expect(short.stderr).toContain('The tenant did not answer in time: GET /ping: no answer within the timeout');
      expect(t.sandbox.state().products).toEqual([]);
      const long = await t.push(['products', file, '--timeout', '5', ...FAST]);
      expect(long.code, long.stderr).toBe(0);
      expect(Object.keys(products(t)).sort()).toEqual(['A-1', 'B-1']);
    },
  },
  {
    command: 'jasper-push',
    options: ['--quiet'],
    what: 'a push that writes everything prints nothing at all; one with failures still prints its summary',
    async check() {
      const t = await tenant();
      const file = writeFile(t.dir, 'products.csv', SIMPLE);
      const quiet = await t.push(['products', file, '--quiet']);
      expect(quiet.code).toBe(0);
      expect(quiet.stdout).toBe('');
      expect(quiet.stderr).toBe('');
      expect(Object.keys(products(t)).sort()).toEqual(['A-1', 'B-1']);
      const loud = await t.push(['products', file]);
      expect(loud.stdout).toContain('✔ all 2 rows written or already up to date (0 created, 0 updated, 2 unchanged)');

      const linked = writeFile(t.dir, 'linked.csv', 'sku,name,related:Accessories\nL-1,Linked,NOWHERE-1\n');
      const failing = await t.push(['products', linked, '--quiet']);
      expect(failing.code).toBe(1);
      expect(failing.stdout).toContain('failures');
      expect(failing.stdout).toContain('! 1 of 1 rows written; 1 related link failed (in 1 row)');
      expect(failing.stdout).toMatch(/^failures: \S+failures\.csv {2}\(push it again to retry exactly those rows\)$/m);
    },
  },
  {
    command: 'jasper-push',
    options: ['--no-color'],
    what: 'on a terminal, errors are red; --no-color (like NO_COLOR) leaves no colour code',
    async check() {
      const work = scratch();
      try {
        const bad = writeFile(work.dir, 'bad.csv', 'sku,name,msrp\nA-1,Alpha,abc\n');
        const env = { JASPER_PUSH_CONFIG_DIR: work.configDir };
        const line = `error ${bad}:2: column msrp: "abc" is not a number`;
        const coloured = await runAsTerminal(['validate', 'products', bad], env);
        expect(coloured.code).toBe(2);
        expect(coloured.stdout).toContain(`\u001b[31merror\u001b[39m ${bad}:2:`);
        for (const plain of [
          await runAsTerminal(['validate', 'products', bad, '--no-color'], env),
          await runAsTerminal(['validate', 'products', bad], { ...env, NO_COLOR: '1' }),
        ]) {
          expect(plain.code).toBe(2);
          expect(plain.stdout.split('\n')[0]).toBe(line);
          expect(plain.stdout + plain.stderr).not.toContain('\u001b[');
        }
      } finally {
        work.cleanup();
      }
    },
  },
  {
    command: 'push products',
    options: ['--resume <run-id>'],
    what: 'continues the named run (not a new one): its failed link is written once the SKU exists, in the same run folder',
    async check() {
      const t = await tenant();
      const tee = writeFile(t.dir, 'tee.csv', 'sku,name,related:Accessories\nTEE-1,Tee,CAP-1\n');
      const first = await t.push(['products', tee]);
      expect(first.code, first.stdout).toBe(1);
      const runId = path.basename(latestRun(t.runDir));
      const cap = await t.push(['products', writeFile(t.dir, 'cap.csv', 'sku,name\nCAP-1,Cap\n')]);
      expect(cap.code, cap.stderr).toBe(0);
      const runsBefore = fs.readdirSync(t.runDir).sort();

      const unknown = await t.push(['products', tee, '--resume', 'no-such-run']);
      expect(unknown.code).toBe(2);
      expect(unknown.stderr).toContain('No run "no-such-run"');
      const resumed = await t.push(['products', tee, '--resume', runId]);
      expect(resumed.code, resumed.stdout + resumed.stderr).toBe(0);
      expect(fs.readdirSync(t.runDir).sort()).toEqual(runsBefore);
      const run = path.join(t.runDir, runId);
      expect(JSON.parse(fs.readFileSync(path.join(run, 'run.json'), 'utf8')).resumedAt).toHaveLength(1);
      const state = t.sandbox.state();
      const id = (sku: string) => state.products.find((product) => product.sku === sku)!.id;
      expect(state.products.find((product) => product.sku === 'TEE-1')!.relations.map((relation) => relation.related_id)).toEqual([id('CAP-1')]);
      expect(readJsonl(path.join(run, 'journal.jsonl')).filter((line) => line.entity === 'relatedLink' && line.outcome === 'created')).toHaveLength(1);
    },
  },
  {
    command: 'push products',
    options: ['failures.json (JSON input)'],
    what: 'a JSON push’s failed rows go to failures.json (JSON, with _error/_status/_stage) and failures.jsonl; failures.json pushes back as it is',
    async check() {
      const t = await tenant();
      const catalog = {
        products: [
          { sku: 'J-1', name: 'Good', prices: [{ base: 'US', msrp: 5 }] },
          { sku: 'J-2', name: 'Bad price', prices: [{ base: 'US', msrp: 'five' }] },
        ],
      };
      const file = writeFile(t.dir, 'catalog.json', JSON.stringify(catalog));
      const result = await t.push(['products', file, '--skip-invalid']);
      expect(result.code, result.stdout + result.stderr).toBe(1);
      const run = latestRun(t.runDir);
      expect(fs.existsSync(path.join(run, 'failures.csv'))).toBe(false);
      const failures = JSON.parse(fs.readFileSync(path.join(run, 'failures.json'), 'utf8'));
      const error = `${file}: products[1]: column prices[0].msrp: must be a number, not a string`;
      expect(failures).toEqual({
        products: [{ sku: 'J-2', name: 'Bad price', prices: [{ base: 'US', msrp: 'five' }], _error: error, _status: 'invalid', _stage: 'validation' }],
      });
      expect(readJsonl(path.join(run, 'failures.jsonl'))).toEqual([
        { file, path: 'products[1]', kind: 'product', key: 'J-2', status: 'failed', stage: 'validation', error },
      ]);
      expect(Object.keys(products(t))).toEqual(['J-1']);

      failures.products[0].prices[0].msrp = 5.5;
      const fixed = writeFile(t.dir, 'fixed.json', JSON.stringify(failures));
      const again = await t.push(['products', fixed]);
      expect(again.code, again.stdout + again.stderr).toBe(0);
      expect(products(t)['J-2']).toEqual({ name: 'Bad price', enabled: 1, prices: [{ base: 'US', msrp: 5.5 }] });
    },
  },
  {
    command: 'push products',
    options: ['Ctrl-C twice'],
    what: 'the second Ctrl-C exits 130 at once, with calls still unanswered',
    async check() {
      // Every answer takes 20 s: after the first Ctrl-C the push would wait that long for the call in flight.
      const t = await tenant({ latencyMs: 20_000 });
      const file = writeFile(t.dir, 'products.csv', SIMPLE);
      const child = t.spawnPush(['products', file, ...FAST]);
      const done = new Promise<{ code: number | null; stderr: string }>((resolve) => {
        let stderr = '';
        child.stderr!.on('data', (chunk) => (stderr += chunk));
        child.on('close', (code) => resolve({ code, stderr }));
      });
      await afterRequests(t, 1);
      child.kill('SIGINT');
      await new Promise((resolve) => setTimeout(resolve, 700));
      child.kill('SIGINT');
      const stopped = await Promise.race([done, new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), 10_000))]);
      expect(stopped, 'still running 10 s after the second Ctrl-C').toBeDefined();
      expect(stopped!.code).toBe(130);
      expect(stopped!.stderr).toContain('Stopping: no new calls; letting the ones in flight finish (Ctrl-C again to quit at once).');
      expect(stopped!.stderr).toContain('Interrupted again: exiting now. The journal has every finished call; use --resume.');
      expect(t.sandbox.requests.map((request) => request.status)).toEqual([0]);
    },
  },
  {
    command: 'push products',
    options: ['--media-url'],
    what: 'a Magento export’s relative image paths become images under the media base',
    async check() {
      const t = await tenant();
      const file = writeFile(
        t.dir,
        'catalog_product.csv',
        'sku,product_type,name,price,qty,base_image,additional_images\nMUG-9,simple,Mug,9,3,/m/u/mug.jpg,"/m/u/mug-side.jpg,/m/u/mug-top.jpg"\n',
      );
      const result = await t.push(['products', '--from', 'magento', file, '--media-url', 'https://shop.example.com/media/catalog/product/']);
      expect(result.code, result.stdout + result.stderr).toBe(0);
      const [mug] = t.sandbox.state().products;
      expect(mug!.assets.map((asset) => asset.uri)).toEqual([
        'https://shop.example.com/media/catalog/product/m/u/mug.jpg',
        'https://shop.example.com/media/catalog/product/m/u/mug-side.jpg',
        'https://shop.example.com/media/catalog/product/m/u/mug-top.jpg',
      ]);
    },
  },
  {
    command: 'push products',
    options: ['--staged'],
    what: 'commercetools: the staged projections are read (the unpublished product too, disabled; staged names)',
    async check() {
      const published = await tenant();
      expect((await commercetoolsPush(published, [])).code).toBe(0);
      expect(products(published)).toEqual({ 'MUG-1': { name: 'Mug', enabled: 1, prices: [{ base: 'EUR', msrp: 12.5 }] } });
      const staged = await tenant();
      const result = await commercetoolsPush(staged, ['--staged']);
      expect(result.code, result.stdout + result.stderr).toBe(0);
      expect(products(staged)).toEqual({
        'MUG-1': { name: 'Mug v2', enabled: 1, prices: [{ base: 'EUR', msrp: 12.5 }] },
        'DRAFT-1': { name: 'Draft', enabled: 0, prices: [{ base: 'EUR', msrp: 3 }] },
      });
    },
  },
  {
    command: 'push products',
    options: ['--locale'],
    what: 'commercetools: names come in that language',
    async check() {
      const t = await tenant();
      const result = await commercetoolsPush(t, ['--locale', 'de']);
      expect(result.code, result.stdout + result.stderr).toBe(0);
      expect(products(t)).toEqual({ 'MUG-1': { name: 'Tasse', enabled: 1, prices: [{ base: 'EUR', msrp: 12.5 }] } });
    },
  },
  {
    command: 'push products',
    options: ['--price-base-map'],
    what: 'commercetools: a currency lands in the base it is mapped to',
    async check() {
      const t = await tenant();
      const result = await commercetoolsPush(t, ['--price-base-map', 'EUR=EU']);
      expect(result.code, result.stdout + result.stderr).toBe(0);
      expect(products(t)['MUG-1']!.prices).toEqual([{ base: 'EU', msrp: 12.5 }]);
    },
  },
  {
    command: 'push products',
    options: ['--since <date-time>'],
    what: 'commercetools: only products modified since that time are read (none after a future time, all after a past one)',
    async check() {
      const t = await tenant();
      const future = await commercetoolsPush(t, ['--since', '2999-01-01T00:00:00Z', '--json']);
      expect(future.code, future.stderr).toBe(0);
      expect(JSON.parse(future.stdout).source).toMatchObject({ products: 0, since: '2999-01-01T00:00:00.000Z' });
      expect(t.sandbox.state().products).toEqual([]);
      const past = await commercetoolsPush(t, ['--since', '2000-01-01T00:00:00Z', '--json']);
      expect(past.code, past.stderr).toBe(0);
      expect(JSON.parse(past.stdout).source).toMatchObject({ products: 1, since: '2000-01-01T00:00:00.000Z' });
      expect(Object.keys(products(t))).toEqual(['MUG-1']);
      const bad = await commercetoolsPush(t, ['--since', 'yesterday']);
      expect(bad.code).toBe(2);
      expect(bad.stderr).toContain('--since takes "last" or a date-time');
    },
  },
  {
    command: 'validate',
    options: ['categories'],
    what: 'a category file is checked: exit 0 with its counts, or exit 2 naming the duplicate path',
    async check() {
      const good = await runCli(['validate', 'categories', path.join(FIXTURES, 'good/categories.csv')]);
      expect(good.code).toBe(0);
      expect(good.stdout).toBe('✔ valid — 2 rows: 2 categories, 0 products, 0 variants, 0 inventory records\n');
      const bad = path.join(FIXTURES, 'bad/categories-duplicate-path.csv');
      const result = await runCli(['validate', 'categories', bad]);
      expect(result.code).toBe(2);
      expect(result.stdout).toBe(
        `error ${bad}:4: column path: duplicate category path "Apparel > Shirts": first at ${bad}:2\n` +
          '✖ 1 error in 1 row — 3 rows: 2 categories, 0 products, 0 variants, 0 inventory records\n',
      );
    },
  },
  {
    command: 'validate',
    options: ['inventory'],
    what: 'an inventory file is checked: exit 0 with its counts, or exit 2 with every bad count located',
    async check() {
      const good = await runCli(['validate', 'inventory', path.join(FIXTURES, 'good/inventory.csv')]);
      expect(good.code).toBe(0);
      expect(good.stdout).toBe('✔ valid — 2 rows: 0 categories, 0 products, 0 variants, 2 inventory records\n');
      const bad = path.join(FIXTURES, 'bad/inventory-negative.csv');
      const result = await runCli(['validate', 'inventory', bad]);
      expect(result.code).toBe(2);
      expect(result.stdout.split('\n')).toEqual([
        `error ${bad}:2: column count_on_hand: "-3" is not a whole number ≥ 0`,
        `error ${bad}:3: column count_on_hand: "2.5" is not a whole number ≥ 0`,
        `error ${bad}:4: column count_on_hand: count_on_hand is empty; every row needs a count`,
        '✖ 3 errors in 3 rows — 3 rows: 0 categories, 0 products, 0 variants, 0 inventory records',
        '',
      ]);
    },
  },
  {
    command: 'validate',
    options: ['--map'],
    what: 'renamed headers validate; without the map the sku column is missing',
    async check() {
      const file = path.join(FIXTURES, 'good/products-mapped.csv');
      const mapped = await runCli(['validate', 'products', file, '--map', path.join(FIXTURES, 'good/column-map.json')]);
      expect(mapped.code, mapped.stdout).toBe(0);
      expect(mapped.stdout).toBe('✔ valid — 1 row: 0 categories, 1 product, 0 variants, 0 inventory records\n');
      expect((await runCli(['validate', 'products', file])).code).toBe(2);
    },
  },
  {
    command: 'validate',
    options: ['--price-base'],
    what: 'the shorthand columns belong to that base: msrp beside price:CA:msrp is the same column twice with --price-base CA',
    async check() {
      const work = scratch();
      try {
        const file = writeFile(work.dir, 'products.csv', 'sku,name,msrp,price:CA:msrp\nX-1,X,1,2\n');
        expect((await runCli(['validate', 'products', file])).code).toBe(0);
        const result = await runCli(['validate', 'products', file, '--price-base', 'CA']);
        expect(result.code).toBe(2);
        expect(result.stdout.split('\n')[0]).toBe(`error ${file}:1: column price:CA:msrp: duplicate column: the same as column 3 "msrp"`);
      } finally {
        work.cleanup();
      }
    },
  },
  {
    command: 'demo',
    options: ['--variant-mode', '--run-dir'],
    what: 'parent mode creates variants with parent_id: no Variant relation type and no variant links; relation mode links all 6',
    async check() {
      const work = scratch();
      try {
        for (const [mode, links, relationTypes] of [
          ['parent', 0, 1],
          ['relation', 6, 2],
        ] as const) {
          const runDir = path.join(work.dir, mode);
          const result = await runCli(['demo', '--variant-mode', mode, '--run-dir', runDir], { env: { JASPER_PUSH_CONFIG_DIR: work.configDir } });
          expect(result.code, result.stdout + result.stderr).toBe(0);
          const runs = fs.readdirSync(runDir).sort();
          expect(runs).toHaveLength(2);
          const journal = readJsonl(path.join(runDir, runs[1]!, 'journal.jsonl'));
          expect(journal.filter((line) => line.entity === 'variantLink')).toHaveLength(links);
          expect(journal.filter((line) => line.entity === 'relationType')).toHaveLength(relationTypes);
          expect(journal.filter((line) => line.entity === 'product')).toHaveLength(11);
        }
      } finally {
        work.cleanup();
      }
    },
  },
  {
    command: 'ping',
    options: ['clock skew'],
    what: 'the clock skew line shows how far the server’s clock is from ours, with its sign',
    async check() {
      for (const skewSeconds of [90, -120]) {
        const server = await skewedPingServer(skewSeconds * 1000);
        try {
          const env = { JASPER_API_URL: server.url, JASPER_API_KEY: TEST_KEY, JASPER_PUSH_CONFIG_DIR: freshConfigDir() };
          const text = await runCli(['ping'], { env });
          expect(text.code, text.stderr).toBe(0);
          const shown = Number(/^ {2}clock skew {3}([+-]\d+\.\d) s$/m.exec(text.stdout)?.[1]);
          // The server's time has whole seconds: the skew is at most 1 s below the offset.
          expect(shown).toBeGreaterThanOrEqual(skewSeconds - 1.1);
          expect(shown).toBeLessThanOrEqual(skewSeconds + 0.1);
          const json = JSON.parse((await runCli(['ping', '--json'], { env })).stdout);
          expect(json.clockSkewMs).toBeGreaterThan(skewSeconds * 1000 - 1100);
          expect(json.clockSkewMs).toBeLessThan(skewSeconds * 1000 + 100);
        } finally {
          await server.close();
        }
      }
    },
  },
  {
    command: 'validate',
    options: ['--location'],
    what: 'taken by the exports with one quantity per SKU; refused on section 3 files and when empty',
    async check() {
      const shopify = path.join(FIXTURES, 'shopify/products_export.csv');
      const named = await runCli(['validate', 'products', '--from', 'shopify', shopify, '--location', 'Main Store']);
      expect(named.code, named.stdout + named.stderr).toBe(0);
      const empty = await runCli(['validate', 'products', '--from', 'shopify', shopify, '--location', ' ']);
      expect(empty.code).toBe(2);
      expect(empty.stderr).toContain('--location needs a name.');
      const section3 = await runCli(['validate', 'products', path.join(FIXTURES, 'good/products-mapped.csv'), '--location', 'Main']);
      expect(section3.code).toBe(2);
      expect(section3.stderr).toContain('--location is for exports with one quantity per SKU');
    },
  },
  {
    command: 'validate',
    options: ['--staged', '--locale', '--since', '--price-base-map'],
    what: 'commercetools: the read is staged, in that language, since that time; a malformed base map is refused',
    async check() {
      const env = { ...ct.env, JASPER_PUSH_CONFIG_DIR: freshConfigDir() };
      const args = ['validate', 'products', '--from', 'commercetools'];
      const result = await runCli([...args, '--staged', '--locale', 'de', '--since', '2000-01-01T00:00:00Z', '--price-base-map', 'EUR=EU'], { env });
      expect(result.code, result.stdout + result.stderr).toBe(0);
      expect(result.stdout).toContain('commercetools mugs (staged, de): read 2 products modified since 2000-01-01T00:00:00.000Z (2 variants');
      expect(result.stdout).toContain('✔ valid — 2 rows: 0 categories, 2 products, 0 variants, 0 inventory records');
      // Published, the unpublished mug is left out: one product, counted in the singular.
      const published = await runCli([...args, '--since', '2000-01-01T00:00:00Z'], { env });
      expect(published.stdout).toContain(
        'commercetools mugs (published, en): read 1 product modified since 2000-01-01T00:00:00.000Z (1 variant, 0 categories, 0 inventory entries)',
      );
      expect(published.stdout).toContain('✔ valid — 1 row: 0 categories, 1 product, 0 variants, 0 inventory records');
      const future = await runCli([...args, '--since', '2999-01-01T00:00:00Z'], { env });
      expect(future.stdout).toContain('commercetools mugs (published, en): read 0 products modified since 2999-01-01T00:00:00.000Z');
      const malformed = await runCli([...args, '--price-base-map', 'EUR'], { env });
      expect(malformed.code).toBe(2);
      expect(malformed.stderr).toContain('--price-base-map');
    },
  },
  {
    command: 'convert',
    options: ['--staged', '--locale', '--price-base-map', '--since', '--source-concurrency'],
    what: 'commercetools: products.csv holds the staged products in that language, prices in the mapped base, one read at a time; --since is refused (a convert is the whole project)',
    async check() {
      const work = scratch();
      try {
        const env = { ...ct.env, JASPER_PUSH_CONFIG_DIR: work.configDir };
        const convert = (out: string, extra: string[]) => runCli(['convert', '--from', 'commercetools', '--out', path.join(work.dir, out), ...extra], { env });
        ct.faults = { latencyMs: 30 };
        ct.resetMaxInFlight();
        const result = await convert('staged', ['--staged', '--locale', 'de', '--price-base-map', 'EUR=EU', '--source-concurrency', '1']);
        ct.faults = {};
        expect(result.code, result.stdout + result.stderr).toBe(0);
        expect(ct.maxInFlight()).toBe(1);
        const rows = fs.readFileSync(path.join(work.dir, 'staged/products.csv'), 'utf8').trim().split('\n');
        expect(rows[0]).toMatch(/^sku,name,.*,price:EU:msrp/);
        expect(
          rows
            .slice(1)
            .map((row) => row.split(',').slice(0, 2).join(','))
            .sort(),
        ).toEqual(['DRAFT-1,Entwurf', 'MUG-1,Tasse v2']);
        const since = await convert('since', ['--since', '2000-01-01T00:00:00Z']);
        expect(since.code).toBe(2);
        // convert takes no --since: a usage error, and its --help does not list it.
        expect(since.stderr).toContain("error: unknown option '--since'");
        expect(fs.existsSync(path.join(work.dir, 'since'))).toBe(false);
      } finally {
        ct.faults = {};
        work.cleanup();
      }
    },
  },
  {
    command: 'convert',
    options: ['--map'],
    what: 'the export’s renamed headers are read as the source’s own; without the map the SKU column is missing',
    async check() {
      const work = scratch();
      try {
        const file = writeFile(work.dir, 'wc.csv', 'Type,Code,Name,Regular price\nsimple,W-1,Widget,5\n');
        const map = writeFile(work.dir, 'map.json', JSON.stringify({ Code: 'SKU' }));
        const out = path.join(work.dir, 'out');
        expect((await runCli(['convert', '--from', 'woocommerce', file, '--out', out])).code).toBe(2);
        const result = await runCli(['convert', '--from', 'woocommerce', file, '--out', out, '--map', map]);
        expect(result.code, result.stderr).toBe(0);
        expect(fs.readFileSync(path.join(out, 'products.csv'), 'utf8').split('\n').slice(0, 2)).toEqual([
          'sku,name,parent_sku,enabled,is_visible,desc_short,desc_long,product_url,style_id,brand_id,page_title,categories,price:US:msrp',
          'W-1,Widget,,,,,,,,,,,5',
        ]);
      } finally {
        work.cleanup();
      }
    },
  },
  {
    command: 'convert',
    options: ['--price-base'],
    what: 'the prices are written for that base',
    async check() {
      const work = scratch();
      try {
        const file = writeFile(work.dir, 'wc.csv', 'Type,SKU,Name,Regular price\nsimple,W-1,Widget,5\n');
        const out = path.join(work.dir, 'out');
        const result = await runCli(['convert', '--from', 'woocommerce', file, '--out', out, '--price-base', 'CA']);
        expect(result.code, result.stderr).toBe(0);
        const [header, row] = fs.readFileSync(path.join(out, 'products.csv'), 'utf8').split('\n');
        expect(header!.split(',').at(-1)).toBe('price:CA:msrp');
        expect(row).toBe('W-1,Widget,,,,,,,,,,,5');
      } finally {
        work.cleanup();
      }
    },
  },
  {
    command: 'convert',
    options: ['--skip-invalid'],
    what: 'the valid rows are written, the 3 invalid ones go to failures.csv in --out (exit 1); without it nothing is written (exit 2)',
    async check() {
      const work = scratch();
      try {
        const broken = path.join(FIXTURES, 'woocommerce/broken_export.csv');
        const strict = await runCli(['convert', '--from', 'woocommerce', broken, '--out', path.join(work.dir, 'strict')]);
        expect(strict.code).toBe(2);
        expect(fs.existsSync(path.join(work.dir, 'strict/products.csv'))).toBe(false);
        const out = path.join(work.dir, 'out');
        const result = await runCli(['convert', '--from', 'woocommerce', broken, '--out', out, '--skip-invalid']);
        expect(result.code, result.stderr).toBe(1);
        const skus = (file: string, column: string) => readCsvColumn(path.join(out, file), column);
        expect(skus('products.csv', 'sku')).toEqual(['HAT', 'SCARF']);
        expect(skus('failures.csv', 'SKU')).toEqual(['HAT-ANY', 'HAT-X', 'HAT-M']);
      } finally {
        work.cleanup();
      }
    },
  },
  ...sandboxRows(),
];

/** `jasper-push sandbox` flags, each observed on the HTTP answers of a sandbox started from the command line. */
function sandboxRows(): Row[] {
  const env = () => ({ JASPER_PUSH_CONFIG_DIR: freshConfigDir() });
  const key = 'jp-sandbox-cli-key-0123456789';
  const call = (url: string, method = 'GET', route = '/ping', body?: unknown, signal?: AbortSignal) =>
    fetch(url + route, {
      method,
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      ...(signal ? { signal } : {}),
    });
  const statuses = async (url: string, count: number) => {
    const seen: number[] = [];
    for (let index = 0; index < count; index++) seen.push((await call(url)).status);
    return seen;
  };
  const categoryNames = async (url: string) =>
    ((await (await call(url, 'GET', '/categories')).json()) as { categories: { name: string }[] }).categories.map((c) => c.name);
  const sandboxRow = (options: string[], what: string, args: string[], observe: (url: string) => Promise<void>): Row => ({
    command: 'sandbox',
    options,
    what,
    async check() {
      const sandbox = await startSandboxCli(['--port', '0', '--key', key, ...args], env());
      try {
        await observe(sandbox.url);
      } finally {
        const stopped = await sandbox.stop();
        expect(stopped.code).toBe(0);
      }
    },
  });
  return [
    {
      command: 'sandbox',
      options: ['--port'],
      what: 'listens on the port named',
      async check() {
        const port = await closedPort();
        const sandbox = await startSandboxCli(['--port', String(port), '--key', key], env());
        try {
          expect(sandbox.url).toBe(`http://127.0.0.1:${port}/api/v1`);
          expect((await call(sandbox.url)).status).toBe(200);
        } finally {
          await sandbox.stop();
        }
      },
    },
    sandboxRow(['--key'], 'only that key is accepted', [], async (url) => {
      expect((await call(url)).status).toBe(200);
      expect((await fetch(url + '/ping', { headers: { authorization: 'Bearer other' } })).status).toBe(401);
    }),
    {
      command: 'sandbox',
      options: ['--data'],
      what: 'what was written is there again after a restart with the same file',
      async check() {
        const work = scratch();
        try {
          const data = path.join(work.dir, 'sandbox.json');
          const first = await startSandboxCli(['--port', '0', '--key', key, '--data', data], env());
          expect((await call(first.url, 'POST', '/categories', { name: 'Kept' })).status).toBe(201);
          await first.stop();
          const second = await startSandboxCli(['--port', '0', '--key', key, '--data', data], env());
          try {
            expect(await categoryNames(second.url)).toEqual(['Kept']);
          } finally {
            await second.stop();
          }
        } finally {
          work.cleanup();
        }
      },
    },
    sandboxRow(['--latency'], 'every answer takes at least that long', ['--latency', '300'], async (url) => {
      const started = performance.now();
      expect((await call(url)).status).toBe(200);
      expect(performance.now() - started).toBeGreaterThanOrEqual(295);
    }),
    sandboxRow(['--error-rate'], 'at 1, every call is a 5xx and nothing is applied', ['--error-rate', '1'], async (url) => {
      for (const status of await statuses(url, 5)) expect(status).toBeGreaterThanOrEqual(500);
      expect((await call(url, 'POST', '/categories', { name: 'Never' })).status).toBeGreaterThanOrEqual(500);
    }),
    sandboxRow(['--rate-limit'], '2/60: the third call in the window is a 429 with Retry-After', ['--rate-limit', '2/60'], async (url) => {
      expect((await call(url)).status).toBe(200);
      expect((await call(url)).status).toBe(200);
      const limited = await call(url);
      expect(limited.status).toBe(429);
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    }),
    {
      command: 'sandbox',
      options: ['--seed'],
      what: 'the same seed gives the same faults, call for call',
      async check() {
        const sequences: number[][] = [];
        for (const seed of ['7', '7', '8']) {
          const sandbox = await startSandboxCli(['--port', '0', '--key', key, '--error-rate', '0.5', '--seed', seed], env());
          try {
            sequences.push(await statuses(sandbox.url, 24));
          } finally {
            await sandbox.stop();
          }
        }
        expect(sequences[0]).toEqual(sequences[1]);
        expect(sequences[0]).not.toEqual(sequences[2]);
        expect(sequences[0]!.filter((status) => status === 200).length).toBeGreaterThan(0);
        expect(sequences[0]!.filter((status) => status >= 500).length).toBeGreaterThan(0);
      },
    },
    sandboxRow(['--drop-after-apply'], 'at 1, a write is applied and its connection dropped unanswered', ['--drop-after-apply', '1'], async (url) => {
      await expect(call(url, 'POST', '/categories', { name: 'Dropped' })).rejects.toThrow();
      expect(await categoryNames(url)).toEqual(['Dropped']);
    }),
    sandboxRow(['--error-after-apply'], 'at 1, a write is applied and answered 500', ['--error-after-apply', '1'], async (url) => {
      expect((await call(url, 'POST', '/categories', { name: 'Applied' })).status).toBe(500);
      expect(await categoryNames(url)).toEqual(['Applied']);
    }),
    sandboxRow(['--hang-rate'], 'at 1, a call is never answered', ['--hang-rate', '1'], async (url) => {
      // /ping is exempt (a hung ping would only hide the fault being tested): a listing hangs.
      expect((await call(url)).status).toBe(200);
      await expect(call(url, 'GET', '/categories', undefined, AbortSignal.timeout(500))).rejects.toThrow(/aborted|timeout/i);
    }),
    sandboxRow(
      ['--burst-429', '--burst-length'],
      'a call may start a burst of 429s exactly --burst-length calls long (back-to-back bursts: a multiple of it)',
      ['--burst-429', '0.2', '--burst-length', '3', '--seed', '3'],
      async (url) => {
        const runs = (await statuses(url, 40)).map((status) => (status === 429 ? 'x' : '.')).join('');
        expect(runs).toMatch(/^[x.]+$/);
        // A run still going at the end of the sample may be cut short.
        const complete = runs.replace(/x+$/, '').match(/x+/g) ?? [];
        expect(complete.length).toBeGreaterThan(0);
        for (const run of complete) expect(run.length % 3, runs).toBe(0);
        expect(runs).toContain('.');
      },
    ),
  ];
}

describe('every documented option, driven through the CLI', () => {
  it.each(ROWS.map((row) => [`${row.command} ${row.options.join(' ')}: ${row.what}`, row] as const))('%s', async (_name, row) => row.check(), 60_000);

  it('every option in every command’s --help has a row above or a named test elsewhere', () => {
    const driven = new Set(ROWS.flatMap((row) => row.options.map((option) => `${row.command} ${option.split(' ')[0]}`)));
    const missing: string[] = [];
    for (const [command, options] of helpOptions()) {
      for (const option of options) {
        // push categories and push inventory take the push options of push products.
        const key = `${command.startsWith('push ') ? 'push products' : command} ${option}`;
        const elsewhere = COVERED_ELSEWHERE[key];
        if (driven.has(key)) continue;
        if (elsewhere && fs.readFileSync(path.join('test', elsewhere), 'utf8').includes(option)) continue;
        missing.push(key);
      }
    }
    expect(missing).toEqual([]);
  });
});
