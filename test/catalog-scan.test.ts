import { appendFile, readdir, rm, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../src/errors.js';
import {
  loadColumnMap,
  readCatalog,
  scanCatalog,
  validEntries,
  type CatalogKind,
  type CatalogScan,
  type ProductInput,
  type ReadOptions,
  type ReadResult,
  type ValidEntry,
} from '../src/catalog/index.js';
import { bad, good, useTempDir } from './catalog-helpers.js';

const temp = useTempDir();
const KINDS: CatalogKind[] = ['products', 'categories', 'inventory'];

async function fixtures(folder: 'good' | 'bad' | 'demo'): Promise<string[]> {
  const names = (await readdir(new URL(`../fixtures/${folder}`, import.meta.url))).sort();
  return names.map((name) => (folder === 'good' ? good(name) : folder === 'bad' ? bad(name) : join('fixtures/demo', name)));
}

async function drain(files: string[], options: ReadOptions, scan: CatalogScan, batchSize: number): Promise<ValidEntry[][]> {
  const batches: ValidEntry[][] = [];
  for await (const batch of validEntries(files, options, scan, batchSize)) batches.push(batch);
  return batches;
}

/** What a scan must agree on with readCatalog's result. */
function expectedScan(read: ReadResult) {
  const { catalog } = read;
  const variantOptions = new Map<string, string[]>();
  for (const product of catalog.products) {
    if (!product.parentSku) continue;
    const names = variantOptions.get(product.parentSku) ?? [];
    // One name per option whatever the case, first spelling first.
    for (const option of product.options) {
      const name = option.name.trim();
      if (!names.some((listed) => listed.toLowerCase() === name.toLowerCase())) names.push(name);
    }
    variantOptions.set(product.parentSku, names);
  }
  return {
    issues: read.issues,
    rejected: read.rejected,
    rowCount: read.rowCount,
    unreadableFiles: read.unreadableFiles,
    categories: catalog.categories,
    options: catalog.options,
    attributes: catalog.attributes,
    products: catalog.products.map(({ sku, parentSku, loc }) => (parentSku === undefined ? { sku, loc } : { sku, parentSku, loc })),
    variantOptions,
    counts: {
      products: catalog.products.filter((product) => product.parentSku === undefined).length,
      variants: catalog.products.filter((product) => product.parentSku !== undefined).length,
      inventoryRows: catalog.inventory.length,
      productInventoryRecords: catalog.products.reduce((sum, product) => sum + product.inventory.length, 0),
    },
  };
}

/** What the scan's row index answers, as plain data: its valid products, their variants' options, its counts. */
function indexed(scan: CatalogScan, parents: Iterable<string>) {
  const products = [...scan.index.products()];
  const variantOptions = new Map<string, string[]>();
  for (const parent of parents) {
    const names = scan.index.variantOptions.get(parent);
    if (names !== undefined) variantOptions.set(parent, [...names]);
  }
  expect(scan.index.variantOptions.size).toBe(variantOptions.size);
  for (const product of products) expect(scan.index.has(product.sku)).toBe(true);
  return { products, variantOptions, counts: scan.index.counts() };
}

/** Scans and re-reads `files` and checks both against readCatalog; returns the scan. */
async function expectSameAsReadCatalog(kind: CatalogKind, files: string[], extra: Partial<ReadOptions> = {}): Promise<CatalogScan> {
  const options: ReadOptions = { kind, priceBase: 'US', ...extra };
  const read = await readCatalog(files, options);
  const scan = await scanCatalog(files, options);
  const { attributeTypes: _types, files: _files, index: _index, ...reported } = scan;
  const expected = expectedScan(read);
  const parents = new Set([...read.catalog.products.map((product) => product.sku), ...expected.variantOptions.keys(), 'NO-SUCH-SKU']);
  expect({ ...reported, ...indexed(scan, parents) }, `${kind}: ${files.join(' ')}`).toStrictEqual(expected);
  for (const batchSize of [1, 3, 1000]) {
    const batches = await drain(files, options, scan, batchSize);
    for (const batch of batches) expect(batch.length).toBeGreaterThan(0);
    for (const batch of batches) expect(batch.length).toBeLessThanOrEqual(batchSize);
    const entries = batches.flat();
    expect(entries.filter((entry) => entry.section === 'products').map((entry) => entry.value)).toStrictEqual(read.catalog.products);
    expect(entries.filter((entry) => entry.section === 'inventory').map((entry) => entry.value)).toStrictEqual(read.catalog.inventory);
  }
  return scan;
}

describe('scanCatalog and validEntries: the large-push reading agrees with readCatalog', () => {
  it('reports the same issues and yields the same valid rows for every fixture, read as every kind', async () => {
    const files = [...(await fixtures('good')), ...(await fixtures('bad')), ...(await fixtures('demo'))];
    for (const file of files) {
      for (const kind of KINDS) await expectSameAsReadCatalog(kind, [file]);
    }
  });

  it('agrees on pushes of several files: the demo, rules across files, and a file given twice', async () => {
    await expectSameAsReadCatalog('products', [join('fixtures/demo', 'products.csv'), join('fixtures/demo', 'catalog.json')]);
    await expectSameAsReadCatalog('categories', [join('fixtures/demo', 'categories.csv'), join('fixtures/demo', 'catalog.json')]);
    await expectSameAsReadCatalog('inventory', [join('fixtures/demo', 'inventory.csv'), good('inventory.csv')]);
    await expectSameAsReadCatalog('products', [good('products-bom-crlf.csv'), bad('attr-type-conflict.csv'), good('catalog.json')]);
    await expectSameAsReadCatalog('products', [good('products-bom-crlf.csv'), bad('invalid-utf8.csv'), good('products-second-file.csv')]);
    const twice = await expectSameAsReadCatalog('products', [good('products-bom-crlf.csv'), good('products-bom-crlf.csv')]);
    expect([...twice.index.products()]).toHaveLength(4);
  });

  it('agrees with --map and another price base', async () => {
    const columnMap = await loadColumnMap(good('column-map.json'));
    const mapped = await expectSameAsReadCatalog('products', [good('products-mapped.csv')], { columnMap });
    expect([...mapped.index.products()].map((product) => product.sku)).toEqual(['ABC-1']);
    await expectSameAsReadCatalog('products', [good('products-bom-crlf.csv')], { priceBase: 'EU' });
  });

  it('applies the push-wide attribute rules: inferred multiselects, typed values given several values', async () => {
    const csv = join(temp(), 'attributes.csv');
    await writeFile(csv, 'sku,attr:Country,attr:Fabric\nA-1,USA | Canada,Silk|Wool\nA-2,|,Wool\n');
    const json = join(temp(), 'attributes.json');
    await writeFile(
      json,
      JSON.stringify({
        attributes: [{ name: 'Fabric', type: 'text' }],
        products: [
          { sku: 'J-1', attributes: { Country: ['Mexico', 'Peru'], Fabric: 'Linen' } },
          { sku: 'J-2', attributes: { Fabric: ['Linen', 'Cotton'] } },
        ],
      }),
    );
    const scan = await expectSameAsReadCatalog('products', [csv, json]);
    expect(scan.rejected.map((row) => row.key)).toEqual(['J-2']);
    expect(scan.attributeTypes).toEqual(
      new Map([
        ['Fabric', 'text'],
        ['Country', 'multiselect'],
      ]),
    );
    const [first] = await drain([csv, json], { kind: 'products', priceBase: 'US' }, scan, 10);
    const a1 = first?.[0]?.value as ProductInput;
    expect(a1.attributes).toEqual([
      { name: 'Country', type: 'multiselect', values: ['USA', 'Canada'] },
      { name: 'Fabric', type: 'text', values: ['Silk|Wool'] },
    ]);
  });

  it('finds an inventory row that sets a count a product row also sets, in either file order', async () => {
    const products = join(temp(), 'stock.csv');
    await writeFile(products, 'sku,inventory:Main,inventory:Toronto\nTEE-1,3,\nCAP-1,1,2\n');
    const rows = join(temp(), 'stock.json');
    await writeFile(
      rows,
      JSON.stringify({
        inventory: [
          { sku: 'TEE-1', location: 'Main', count_on_hand: 1 },
          { sku: 'TEE-1', location: 'Toronto', count_on_hand: 1 },
          { sku: 'TEE-1', location: 'Toronto', count_on_hand: 2 },
          { sku: 'CAP-1', location: 'Toronto', count_on_hand: 2 },
        ],
      }),
    );
    const scan = await expectSameAsReadCatalog('products', [rows, products]);
    expect(scan.rejected.map((row) => row.loc.path)).toEqual(['inventory[0]', 'inventory[2]', 'inventory[3]']);
    expect(scan.index.counts()).toMatchObject({ inventoryRows: 1, productInventoryRecords: 3 });
    await expectSameAsReadCatalog('products', [products, rows]);
  });

  it('hands over rows in batches that never exceed the batch size, across files', async () => {
    const files = [join('fixtures/demo', 'products.csv'), join('fixtures/demo', 'catalog.json')];
    const options: ReadOptions = { kind: 'products', priceBase: 'US' };
    const scan = await scanCatalog(files, options);
    const read = await readCatalog(files, options);
    const total = read.catalog.products.length + read.catalog.inventory.length;
    for (const batchSize of [1, 2, 7, total - 1, total, total + 1]) {
      const sizes = (await drain(files, options, scan, batchSize)).map((batch) => batch.length);
      // Every batch is full but the last: batches continue from one file into the next.
      expect(sizes.slice(0, -1).every((size) => size === batchSize)).toBe(true);
      expect(sizes.at(-1)).toBeLessThanOrEqual(batchSize);
      expect(sizes.reduce((sum, size) => sum + size, 0)).toBe(total);
    }
    await expect(drain(files, options, scan, 0)).rejects.toThrow(RangeError);
  });

  it('refuses to re-read a file that changed after the scan', async () => {
    const file = join(temp(), 'changing.csv');
    const options: ReadOptions = { kind: 'products', priceBase: 'US' };
    await writeFile(file, 'sku,name\nA-1,One\nA-2,Two\n');
    const appended = await scanCatalog([file], options);
    await appendFile(file, 'A-3,Three\n');
    await expect(drain([file], options, appended, 10)).rejects.toThrow(InputError);
    await expect(drain([file], options, appended, 10)).rejects.toThrow(`${file} changed while it was being pushed; run the push again`);

    const touched = await scanCatalog([file], options);
    await utimes(file, new Date(), new Date(Date.now() + 5000));
    await expect(drain([file], options, touched, 10)).rejects.toThrow(InputError);

    const removed = await scanCatalog([file], options);
    await rm(file);
    await expect(drain([file], options, removed, 10)).rejects.toThrow(InputError);
  });

  it('stops with an error when a file is changed while its rows are being handed over', async () => {
    const file = join(temp(), 'edited.csv');
    const options: ReadOptions = { kind: 'products', priceBase: 'US' };
    await writeFile(file, `sku,name\n${Array.from({ length: 2000 }, (_, i) => `S-${i},Name ${i}`).join('\n')}\n`);
    const scan = await scanCatalog([file], options);
    const pass = async (): Promise<number> => {
      let batches = 0;
      for await (const batch of validEntries([file], options, scan, 10)) {
        if (batches++ === 0) await writeFile(file, `sku,name\nS-0,Renamed\n`);
        void batch;
      }
      return batches;
    };
    await expect(pass()).rejects.toThrow(InputError);
  });

  it('needs the files the scan read', async () => {
    const options: ReadOptions = { kind: 'products', priceBase: 'US' };
    const scan = await scanCatalog([good('products-bom-crlf.csv')], options);
    await expect(drain([good('products-second-file.csv')], options, scan, 10)).rejects.toThrow('the files the scan read');
  });
});
