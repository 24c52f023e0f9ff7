// End to end: the built CLI pushes catalogs into the sandbox; assertions are on the sandbox's data.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { writeCatalog } from '../bench/generate-catalog.mjs';
import { writeCount } from './helpers/catalog-state.js';
import { FIXTURES } from './helpers/cli.js';
import { oracleProblems, type Push } from './helpers/oracle/index.js';
import { latestRun, readJsonl, startTenant, type Tenant, tenantWithDemoCatalog, tenantWithDemoProducts } from './helpers/tenant.js';

const DEMO = path.join(FIXTURES, 'demo');
const CATEGORIES = path.join(DEMO, 'categories.csv');
const PRODUCTS = path.join(DEMO, 'products.csv');
const JSON_CATALOG = path.join(DEMO, 'catalog.json');

let tenant: Tenant | undefined;
afterEach(async () => {
  await tenant?.close();
  tenant = undefined;
});

describe('push', () => {
  it('writes every category, product, variant, price, attribute, inventory row and link of the CSV demo exactly once', async () => {
    tenant = await startTenant();
    const categories = await tenant.push(['categories', CATEGORIES]);
    expect(categories.code, categories.stderr).toBe(0);
    const before = tenant.sandbox.requests.length;
    const products = await tenant.push(['products', PRODUCTS]);
    expect(products.code, products.stderr + products.stdout).toBe(0);
    expect(products.stdout).toContain('all 11 rows written');
    const writes = writeCount(tenant.sandbox.requests.slice(before));

    const expected: Push[] = [
      ['categories', [CATEGORIES]],
      ['products', [PRODUCTS]],
    ];
    expect(oracleProblems(tenant.sandbox.state(), expected)).toEqual([]);
    const state = tenant.sandbox.state();
    expect(state.categories).toHaveLength(10);
    expect(state.products).toHaveLength(11);
    expect(state.options.map((option) => option.name).sort()).toEqual(['Color', 'Size']);
    expect(state.attributes.find((attribute) => attribute.name === 'Country')?.type).toBe('multiselect');
    const parent = state.products.find((product) => product.sku === 'TEE-CLASSIC')!;
    expect(parent.option_set_id).not.toBeNull();

    const run = latestRun(tenant.runDir);
    const summary = JSON.parse(fs.readFileSync(path.join(run, 'summary.json'), 'utf8'));
    expect(summary.rows).toMatchObject({ total: 11, created: 11, failed: 0, skipped: 0 });
    expect(summary.delta).toBe(true);
    const results = fs.readFileSync(path.join(run, 'results.csv'), 'utf8').trim().split('\n');
    expect(results).toHaveLength(12);
    expect(results[1]).toMatch(/products\.csv,2,product,TEE-CLASSIC,created,\d+,/);
    expect(summary).toMatchObject({ plannedWrites: writes, calls: tenant.sandbox.requests.length - before });
    // One journal line per task, every one created: counted from the demo files.
    const journal = readJsonl(path.join(run, 'journal.jsonl'));
    expect(journal.filter((line) => line.outcome !== 'created')).toEqual([]);
    const tasks: Record<string, number> = {};
    for (const line of journal) tasks[String(line.entity)] = (tasks[String(line.entity)] ?? 0) + 1;
    expect(tasks).toEqual({
      option: 2, // Size, Color
      optionValue: 6, // S, M, L, Black, White, Grey
      optionSet: 1, // both parents' variants vary by Size and Color: one set
      optionSetOption: 2,
      attribute: 2, // Material, Country
      typeValue: 2, // Country's USA, Canada (Material is text)
      relationType: 2, // Accessories, Variant
      product: 11,
      price: 22, // US and CA for each row
      attributeValues: 11, // one collection write per product
      inventory: 18, // Main Warehouse and Toronto for the 9 rows that give counts
      categoryAssignment: 13, // one per path: TEE-CLASSIC and SOCK-CREW have two
      asset: 11, // the images cells: 2 + 4×1 + 1 + 0 + 0 + 2 + 1 + 1
      barcode: 11, // UPC-A on 9 rows, EAN on 2
      relatedLink: 5, // TEE-CLASSIC 2, HOODIE-ZIP 1, CAP-TRUCKER 1, BOTTLE-STEEL 1
      variantLink: 6,
    });
  });

  it('pushing the same files again writes nothing, duplicates nothing and exits 0', async () => {
    tenant = await tenantWithDemoCatalog();
    const before = tenant.sandbox.requests.length;
    const again = await tenant.push(['products', PRODUCTS]);
    expect(again.code, again.stderr).toBe(0);
    expect(writeCount(tenant.sandbox.requests.slice(before))).toBe(0);
    const expected: Push[] = [
      ['categories', [CATEGORIES]],
      ['products', [PRODUCTS]],
    ];
    expect(oracleProblems(tenant.sandbox.state(), expected)).toEqual([]);

    // Without the change cache (--full) and with a fresh read (--reconcile): still no duplicates.
    const full = await tenant.push(['products', PRODUCTS, '--full']);
    expect(full.code, full.stderr).toBe(0);
    const reconcileStart = tenant.sandbox.requests.length;
    const reconcile = await tenant.push(['products', PRODUCTS, '--reconcile']);
    expect(reconcile.code, reconcile.stderr).toBe(0);
    expect(writeCount(tenant.sandbox.requests.slice(reconcileStart))).toBe(0);
    expect(oracleProblems(tenant.sandbox.state(), expected)).toEqual([]);
  });

  it.each([
    ['relation', 'default'],
    ['parent', 'default'],
    ['parent', '2'],
  ] as const)('pushes the JSON demo catalog with --variant-mode %s, twice, exactly once (batch size %s)', async (mode, batchSize) => {
    tenant = await startTenant();
    for (let round = 0; round < 2; round++) {
      const result = await tenant.push(
        ['products', JSON_CATALOG, '--variant-mode', mode],
        batchSize === 'default' ? {} : { env: { JASPER_PUSH_BATCH_SIZE: batchSize } },
      );
      expect(result.code, result.stderr + result.stdout).toBe(0);
    }
    expect(oracleProblems(tenant.sandbox.state(), [['products', [JSON_CATALOG]]], { variantMode: mode })).toEqual([]);
    const variants = tenant.sandbox.state().products.filter((product) => product.sku.startsWith('TEE-CLASSIC-'));
    expect(variants).toHaveLength(4);
    for (const variant of variants) expect(variant.option_values).toHaveLength(2);
  });

  it('updates only what changed: one price edit is one write', async () => {
    tenant = await tenantWithDemoProducts();
    const edited = path.join(tenant.dir, 'products.csv');
    fs.writeFileSync(
      edited,
      fs
        .readFileSync(PRODUCTS, 'utf8')
        .replace(
          'CAP-TRUCKER,Trucker Cap,,,,Apparel > Accessories > Hats,true,true,Mesh back and a curved brim,19.00',
          'CAP-TRUCKER,Trucker Cap,,,,Apparel > Accessories > Hats,true,true,Mesh back and a curved brim,21.00',
        ),
    );
    const before = tenant.sandbox.requests.length;
    const result = await tenant.push(['products', edited]);
    expect(result.code, result.stderr).toBe(0);
    const writes = tenant.sandbox.requests.slice(before).filter((request) => request.method !== 'GET');
    expect(writes.map((request) => request.method + ' ' + request.path.replace(/\/\d+/g, '/N'))).toEqual(['PUT /api/v1/products/N/prices/N']);
    const cap = tenant.sandbox.state().products.find((product) => product.sku === 'CAP-TRUCKER')!;
    expect(cap.prices.find((price) => price.base === 'US')?.msrp).toBe(21);
  });

  it('--reconcile repairs what someone changed in Jasper behind the cache', async () => {
    tenant = await tenantWithDemoProducts();
    const cap = tenant.sandbox.state().products.find((product) => product.sku === 'CAP-TRUCKER')!;
    const price = cap.prices.find((candidate) => candidate.base === 'US')!;
    await fetch(`${tenant.sandbox.url}/products/${cap.id}/prices/${price.id}`, {
      method: 'PUT',
      headers: { Authorization: `Bearer ${tenant.env.JASPER_API_KEY}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ base: 'US', msrp: 1 }),
    });
    const delta = await tenant.push(['products', PRODUCTS]);
    expect(delta.code).toBe(0);
    const before = tenant.sandbox.requests.length;
    const reconcile = await tenant.push(['products', PRODUCTS, '--reconcile']);
    expect(reconcile.code, reconcile.stderr).toBe(0);
    expect(writeCount(tenant.sandbox.requests.slice(before))).toBe(1);
    expect(oracleProblems(tenant.sandbox.state(), [['products', [PRODUCTS]]])).toEqual([]);
  });

  it('--dry-run reads, prints the plan and writes nothing', async () => {
    tenant = await startTenant();
    const result = await tenant.push(['products', PRODUCTS, '--dry-run']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('Dry run');
    expect(result.stdout).toMatch(/product\s+11\s+0/);
    expect(writeCount(tenant.sandbox.requests)).toBe(0);
    // Its plan gets the run files a report needs, but no journal: there is nothing to resume.
    const run = latestRun(tenant.runDir);
    expect(fs.readdirSync(run).sort()).toEqual(['changes.csv', 'changes.sqlite', 'failures.jsonl', 'report.html', 'results.csv', 'run.json', 'summary.json']);
    const planned = JSON.parse(fs.readFileSync(path.join(run, 'summary.json'), 'utf8'));
    expect(planned).toMatchObject({ dryRun: true });
    // The plan's count is the writes the real push then makes.
    const before = tenant.sandbox.requests.length;
    expect((await tenant.push(['products', PRODUCTS])).code).toBe(0);
    expect(planned.plannedWrites).toBe(writeCount(tenant.sandbox.requests.slice(before)));
  });

  it('push inventory updates counts of existing products, fails unknown SKUs, and the failures file retries exactly them', async () => {
    tenant = await tenantWithDemoProducts();
    const file = path.join(tenant.dir, 'inventory.csv');
    fs.writeFileSync(file, fs.readFileSync(path.join(DEMO, 'inventory.csv'), 'utf8') + 'NO-SUCH-SKU,Main Warehouse,3,\n');
    // Batches of 4 inventory rows (1 product's worth): the rows go in two batches.
    const result = await tenant.push(['inventory', file], { env: { JASPER_PUSH_BATCH_SIZE: '1' } });
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/pushed 3 of 4 rows; 1 failed/);
    const state = tenant.sandbox.state();
    const tee = state.products.find((product) => product.sku === 'TEE-CLASSIC-S-BLK')!;
    expect(tee.inventory.filter((row) => row.location === 'Main Warehouse')).toMatchObject([{ count_on_hand: 38, bin: 'A-01' }]);
    const cap = state.products.find((product) => product.sku === 'CAP-TRUCKER')!;
    expect(cap.inventory.filter((row) => row.location === 'Toronto')).toMatchObject([{ count_on_hand: 44 }]);

    const failures = path.join(latestRun(tenant.runDir), 'failures.csv');
    const lines = fs.readFileSync(failures, 'utf8').trim().split('\n');
    expect(lines[0]).toBe('sku,location,count_on_hand,bin,_error,_status,_stage');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain('NO-SUCH-SKU');
    expect(lines[1]).toContain('no product with SKU');
    const retry = await tenant.push(['inventory', failures]);
    expect(retry.code).toBe(1);
    expect(retry.stdout).toMatch(/pushed 0 of 1 rows; 1 failed/);
  });

  it('--json prints one JSON document and nothing else on stdout', async () => {
    tenant = await startTenant();
    const result = await tenant.push(['products', PRODUCTS, '--json']);
    expect(result.code, result.stderr).toBe(0);
    const document = JSON.parse(result.stdout);
    expect(document).toMatchObject({ kind: 'products', mode: 'delta', exitCode: 0, rows: { total: 11, created: 11 } });
    expect(document.entities.product.created).toBe(11);
  });

  it.each(['relation', 'parent'] as const)(
    'a variant row before its parent works (%s mode), and a relation to a SKU found nowhere fails only that link',
    async (mode) => {
      tenant = await startTenant();
      const file = path.join(tenant.dir, 'order.csv');
      fs.writeFileSync(
        file,
        [
          'sku,name,parent_sku,option:Size,msrp,related:Accessories',
          'KID-1-S,Kid tee S,KID-1,S,9,',
          'KID-1,Kid tee,,,9,GHOST-SKU',
          'KID-2,Kid cap,,,5,KID-1',
        ].join('\n') + '\n',
      );
      const result = await tenant.push(['products', file, '--variant-mode', mode]);
      expect(result.code).toBe(1);
      expect(result.stdout).toContain('3 of 3 rows written; 1 related link failed (in 1 row)');
      const state = tenant.sandbox.state();
      expect(state.products.map((product) => product.sku).sort()).toEqual(['KID-1', 'KID-1-S', 'KID-2']);
      const parent = state.products.find((product) => product.sku === 'KID-1')!;
      const variant = state.products.find((product) => product.sku === 'KID-1-S')!;
      if (mode === 'parent') expect(variant.parent_id).toBe(parent.id);
      else expect(parent.relations.map((relation) => relation.related_id)).toEqual([variant.id]);
      const failures = fs.readFileSync(path.join(latestRun(tenant.runDir), 'failures.csv'), 'utf8');
      expect(failures).toContain('GHOST-SKU');
      expect(failures).toContain('neither in the input nor in Jasper');
    },
  );

  it.each(['relation', 'parent'] as const)(
    'a catalog planned in small batches (%s mode) makes the same writes as one batch: variants before their parents, links to later rows',
    async (mode) => {
      tenant = await startTenant();
      const generated = path.join(tenant.dir, 'generated.csv');
      writeCatalog(generated, { products: 20, variants: 2, seed: 3 });
      // Reversed: every variant comes before its parent, and links point to rows further down.
      const [header, ...rows] = fs.readFileSync(generated, 'utf8').trim().split('\n');
      const file = path.join(tenant.dir, 'reversed.csv');
      fs.writeFileSync(file, [header, ...rows.reverse()].join('\n') + '\n');
      const small = { env: { JASPER_PUSH_BATCH_SIZE: '4' } };

      const oneBatch = JSON.parse((await tenant.push(['products', file, '--variant-mode', mode, '--dry-run', '--json'])).stdout);
      const batched = JSON.parse((await tenant.push(['products', file, '--variant-mode', mode, '--dry-run', '--json'], small)).stdout);
      expect(batched.plannedWrites).toBe(oneBatch.plannedWrites);
      expect(batched.entities).toEqual(oneBatch.entities);

      const result = await tenant.push(['products', file, '--variant-mode', mode], small);
      expect(result.code, result.stderr + result.stdout).toBe(0);
      expect(oracleProblems(tenant.sandbox.state(), [['products', [file]]], { variantMode: mode })).toEqual([]);
      const run = latestRun(tenant.runDir);
      const summary = JSON.parse(fs.readFileSync(path.join(run, 'summary.json'), 'utf8'));
      expect(summary.rows).toMatchObject({ total: rows.length, created: rows.length });
      expect(summary.calls - summary.readCalls).toBe(oneBatch.plannedWrites);
      const results = fs.readFileSync(path.join(run, 'results.csv'), 'utf8').trim().split('\n').slice(1);
      expect(results.map((line) => Number(line.split(',')[1]))).toEqual(rows.map((_, index) => index + 2));

      const before = tenant.sandbox.requests.length;
      const again = await tenant.push(['products', file, '--variant-mode', mode], small);
      expect(again.code, again.stderr).toBe(0);
      expect(writeCount(tenant.sandbox.requests.slice(before))).toBe(0);
      expect(again.stderr).toContain('Nothing to write.');
    },
  );

  it('a first load of the demo parses its answers without recompiling the HTTP parser with TurboFan', async () => {
    // V8 prints each wasm compile, with its tier. Without the raised budget (src/fetch-parser.ts),
    // llhttp's parse function is recompiled with TurboFan within these 100-odd answers, on Node 20,
    // 22 and 24 alike: 180 ms of CPU and 25 MB. The Liftoff lines show that the trace works.
    tenant = await startTenant();
    const push = await tenant.push(['products', PRODUCTS], { nodeArgs: ['--trace-wasm-compilation-times'] });
    expect(push.code, push.stderr).toBe(0);
    expect(tenant.sandbox.requests.length).toBeGreaterThan(100);
    const compiles = push.stdout.split('\n').filter((line) => line.startsWith('Compiled function'));
    expect(compiles.filter((line) => line.includes(' using Liftoff')).length).toBeGreaterThan(0);
    expect(compiles.filter((line) => !line.includes(' using Liftoff'))).toEqual([]);
  });

  it('demo starts its own sandbox, pushes the demo catalog with the normal output, and exits 0', async () => {
    const { runCli, scratch } = await import('./helpers/cli.js');
    const work = scratch();
    try {
      const human = await runCli(['demo', '--run-dir', path.join(work.dir, 'runs')], { env: { JASPER_PUSH_CONFIG_DIR: work.configDir } });
      expect(human.code, human.stderr).toBe(0);
      expect(human.stdout).toContain('all 10 rows written');
      expect(human.stdout).toContain('all 11 rows written');
      expect(human.stderr).toMatch(/sandbox is listening on http:\/\/127\.0\.0\.1:\d+\/api\/v1/);
      const json = await runCli(['demo', '--json', '--run-dir', path.join(work.dir, 'runs')], { env: { JASPER_PUSH_CONFIG_DIR: work.configDir } });
      expect(JSON.parse(json.stdout)).toMatchObject({ exitCode: 0, pushes: [{ kind: 'categories' }, { kind: 'products', rows: { created: 11 } }] });
    } finally {
      work.cleanup();
    }
  });
});
