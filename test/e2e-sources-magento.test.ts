// End to end: Magento's sample-data export (the Luma store) pushed with --from magento, checked
// against counts taken from the files themselves, then the same through convert.
//
// npm test pushes a slice of it: two women's hoodies and two pants (WH01–WH02, WP01–WP02: 4
// configurable products, 42 variants in sizes XS–XL and 28–29, in 8 colors), their rows of the
// link files whole, so links to the rest of the store dangle as the gear cross-sells do. The whole
// store (1,994 rows, about 40 s) runs with JASPER_PUSH_FULL_DATASETS=1: `npm run test:datasets`, a
// step of its own in CI.
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { writeCount } from './helpers/catalog-state.js';
import { runCli, scratch } from './helpers/cli.js';
import { readTable, type Table, writeTable } from './helpers/csv-table.js';
import { dataset } from './helpers/datasets.js';
import { stateDigest } from './helpers/state-digest.js';
import { latestRun, startTenant, type Tenant } from './helpers/tenant.js';

const luma = dataset('magento2-luma');
const LINK_NAMES = ['related.csv', 'upsell.csv', 'crosssell.csv'];
const FULL = process.env.JASPER_PUSH_FULL_DATASETS === '1';
const SLICE_PARENTS = /^(WH0[12]|WP0[12])/;
/** What the files hold, counted apart from jasper-push (the whole store, or the slice). */
const EXPECTED = FULL ? { rows: 1994, parents: 147, variants: 1847, failingLinkRows: 147 } : { rows: 46, parents: 4, variants: 42, failingLinkRows: 4 };
const FAST = ['--throttle-limit', '1000000'];
const sliceWork = scratch('jp-luma-');
const STORE_PRODUCTS = path.join(luma.dir, 'products.csv');
let PRODUCTS = STORE_PRODUCTS;
let LINK_FILES = LINK_NAMES.map((name) => path.join(luma.dir, name));

type Row = Record<string, string>;
const rows = (file: string): Row[] => parse<Row>(fs.readFileSync(file), { columns: true, bom: true });

/** The slice's files: the chosen parents with their variants, and their rows of each link file. */
function writeSlice(): void {
  const [header, ...records] = readTable(PRODUCTS);
  const column = (name: string) => header!.indexOf(name);
  const [sku, type, variations] = [column('sku'), column('product_type'), column('configurable_variations')];
  const kept = new Set<string>();
  for (const row of records.filter((candidate) => candidate[type] === 'configurable' && SLICE_PARENTS.test(candidate[sku]!))) {
    kept.add(row[sku]!);
    for (const variation of row[variations]!.split('|'))
      kept.add(
        variation
          .split(',')
          .find((pair) => pair.startsWith('sku='))!
          .slice(4),
      );
  }
  const keptRows = ([head, ...body]: Table): Table => {
    const skuColumn = head!.indexOf('sku');
    return [head!, ...body.filter((row) => kept.has(row[skuColumn]!))];
  };
  PRODUCTS = writeTable(path.join(sliceWork.dir, 'products.csv'), keptRows([header!, ...records]));
  LINK_FILES = LINK_FILES.map((file) => writeTable(path.join(sliceWork.dir, path.basename(file)), keptRows(readTable(file))));
}

beforeAll(() => {
  if (luma.present && !FULL) writeSlice();
});
afterAll(() => sliceWork.cleanup());

/** What the files say, read with nothing of jasper-push. */
function lumaFacts() {
  const products = rows(PRODUCTS);
  const skus = new Set(products.map((row) => row.sku!));
  const parentOf = new Map<string, string>();
  const sizes = new Set<string>();
  const colors = new Set<string>();
  for (const row of products.filter((candidate) => candidate.product_type === 'configurable')) {
    for (const variation of row.configurable_variations!.split('|')) {
      const pairs = Object.fromEntries(variation.split(',').map((pair) => pair.split('=') as [string, string]));
      parentOf.set(pairs.sku!, row.sku!);
      sizes.add(pairs.size!);
      colors.add(pairs.color!);
    }
  }
  const nodes = new Set<string>();
  for (const row of products) {
    for (const categoryPath of row.categories!.split(',')) {
      const levels = categoryPath.split('/').slice(1);
      for (let depth = 1; depth <= levels.length; depth++) nodes.add(levels.slice(0, depth).join(' > '));
    }
  }
  const links = new Map<string, { type: string; from: string; to: string[] }[]>();
  const types: Record<string, string> = { 'related.csv': 'Related', 'upsell.csv': 'Up-sell', 'crosssell.csv': 'Cross-sell' };
  for (const file of LINK_FILES) {
    for (const row of rows(file)) {
      const list = links.get(row.sku!) ?? [];
      list.push({ type: types[path.basename(file)]!, from: row.sku!, to: row.linked_sku!.split('\n').filter(Boolean) });
      links.set(row.sku!, list);
    }
  }
  return { products, skus, parentOf, sizes, colors, nodes, links };
}

let tenants: Tenant[] = [];
afterEach(async () => {
  await Promise.all(tenants.map((tenant) => tenant.close()));
  tenants = [];
});

describe.skipIf(!luma.present)('push products --from magento (Luma sample data)', () => {
  it('pushes every SKU, parent, variant, option value, category, msrp, count and link the files hold; fails exactly the dangling cross-sells, not their rows; a second push writes nothing', async () => {
    const facts = lumaFacts();
    const tenant = await startTenant();
    tenants.push(tenant);
    const first = await tenant.push(['products', '--from', 'magento', PRODUCTS, ...LINK_FILES, ...FAST], { timeoutMs: 120_000 });
    expect(first.stderr).toContain('add --media-url');

    const state = tenant.sandbox.state();
    const digest = stateDigest(state);
    expect(state.products).toHaveLength(facts.products.length);
    expect(facts.products.length).toBe(EXPECTED.rows);
    expect(facts.parentOf.size).toBe(EXPECTED.variants);
    for (const row of facts.products) {
      const product = digest.products[row.sku!]!;
      expect(product, row.sku).toBeDefined();
      expect(product.name).toBe(row.name!.trim());
      // special_price and msrp_price are empty throughout: the price is the msrp.
      expect(product.prices).toEqual([`US:${Number(row.price)}/null/null/null`]);
      expect(product.inventory).toEqual(row.product_type === 'configurable' ? [] : [`Default=${Number(row.qty)}`]);
      expect(product.visible).toBe(row.visibility === 'Not Visible Individually' ? 0 : 1);
    }
    for (const [child, parent] of facts.parentOf) {
      expect(digest.products[parent]!.relations).toContain(`Variant:${child}`);
      expect(Object.keys(digest.products[child]!.options).sort()).toEqual(['Color', 'Size']);
    }
    expect(digest.options.Size).toEqual([...facts.sizes].sort());
    expect(digest.options.Color).toEqual([...facts.colors].sort());
    // The root ("Default Category") is dropped: every other node of every path is a category.
    expect(digest.categories).toEqual([...facts.nodes].sort());
    expect(digest.attributes.Climate).toBe('multiselect');

    // Links: every link to a SKU of the file is there; a link to a SKU that exists nowhere is the
    // run's only kind of failure, and it fails that link alone: every row's product is written.
    const failing = new Set<string>();
    let dangling = 0;
    for (const [sku, lists] of facts.links) {
      const relations = digest.products[sku]?.relations ?? [];
      for (const { type, to } of lists) {
        for (const target of to) {
          if (facts.skus.has(target)) expect(relations, `${sku} ${type} ${target}`).toContain(`${type}:${target}`);
          else {
            failing.add(sku);
            dangling++;
          }
        }
      }
    }
    // Every source SKU of crosssell.csv (147 in the store, the slice's 4 parents) names gear SKUs
    // that are not in these files.
    expect(failing.size).toBe(EXPECTED.failingLinkRows);
    // And nothing more: a product's links are exactly those its rows give to SKUs of the files.
    for (const [sku, product] of Object.entries(digest.products)) {
      const given = (facts.links.get(sku) ?? []).flatMap(({ type, to }) =>
        to.filter((target) => facts.skus.has(target) && target !== sku).map((target) => `${type}:${target}`),
      );
      expect(
        product.relations.filter((relation) => !relation.startsWith('Variant:')),
        sku,
      ).toEqual([...new Set(given)].sort());
    }
    expect(first.code, first.stderr).toBe(1);
    expect(first.stdout).toContain(`${EXPECTED.rows} of ${EXPECTED.rows} rows written; ${dangling} related links failed (in ${EXPECTED.failingLinkRows} rows)`);
    const run = latestRun(tenant.runDir);
    const summary = JSON.parse(fs.readFileSync(path.join(run, 'summary.json'), 'utf8'));
    expect(summary.rows).toMatchObject({ total: EXPECTED.rows, created: EXPECTED.rows, failed: 0, skipped: 0, linkFailed: EXPECTED.failingLinkRows });
    expect(summary.entities['related link'].failed).toBe(dangling);
    expect(rows(path.join(run, 'results.csv')).filter((row) => row.outcome !== 'created')).toEqual([]);
    const failures = rows(path.join(run, 'failures.csv'));
    expect(new Set(failures.map((row) => row.sku))).toEqual(failing);
    for (const row of failures) expect(row._error).toMatch(/related link: related SKU ".+" is neither in the input nor in Jasper/);
    // In Magento's own shape, with the links the link files gave each row, so it pushes back on its own.
    expect(Object.keys(failures[0]!)).toContain('configurable_variations');
    for (const row of failures) {
      const crossSells = facts.links.get(row.sku!)!.find((list) => list.type === 'Cross-sell')!.to;
      expect(row.crosssell_skus!.split(',')).toEqual(crossSells);
    }
    const retryBefore = tenant.sandbox.requests.length;
    const retry = await tenant.push(['products', '--from', 'magento', path.join(run, 'failures.csv'), ...FAST]);
    expect(retry.code, retry.stderr).toBe(1);
    expect(writeCount(tenant.sandbox.requests.slice(retryBefore))).toBe(0);
    expect(new Set(rows(path.join(latestRun(tenant.runDir), 'failures.csv')).map((row) => row.sku))).toEqual(failing);

    const before = tenant.sandbox.requests.length;
    const second = await tenant.push(['products', '--from', 'magento', PRODUCTS, ...LINK_FILES, ...FAST], { timeoutMs: 120_000 });
    expect(second.code, second.stderr).toBe(1);
    expect(writeCount(tenant.sandbox.requests.slice(before))).toBe(0);

    // convert, then push the section 3 files to a second tenant: the same Jasper state.
    const work = scratch();
    try {
      const out = path.join(work.dir, 'converted');
      const converted = await runCli(['convert', '--from', 'magento', PRODUCTS, ...LINK_FILES, '--out', out]);
      expect(converted.code, converted.stderr).toBe(0);
      expect(converted.stdout).toContain(`${EXPECTED.parents} products and ${EXPECTED.variants} variants`);
      const other = await startTenant();
      tenants.push(other);
      // Links the client never sends accepted: left out with a warning, and the night exits 0.
      const pushed = await other.push(['products', path.join(out, 'products.csv'), '--allow-missing-links', ...FAST], { timeoutMs: 120_000 });
      expect(pushed.code, pushed.stderr).toBe(0);
      expect(pushed.stderr).toContain(`${dangling} related links to SKUs in neither the input nor Jasper left out (--allow-missing-links)`);
      expect(JSON.parse(fs.readFileSync(path.join(latestRun(other.runDir), 'summary.json'), 'utf8')).linksLeftOut).toBe(dangling);
      expect(stateDigest(other.sandbox.state())).toEqual(digest);
    } finally {
      work.cleanup();
    }
  }, 300_000);

  it('--location and --media-url: counts at the named location, images joined to the media base', async () => {
    const work = scratch();
    try {
      const out = path.join(work.dir, 'converted');
      const converted = await runCli([
        'convert',
        '--from',
        'magento',
        PRODUCTS,
        '--out',
        out,
        '--location',
        'Main Store',
        '--media-url',
        'https://shop.example.com/media/catalog/product/',
      ]);
      expect(converted.code, converted.stderr).toBe(0);
      // The file's row: qty 100, base_image /w/h/wh01-green_main.jpg, additional_images the alt1 and back views.
      const [row] = rows(path.join(out, 'products.csv')).filter((candidate) => candidate.sku === 'WH01-XS-Green');
      expect(row!['inventory:Main Store']).toBe('100');
      expect(row!.images).toBe(
        'https://shop.example.com/media/catalog/product/w/h/wh01-green_main.jpg|https://shop.example.com/media/catalog/product/w/h/wh01-green_alt1.jpg|https://shop.example.com/media/catalog/product/w/h/wh01-green_back.jpg',
      );
    } finally {
      work.cleanup();
    }
  });
});
