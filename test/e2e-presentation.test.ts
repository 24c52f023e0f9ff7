// End to end: the same catalog in another presentation writes nothing (SPEC §4). Where a row came
// from (folder, file name, line, row and column order, how many files, CSV or JSON, convert or
// --from), and the locale of the machine that pushes it, must never change what is written. Each
// case pushes its original to a fresh sandbox (an original that several cases share is pushed
// once, and each of them starts from a sandbox and config folder restored to what it left), then
// the other presentation, and counts the second push's writes in the sandbox's log. The sandbox is
// strict (test/helpers/tenant.ts): a write carrying an undocumented key fails the push.
// A new case is one line in CASES.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { writeCatalog } from '../bench/generate-catalog.mjs';
import { FIXTURES, ROOT, runCli } from './helpers/cli.js';
import { readTable, type Table, writeTable } from './helpers/csv-table.js';
import { startTenant, tenantAfter, type Tenant } from './helpers/tenant.js';

const DEMO = path.join(FIXTURES, 'demo');
const SHOPIFY = path.join(FIXTURES, 'shopify', 'products_export.csv');
const WOO = path.resolve(ROOT, '../shared/datasets/woocommerce-sample/sample_products.csv');
const LUMA = path.resolve(ROOT, '../shared/datasets/magento2-luma/products.csv');
const FAST = ['--throttle-limit', '1000000'];

type Kind = 'categories' | 'products' | 'inventory';
/** One push: its kind, its files, and any flags (`--from`, `--skip-invalid`). */
type Push = [kind: Kind, files: string[], ...flags: string[]];
/** Builds a case's pushes in its scratch folder. */
type Pushes = (dir: string) => Push[] | Promise<Push[]>;

interface Case {
  name: string;
  original: Pushes;
  again: Pushes;
  /** The writes the second push must make, each as `METHOD /path`; none unless the case says why. */
  writes?: RegExp[];
  /** Why the case cannot run here (a dataset that is absent). */
  skip?: string | undefined;
  /** The environment of each side's pushes, when it is what differs. */
  env?: { original: Record<string, string>; again: Record<string, string> };
}

// ── CSV files as tables ─────────────────────────────────────────────────────────────────────

const demo = (name: string) => path.join(DEMO, name);
const reversedRows = ([header, ...rows]: Table): Table => [header!, ...rows.reverse()];
const reversedColumns = (table: Table): Table => table.map((row) => [...row].reverse());

/** The demo catalog as its nightly pair: categories, then products. */
const demoCatalog = (categories = demo('categories.csv'), products = demo('products.csv')): Push[] => [
  ['categories', [categories]],
  ['products', [products]],
];

/** The demo's products alone: their category paths create the categories (without categories.csv's fields). */
const demoProducts = (): Push[] => [['products', [demo('products.csv')]]];

/** The demo catalog's pair as one original, for the cases that share it. */
const DEMO_CATALOG: Pushes = () => demoCatalog();

/** products.csv's `inventory:<Location>` cells as inventory.csv rows (sku, location, count_on_hand, then `extra` columns). */
function stockOf(products: string, extra: Record<string, (sku: string) => string> = {}): Table {
  const [header, ...rows] = readTable(products);
  const locations = header!.flatMap((name, index) => (name.startsWith('inventory:') ? [[name.slice('inventory:'.length), index] as const] : []));
  const table: Table = [['sku', 'location', 'count_on_hand', ...Object.keys(extra)]];
  for (const row of rows) {
    for (const [location, index] of locations) {
      if (row[index] !== '') table.push([row[0]!, location, row[index]!, ...Object.values(extra).map((value) => value(row[0]!))]);
    }
  }
  return table;
}
const DEMO_STOCK_ROWS = stockOf(demo('products.csv')).length - 1;
const withBin = { bin: (sku: string) => `BIN-${sku.length}` };
/** The demo's stock as inventory.csv rows, each with a bin. */
const stockWithBins = (): Table => stockOf(demo('products.csv'), withBin);
/** The demo's products, then its stock as inventory.csv with a bin for every row. */
const DEMO_WITH_BINS: Pushes = (dir) => [...demoProducts(), ['inventory', [writeTable(path.join(dir, 'inventory.csv'), stockWithBins())]]];

/** convert's section 3 files for a source export, in `dir/converted`; with --skip-invalid it exits 1 for the rows it left out. */
async function converted(dir: string, from: string, files: string[], flags: string[] = []): Promise<Push[]> {
  const out = path.join(dir, 'converted');
  const result = await runCli(['convert', '--from', from, ...files, '--out', out, ...flags]);
  expect(result.code, result.stderr).toBe(flags.includes('--skip-invalid') ? 1 : 0);
  const categories = path.join(out, 'categories.csv');
  return [...(fs.existsSync(categories) ? [['categories', [categories]] as Push] : []), ['products', [path.join(out, 'products.csv')]]];
}

/** The Luma export's first two configurable products with their simple children (the whole export takes minutes). */
function lumaSlice(dir: string): string {
  const [header, ...rows] = readTable(LUMA);
  const type = header!.indexOf('product_type');
  const configurables = rows.flatMap((row, index) => (row[type] === 'configurable' ? [index] : []));
  return writeTable(path.join(dir, 'luma', 'catalog_product.csv'), [header!, ...rows.slice(0, configurables[1]! + 1)]);
}

/** The benchmark's generated catalog (variants, forward related links, two locations), 30 rows. */
function generated(dir: string): string {
  const file = path.join(dir, 'generated', 'products.csv');
  fs.mkdirSync(path.dirname(file), { recursive: true });
  writeCatalog(file, { products: 30, seed: 3 });
  return file;
}

/** The generated catalog as one original, for the cases that share it. */
const GENERATED: Pushes = (dir) => [['products', [generated(dir)]]];

/** The table's rows dealt in turn into two files, in two folders: most variants land in the other file from their parent. */
function split(dir: string, file: string): string[] {
  const [header, ...rows] = readTable(file);
  const part = (which: number) => [header!, ...rows.filter((_, index) => index % 2 === which)];
  return [writeTable(path.join(dir, 'a', 'part-1.csv'), part(0)), writeTable(path.join(dir, 'b', 'part-2.csv'), part(1))];
}

const absent = (file: string) => (fs.existsSync(file) ? undefined : `${path.relative(ROOT, file)} is absent (../shared/datasets is not on this machine)`);

/** A parent whose variant options sort one way in English and another in Swedish (Ä after Z). */
function swedishOptions(dir: string): Push[] {
  const table: Table = [
    ['sku', 'name', 'parent_sku', 'option:Ärmel', 'option:Zuschnitt'],
    ['BLOUSE', 'Blouse', '', '', ''],
    ['BLOUSE-L', 'Blouse long', 'BLOUSE', 'Lang', 'Eng'],
    ['BLOUSE-K', 'Blouse short', 'BLOUSE', 'Kurz', 'Weit'],
  ];
  return [['products', [writeTable(path.join(dir, 'products.csv'), table)]]];
}

const CASES: Case[] = [
  {
    // A cron job's C locale, then a terminal's Swedish one: the option set's name must not follow the machine.
    name: 'the same file pushed under another locale',
    // A Node built without Swedish collation data sorts as English under any locale: the case would prove nothing.
    skip: new Intl.Collator('sv').compare('Ä', 'Z') > 0 ? undefined : 'this Node has no Swedish collation data (a small-icu build)',
    original: swedishOptions,
    again: swedishOptions,
    env: { original: { LC_ALL: 'C.UTF-8' }, again: { LC_ALL: 'sv_SE.UTF-8' } },
  },
  {
    name: 'another folder and other file names',
    original: DEMO_CATALOG,
    again: (dir) => {
      const night = path.join(dir, '2026-12-03');
      fs.mkdirSync(night);
      const categories = path.join(night, 'categories-20261203.csv');
      const products = path.join(night, 'catalog-export-20261203.csv');
      fs.copyFileSync(demo('categories.csv'), categories);
      fs.copyFileSync(demo('products.csv'), products);
      return demoCatalog(categories, products);
    },
  },
  {
    name: 'rows reversed',
    original: demoProducts,
    again: (dir) => [['products', [writeTable(path.join(dir, 'p.csv'), reversedRows(readTable(demo('products.csv'))))]]],
  },
  {
    name: 'columns reversed',
    original: demoProducts,
    again: (dir) => [['products', [writeTable(path.join(dir, 'p.csv'), reversedColumns(readTable(demo('products.csv'))))]]],
  },
  {
    name: 'rows and columns reversed, categories too',
    original: DEMO_CATALOG,
    again: (dir) =>
      demoCatalog(
        writeTable(path.join(dir, 'c.csv'), reversedColumns(reversedRows(readTable(demo('categories.csv'))))),
        writeTable(path.join(dir, 'p.csv'), reversedColumns(reversedRows(readTable(demo('products.csv'))))),
      ),
  },
  { name: 'split over two files', original: demoProducts, again: (dir) => [['products', split(dir, demo('products.csv'))]] },
  {
    name: '30 generated products: rows and columns reversed',
    original: GENERATED,
    again: (dir) => [['products', [writeTable(path.join(dir, 'p.csv'), reversedColumns(reversedRows(readTable(generated(dir)))))]]],
  },
  {
    name: '30 generated products: split over two files',
    original: GENERATED,
    again: (dir) => [['products', split(dir, generated(dir))]],
  },
  { name: 'the CSV catalog, then the same catalog as JSON', original: DEMO_CATALOG, again: () => [['products', [demo('catalog.json')]]] },
  {
    name: 'convert --from shopify, then push --from shopify',
    original: (dir) => converted(dir, 'shopify', [SHOPIFY]),
    again: () => [['products', [SHOPIFY], '--from', 'shopify']],
  },
  {
    // The sample's three "any" variations are invalid: both pushes leave them out.
    name: 'convert --from woocommerce, then push --from woocommerce',
    skip: absent(WOO),
    original: (dir) => converted(dir, 'woocommerce', [WOO], ['--skip-invalid']),
    again: () => [['products', [WOO], '--from', 'woocommerce', '--skip-invalid']],
  },
  {
    name: 'convert --from magento, then push --from magento',
    skip: absent(LUMA),
    original: (dir) => converted(dir, 'magento', [lumaSlice(dir)]),
    again: (dir) => [['products', [lumaSlice(dir)], '--from', 'magento']],
  },
  {
    name: 'inventory: columns in products.csv, then inventory.csv with the same counts',
    original: demoProducts,
    again: (dir) => [['inventory', [writeTable(path.join(dir, 'stock', 'inventory.csv'), stockOf(demo('products.csv')))]]],
  },
  {
    name: 'inventory.csv with bins, then products.csv with the same counts in inventory: columns',
    original: DEMO_WITH_BINS,
    again: () => [['products', [demo('products.csv')]]],
  },
  {
    // `bin` is a documented inventory property (reference, SPEC §3) that Jasper does not hold yet:
    // each row writes it once (same count, so the count is not what differs).
    name: 'inventory: columns, then inventory.csv with the same counts plus a bin: one write per row, for the bin',
    original: demoProducts,
    again: (dir) => [['inventory', [writeTable(path.join(dir, 'inventory.csv'), stockWithBins())]]],
    writes: Array<RegExp>(DEMO_STOCK_ROWS).fill(/^PUT \/api\/v1\/products\/\d+\/inventory\/\d+$/),
  },
  {
    name: 'products.csv and inventory.csv with bins, then both copied to a dated folder',
    original: DEMO_WITH_BINS,
    again: (dir) => {
      const night = path.join(dir, '2026-12-03');
      fs.mkdirSync(night);
      fs.copyFileSync(demo('products.csv'), path.join(night, 'products.csv'));
      // The original's inventory.csv, the same bytes (it was pushed in the tenant it was restored from).
      writeTable(path.join(night, 'inventory.csv'), stockWithBins());
      return [
        ['products', [path.join(night, 'products.csv')]],
        ['inventory', [path.join(night, 'inventory.csv')]],
      ];
    },
  },
  {
    // Every line below it moves down one; only the new row is new.
    name: 'one row inserted at the top of inventory.csv: exactly one write',
    original: DEMO_WITH_BINS,
    again: (dir) => {
      const [header, ...rows] = stockWithBins();
      return [['inventory', [writeTable(path.join(dir, 'inventory.csv'), [header!, ['HOODIE-ZIP-M-GRY', 'Outlet', '3', 'BIN-X'], ...rows])]]];
    },
    writes: [/^POST \/api\/v1\/products\/\d+\/inventory$/],
  },
];

let tenant: Tenant | undefined;
afterEach(async () => {
  await tenant?.close();
  tenant = undefined;
});

/**
 * A tenant holding the case's original, and the writes the original's pushes made. An original
 * that several cases share is pushed once (a first load of the demo is most of a case's time);
 * each of them gets a tenant restored to the state it left: the same data, ids and change cache,
 * on the same API URL (tenantAfter). The second push then meets what it would have met after its
 * own first load.
 */
async function afterOriginal(entry: Case): Promise<{ tenant: Tenant; original: string[] }> {
  const sharing = CASES.filter((other) => other.original === entry.original);
  if (entry.env === undefined && sharing.length > 1) {
    const { tenant: restored, loaded } = await tenantAfter(`presentation: the original of "${sharing[0]!.name}"`, async (t) =>
      pushAll(t, await entry.original(t.dir)),
    );
    return { tenant: restored, original: loaded };
  }
  const fresh = await startTenant();
  return { tenant: fresh, original: await pushAll(fresh, await entry.original(fresh.dir), entry.env?.original) };
}

/**
 * Runs the pushes in order; each must succeed (exit 1 with --skip-invalid, which leaves invalid
 * rows out). Returns the writes they made, as `METHOD /path`.
 */
async function pushAll(t: Tenant, pushes: Push[], env: Record<string, string> = {}): Promise<string[]> {
  const before = t.sandbox.requests.length;
  for (const [kind, files, ...flags] of pushes) {
    const result = await t.push([kind, ...files, ...FAST, ...flags], { timeoutMs: 120_000, env });
    expect(result.code, `${kind} ${files.join(' ')}\n${result.stderr}${result.stdout}`).toBe(flags.includes('--skip-invalid') ? 1 : 0);
  }
  return t.sandbox.requests
    .slice(before)
    .filter((request) => request.method !== 'GET')
    .map((request) => `${request.method} ${request.path}`);
}

describe('the same catalog in another presentation writes nothing', () => {
  for (const entry of CASES) {
    it.skipIf(entry.skip !== undefined)(
      `${entry.name}${entry.skip ? ` (skipped: ${entry.skip})` : ''}`,
      async () => {
        const loaded = await afterOriginal(entry);
        tenant = loaded.tenant;
        expect(loaded.original.length, 'the original push writes the catalog').toBeGreaterThan(0);
        const again = await pushAll(tenant, await entry.again(tenant.dir), entry.env?.again);
        expect(again, again.join('\n')).toEqual((entry.writes ?? []).map((write) => expect.stringMatching(write)));
        expect(
          tenant.sandbox.requests.filter((request) => request.undocumented),
          'writes with undocumented keys',
        ).toEqual([]);
      },
      180_000,
    );
  }
});
