// The rules spanning rows, as the row index's queries run them: the cases where the order of
// rows decides which row is named, and the scratch stores a push keeps per product on disk.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { scanCatalog } from '../src/catalog/index.js';
import { ScratchStore } from '../src/run/scratch-store.js';
import type { RemoteProduct } from '../src/jasper/types.js';
import { expectIssues, read, skus, useTempDir } from './catalog-helpers.js';

const temp = useTempDir();

describe('rules spanning rows (row index)', () => {
  it('names the first row of a SKU for each duplicate, and compares only first rows by case', async () => {
    const file = join(temp(), 'case.csv');
    await writeFile(file, 'sku,name\nabc,One\nABC,Two\nabc,Three\nAbc,Four\nxyz,Five\n');
    const result = await read('products', file);
    expectIssues(result, [
      { severity: 'warning', at: `${file}:3`, column: 'sku', message: `SKU "ABC" differs only in case from "abc" at ${file}:2` },
      { severity: 'error', at: `${file}:4`, column: 'sku', message: `duplicate SKU "abc": first at ${file}:2` },
      { severity: 'warning', at: `${file}:5`, column: 'sku', message: `SKU "Abc" differs only in case from "abc" at ${file}:2` },
    ]);
    expect(skus(result)).toEqual(['abc', 'ABC', 'Abc', 'xyz']);
  });

  it('gives a parent one option name per option, whatever the case its variants spell it in, the first spelling first', async () => {
    const file = join(temp(), 'cases.json');
    const variants = [
      { sku: 'TEE-S', options: { Size: 'S', Color: 'Red' } },
      { sku: 'TEE-M', options: { size: 'M', ' color ': 'Blue', Fit: 'Slim' } },
    ];
    await writeFile(file, JSON.stringify({ products: [{ sku: 'TEE', name: 'Tee', variants }] }));
    const scan = await scanCatalog([file], { kind: 'products', priceBase: 'US' });
    try {
      expect(scan.index.variantOptions.get('TEE')).toEqual(['Size', 'Color', 'Fit']);
    } finally {
      scan.index.close();
    }
  });

  it('refuses a variant of a variant, naming where its parent is a variant', async () => {
    const file = join(temp(), 'nested.csv');
    await writeFile(file, 'sku,parent_sku,option:Size\nTOP,,\nMID,TOP,S\nLOW,MID,M\nSELF,SELF,L\n');
    const result = await read('products', file);
    expectIssues(result, [
      {
        severity: 'error',
        at: `${file}:4`,
        column: 'parent_sku',
        message: `parent "MID" is itself a variant (of "TOP", ${file}:3); variants cannot be nested`,
      },
      { severity: 'error', at: `${file}:5`, column: 'parent_sku', message: 'a product cannot be its own parent' },
    ]);
  });

  it('names the last product row that sets a count, else the first inventory row', async () => {
    const products = join(temp(), 'stock.csv');
    await writeFile(products, 'sku,inventory:Main\nTEE-1,3\nCAP-1,\n');
    const rows = join(temp(), 'rows.json');
    const inventory = [
      { sku: 'TEE-1', location: 'Main', count_on_hand: 1 },
      { sku: 'TEE-1', location: 'Main', count_on_hand: 2 },
      { sku: 'CAP-1', location: 'Main', count_on_hand: 1 },
      { sku: 'CAP-1', location: 'Main', count_on_hand: 2 },
      { sku: 'CAP-1', location: 'Toronto', count_on_hand: 2 },
    ];
    await writeFile(rows, JSON.stringify({ inventory }));
    const result = await read('products', rows, products);
    expectIssues(result, [
      { severity: 'error', at: `${rows}: inventory[0]`, message: `SKU "TEE-1" at location "Main" is also set at ${products}:2` },
      { severity: 'error', at: `${rows}: inventory[1]`, message: `SKU "TEE-1" at location "Main" is also set at ${products}:2` },
      { severity: 'error', at: `${rows}: inventory[3]`, message: `SKU "CAP-1" at location "Main" is also set at ${rows}: inventory[2]` },
    ]);
  });

  it('forgets the rows of a file that turns out unreadable: they count for no rule', async () => {
    const broken = join(temp(), 'broken.csv');
    await writeFile(broken, 'sku,name\nA-1,"never closed\n');
    const good = join(temp(), 'good.csv');
    await writeFile(good, 'sku,name\nA-1,Kept\n');
    const scan = await scanCatalog([broken, good], { kind: 'products', priceBase: 'US' });
    try {
      expect(scan.unreadableFiles).toEqual([broken]);
      expect(scan.issues.filter((issue) => issue.message.includes('duplicate'))).toEqual([]);
      expect([...scan.index.products()]).toEqual([{ sku: 'A-1', loc: { file: good, line: 2 } }]);
      expect(scan.index.has('A-1')).toBe(true);
      expect(scan.index.has('a-1')).toBe(false);
    } finally {
      scan.index.close();
    }
  });
});

describe('ScratchStore: a push’s per-product state on disk', () => {
  it('keeps a set of SKUs: size, lookups, clear, and a walk over more than one page while it is looked up', () => {
    const store = new ScratchStore();
    try {
      const set = store.skuSet();
      const skus = Array.from({ length: 2_345 }, (_, index) => `SKU-${String(index).padStart(5, '0')}`);
      for (const sku of skus) set.add(sku);
      set.add('SKU-00001');
      expect(set.size).toBe(2_345);
      const walked: string[] = [];
      for (const sku of set) if (set.has(sku)) walked.push(sku);
      expect(walked).toEqual(skus);
      expect(set.has('SKU-99999')).toBe(false);
      set.clear();
      expect([set.size, [...set]]).toEqual([0, []]);
    } finally {
      store.close();
    }
  });

  it('queues items first in, first out, and products by SKU as they were set', () => {
    const store = new ScratchStore();
    try {
      const queue = store.queue<{ sku: string; loc: { file: string; line: number } }>();
      for (let line = 1; line <= 5; line++) queue.push({ sku: `S-${line}`, loc: { file: 'a.csv', line } });
      expect(queue.take(2).map((item) => item.loc.line)).toEqual([1, 2]);
      queue.push({ sku: 'S-6', loc: { file: 'a.csv', line: 6 } });
      expect(queue.size).toBe(4);
      expect(queue.take(10).map((item) => item.sku)).toEqual(['S-3', 'S-4', 'S-5', 'S-6']);
      expect([queue.size, queue.take(1)]).toEqual([0, []]);

      const products = store.remoteProducts();
      const product = { id: 7, sku: 'B', name: 'Bee', prices: [] } as unknown as RemoteProduct;
      products.set('B', product);
      products.set('A', { id: 8, sku: 'A' });
      expect(products.get('B')).toEqual(product);
      products.set('B', { ...product, name: 'Changed' });
      expect(products.get('B')?.name).toBe('Changed');
      expect([[...products.keys()], products.has('C'), products.get('C')]).toEqual([['A', 'B'], false, undefined]);
    } finally {
      store.close();
    }
  });

  it('keeps product statuses: a known id, a pending task, a block with its reason', () => {
    const store = new ScratchStore();
    try {
      const statuses = store.statuses();
      statuses.setAll([
        ['product:A', 12],
        ['product:B', 'product:B'],
        ['product:C', { reason: 'failed: 422' }],
      ]);
      expect(['product:A', 'product:B', 'product:C', 'product:D'].map((id) => statuses.get(id as never))).toEqual([
        12,
        'product:B',
        { reason: 'failed: 422' },
        undefined,
      ]);
    } finally {
      store.close();
    }
  });
});
