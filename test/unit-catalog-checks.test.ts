// What happens to rows after they are read, on plain data: the collector's split into valid rows,
// rejected rows and issues (and what an unreadable file takes back), the rules spanning rows, the
// row index, attribute types, and the later passes' re-read (validEntries) against a source that
// can be told to change between passes.
import { writeFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../src/errors.js';
import { AttributeTypes } from '../src/catalog/attribute-types.js';
import { attributeFromText, hasUntypedValues, resolveAttributeValues, settleAttributeTypes, type MultiValuedRow } from '../src/catalog/attribute-values.js';
import { addIssue, CatalogCollector, hasError, rowKey, type Entry, type RowSink, type RowValues, type Section } from '../src/catalog/collector.js';
import { runCrossChecks } from '../src/catalog/cross-checks.js';
import { readCatalog } from '../src/catalog/read-catalog.js';
import { RowIndex } from '../src/catalog/row-index.js';
import { emptyProduct, RowIssues, unique, type RowResult } from '../src/catalog/row-issues.js';
import { scanCatalog } from '../src/catalog/scan.js';
import { readSection3File, SECTION_3_SOURCE, type CatalogSource, type ReadOptions } from '../src/catalog/source.js';
import {
  barcodeTypeOf,
  categoryPathKey,
  emptyCatalog,
  formatIssue,
  formatLocation,
  type AttributeValueInput,
  type Issue,
  type ProductInput,
  type SourceLocation,
} from '../src/catalog/types.js';
import { validEntries, type ValidEntry } from '../src/catalog/valid-entries.js';
import { useTempDir } from './catalog-helpers.js';

const temp = useTempDir();

const issue = (location: SourceLocation, message: string, severity: Issue['severity'] = 'error', column?: string): Issue => ({
  location,
  ...(column === undefined ? {} : { column }),
  message,
  severity,
});

function productRow(loc: SourceLocation, sku: string, issues: Issue[] = [], extra: Partial<ProductInput> = {}): RowResult<ProductInput> {
  return { value: { ...emptyProduct(loc, sku), ...extra }, ...(sku === '' ? {} : { key: sku }), issues };
}

function stockRow(loc: SourceLocation, sku: string, location: string, issues: Issue[] = []): RowResult<RowValues['inventory']> {
  return { value: { loc, sku, location, count_on_hand: 1 }, ...(sku === '' ? {} : { key: sku }), issues };
}

function categoryRow(loc: SourceLocation, path: string[], issues: Issue[] = []): RowResult<RowValues['categories']> {
  return { value: { loc, path }, ...(path.length === 0 ? {} : { key: categoryPathKey(path) }), issues };
}

describe('CatalogCollector', () => {
  it('splits what was read into valid rows, rejected rows and every issue in read order', () => {
    const collector = new CatalogCollector(true);
    try {
      const a = { file: 'a.csv', line: 2 };
      const b = { file: 'a.csv', line: 3 };
      const c = { file: 'a.csv', line: 4 };
      const j = (path: string) => ({ file: 'b.json', path });
      const first = collector.startFile('a.csv');
      first.issue(issue({ file: 'a.csv', line: 1 }, 'unknown column "x" is ignored', 'warning', 'x'));
      first.add('products', productRow(a, 'A'), a);
      first.add('products', productRow(b, 'B', [issue(b, 'odd', 'warning')]), b);
      first.add('products', productRow(c, '', [issue(c, 'sku is empty', 'error', 'sku')]), c);
      expect(first.hasFailed).toBe(false);
      first.finish();
      const second = collector.startFile('b.json');
      second.add('categories', categoryRow(j('categories[0]'), ['Sale']), j('categories[0]'));
      second.add('categories', categoryRow(j('categories[1]'), ['Old'], [issue(j('categories[1]'), 'warned', 'warning')]), j('categories[1]'));
      second.add('categories', categoryRow(j('categories[2]'), [], [issue(j('categories[2]'), 'bad path')]), j('categories[2]'));
      second.add('options', { value: { name: 'Size', values: ['S'] }, key: 'Size', issues: [] }, j('options[0]'));
      second.add('attributes', { value: { name: 'Fit', type: 'text', values: [] }, issues: [issue(j('attributes[0]'), 'bad type')] }, j('attributes[0]'));
      second.add('inventory', stockRow(j('inventory[0]'), 'A', 'Main'), j('inventory[0]'));
      second.add('inventory', stockRow(j('inventory[1]'), 'A', 'Back', [issue(j('inventory[1]'), 'bad count')]), j('inventory[1]'));
      second.finish();

      expect(collector.files).toEqual([
        { file: 'a.csv', firstOrder: 0, readable: true },
        { file: 'b.json', firstOrder: 4, readable: true },
      ]);
      expect(collector.rejectedRowsByFile()).toEqual([new Set([4]), new Set(['inventory[1]'])]);
      const result = collector.result();
      expect(result.valid).toEqual({
        categories: [
          { loc: j('categories[0]'), path: ['Sale'] },
          { loc: j('categories[1]'), path: ['Old'] },
        ],
        options: [{ name: 'Size', values: ['S'] }],
        attributes: [],
      });
      expect(result.whole).toEqual({
        products: [productRow(a, 'A').value, productRow(b, 'B').value],
        inventory: [{ loc: j('inventory[0]'), sku: 'A', location: 'Main', count_on_hand: 1 }],
      });
      expect(result.issues.map((item) => item.message)).toEqual([
        'unknown column "x" is ignored',
        'odd',
        'sku is empty',
        'warned',
        'bad path',
        'bad type',
        'bad count',
      ]);
      expect(result.rejected).toEqual([
        { loc: c, issues: [issue(c, 'sku is empty', 'error', 'sku')] },
        { loc: j('categories[2]'), issues: [issue(j('categories[2]'), 'bad path')] },
        { loc: j('attributes[0]'), issues: [issue(j('attributes[0]'), 'bad type')] },
        { loc: j('inventory[1]'), key: 'A', issues: [issue(j('inventory[1]'), 'bad count')] },
      ]);
      // Products, categories and inventory rows are data rows; declared options and attributes are not.
      expect(result.rowCount).toBe(8);
      expect(result.unreadableFiles).toEqual([]);
      collector.index.seal();
      expect(collector.index.counts()).toEqual({ products: 2, variants: 0, inventoryRows: 1, productInventoryRecords: 0 });
    } finally {
      collector.index.close();
    }
  });

  it('holds no whole rows unless asked to', () => {
    const collector = new CatalogCollector();
    try {
      const loc = { file: 'a.csv', line: 2 };
      collector.startFile('a.csv').add('products', productRow(loc, 'A'), loc);
      expect(collector.result().whole).toEqual({ products: [], inventory: [] });
    } finally {
      collector.index.close();
    }
  });

  it('drops every row of a file that turns out unreadable, keeping their issues and the earlier files', () => {
    const collector = new CatalogCollector(true);
    try {
      const at = (file: string, line: number) => ({ file, line });
      const multi: AttributeValueInput = { name: 'Tags', values: ['x', 'y'] };
      const first = collector.startFile('a.json');
      first.add('categories', categoryRow(at('a.json', 1), ['Kept'], [issue(at('a.json', 1), 'kept warning', 'warning')]), at('a.json', 1));
      first.add('products', productRow(at('a.json', 2), 'K', [issue(at('a.json', 2), 'kept product', 'warning')], { attributes: [multi] }), at('a.json', 2));
      first.add('inventory', stockRow(at('a.json', 3), 'K', 'Main'), at('a.json', 3));
      first.add('products', productRow(at('a.json', 4), 'E', [issue(at('a.json', 4), 'kept error')]), at('a.json', 4));
      first.finish();
      const second = collector.startFile('b.json');
      second.add(
        'products',
        productRow(at('b.json', 2), 'K', [issue(at('b.json', 2), 'dropped product', 'warning')], { attributes: [multi] }),
        at('b.json', 2),
      );
      second.add('products', productRow(at('b.json', 3), 'D'), at('b.json', 3));
      second.add('inventory', stockRow(at('b.json', 4), 'D', 'Main', [issue(at('b.json', 4), 'dropped stock')]), at('b.json', 4));
      second.add('categories', categoryRow(at('b.json', 5), ['Gone'], [issue(at('b.json', 5), 'dropped category')]), at('b.json', 5));
      second.add('options', { value: { name: 'Size', values: [] }, key: 'Size', issues: [] }, at('b.json', 6));
      second.add(
        'attributes',
        { value: { name: 'Fit', type: 'text', values: [] }, key: 'Fit', issues: [issue(at('b.json', 7), 'dropped attribute', 'warning')] },
        at('b.json', 7),
      );
      second.issue(issue({ file: 'b.json' }, 'just a warning', 'warning'));
      expect(second.hasFailed).toBe(false);
      second.issue(issue({ file: 'b.json', line: 8 }, 'JSON syntax error'));
      expect(second.hasFailed).toBe(true);
      second.finish();
      const third = collector.startFile('c.json');
      third.add('options', { value: { name: 'Color', values: [] }, key: 'Color', issues: [] }, at('c.json', 1));
      third.finish();

      expect(collector.files.map((file) => [file.file, file.firstOrder, file.readable])).toEqual([
        ['a.json', 0, true],
        ['b.json', 4, false],
        ['c.json', 12, true],
      ]);
      expect(collector.entries.categories.map((entry) => entry.value.path)).toEqual([['Kept']]);
      expect(collector.entries.options.map((entry) => entry.value.name)).toEqual(['Color']);
      expect(collector.entries.attributes).toEqual([]);
      expect(collector.multiValued).toEqual([{ order: 1, loc: at('a.json', 2), key: 'K', attributes: [multi] }]);
      expect(collector.rejectedRowsByFile()).toEqual([new Set([4]), new Set(), new Set()]);
      const result = collector.result();
      expect(result.issues.map((item) => item.message)).toEqual([
        'kept warning',
        'kept product',
        'kept error',
        'dropped product',
        'dropped stock',
        'dropped category',
        'dropped attribute',
        'just a warning',
        'JSON syntax error',
      ]);
      expect(result.rejected).toEqual([{ loc: at('a.json', 4), key: 'E', issues: [issue(at('a.json', 4), 'kept error')] }]);
      expect(result.valid).toEqual({ categories: [{ loc: at('a.json', 1), path: ['Kept'] }], options: [{ name: 'Color', values: [] }], attributes: [] });
      expect(result.whole.products.map((product) => product.sku)).toEqual(['K']);
      expect(result.whole.inventory.map((stock) => stock.loc)).toEqual([at('a.json', 3)]);
      expect(result.unreadableFiles).toEqual(['b.json']);
      expect(result.rowCount).toBe(8);
      collector.index.seal();
      expect([...collector.index.products()]).toEqual([{ sku: 'K', loc: at('a.json', 2) }]);
      expect(collector.index.counts()).toEqual({ products: 1, variants: 0, inventoryRows: 1, productInventoryRecords: 0 });
    } finally {
      collector.index.close();
    }
  });

  it('drops the rows of an unreadable file from its very first one, whatever its section', () => {
    const collector = new CatalogCollector(true);
    try {
      const at = (file: string, line: number) => ({ file, line });
      const first = collector.startFile('a.csv');
      first.add('inventory', stockRow(at('a.csv', 2), 'A', 'Main'), at('a.csv', 2));
      first.add('categories', categoryRow(at('a.csv', 3), ['Kept']), at('a.csv', 3));
      first.finish();
      const second = collector.startFile('b.json');
      second.add('categories', categoryRow(at('b.json', 1), ['Gone'], [issue(at('b.json', 1), 'dropped')]), at('b.json', 1));
      second.add('inventory', stockRow(at('b.json', 2), 'B', 'Main'), at('b.json', 2));
      second.issue(issue({ file: 'b.json' }, 'broken'));
      second.finish();
      const result = collector.result();
      expect(result.valid.categories).toEqual([{ loc: at('a.csv', 3), path: ['Kept'] }]);
      expect(result.whole.inventory.map((stock) => stock.sku)).toEqual(['A']);
      expect(result.issues.map((found) => found.message)).toEqual(['dropped', 'broken']);
      collector.index.seal();
      expect(collector.index.counts().inventoryRows).toBe(1);
    } finally {
      collector.index.close();
    }
  });

  it('without whole rows, drops an unreadable file from the index and the attribute rule alone', () => {
    const collector = new CatalogCollector();
    try {
      const at = (line: number) => ({ file: 'a.csv', line });
      const multi: AttributeValueInput = { name: 'Tags', values: ['x', 'y'] };
      const batch = collector.startFile('a.csv');
      batch.add(
        'products',
        productRow(at(2), '', [issue(at(2), 'sku is empty', 'error', 'sku')], { attributes: [multi, { name: 'One', values: ['z'] }] }),
        at(2),
      );
      expect(collector.multiValued).toEqual([{ order: 0, loc: at(2), attributes: [multi] }]);
      batch.issue(issue(at(3), 'invalid UTF-8'));
      batch.finish();
      expect(collector.multiValued).toEqual([]);
      const result = collector.result();
      expect([result.rejected, result.unreadableFiles, result.issues.map((found) => found.message)]).toEqual([
        [],
        ['a.csv'],
        ['sku is empty', 'invalid UTF-8'],
      ]);
    } finally {
      collector.index.close();
    }
  });

  it('flags rows found by rules spanning rows: a new issue or one more, an error marking the row in the index', () => {
    const collector = new CatalogCollector(true);
    try {
      const at = (line: number) => ({ file: 'a.csv', line });
      const batch = collector.startFile('a.csv');
      batch.add('products', productRow(at(2), 'A'), at(2));
      batch.add('products', productRow(at(3), 'B', [issue(at(3), 'first', 'warning')]), at(3));
      batch.add('products', productRow(at(4), 'C'), at(4));
      batch.add('inventory', stockRow(at(5), 'C', 'Main'), at(5));
      batch.finish();
      collector.flag(0, 'products', issue(at(2), 'only a warning', 'warning'), 'A');
      collector.flag(1, 'products', issue(at(3), 'second'), 'B');
      collector.flag(2, 'products', issue(at(4), 'third'));
      collector.flag(3, 'inventory', issue(at(5), 'stock', 'warning'));
      expect(collector.rejectedRowsByFile()).toEqual([new Set([3, 4])]);
      const result = collector.result();
      expect(result.rejected).toEqual([
        { loc: at(3), key: 'B', issues: [issue(at(3), 'first', 'warning'), issue(at(3), 'second')] },
        { loc: at(4), issues: [issue(at(4), 'third')] },
      ]);
      expect(result.issues.map((item) => item.message)).toEqual(['only a warning', 'first', 'second', 'third', 'stock']);
      expect(result.whole.products.map((product) => product.sku)).toEqual(['A']);
      expect(result.whole.inventory.map((stock) => stock.sku)).toEqual(['C']);
      collector.index.seal();
      expect([...collector.index.products()].map((product) => product.sku)).toEqual(['A']);
    } finally {
      collector.index.close();
    }
  });

  it('finds the file of each rejected row, files without rows included', () => {
    const collector = new CatalogCollector();
    try {
      const bad = (file: string, line: number) => productRow({ file, line }, `${file}-${line}`, [issue({ file, line }, 'bad')]);
      collector.startFile('empty-1.csv').finish();
      const a = collector.startFile('a.csv');
      a.add('products', bad('a.csv', 2), { file: 'a.csv', line: 2 });
      a.add('products', productRow({ file: 'a.csv', line: 3 }, 'ok'), { file: 'a.csv', line: 3 });
      const empty = collector.startFile('empty-2.csv');
      empty.issue(issue({ file: 'empty-2.csv', line: 1 }, 'no data rows', 'warning'));
      const b = collector.startFile('b.json');
      b.add('inventory', stockRow({ file: 'b.json', path: 'inventory[0]' }, 'X', 'Main', [issue({ file: 'b.json' }, 'bad')]), {
        file: 'b.json',
        path: 'inventory[0]',
      });
      b.add('products', bad('b.json', 9), { file: 'b.json', line: 9 });
      collector.startFile('empty-3.csv');
      expect(collector.rejectedRowsByFile()).toEqual([new Set(), new Set([2]), new Set(), new Set(['inventory[0]', 9]), new Set()]);
    } finally {
      collector.index.close();
    }
  });

  it('addIssue gives a row without issues a list of its own', () => {
    const collector = new CatalogCollector();
    try {
      const loc = { file: 'c.csv', line: 2 };
      const batch = collector.startFile('c.csv');
      batch.add('categories', categoryRow(loc, ['A']), loc);
      batch.add('categories', categoryRow(loc, ['B']), loc);
      const [first, second] = collector.entries.categories as [Entry<unknown>, Entry<unknown>];
      expect(first.issues).toBe(second.issues);
      addIssue(first, issue(loc, 'one'));
      addIssue(first, issue(loc, 'two', 'warning'));
      expect(first.issues).toEqual([issue(loc, 'one'), issue(loc, 'two', 'warning')]);
      expect(second.issues).toEqual([]);
    } finally {
      collector.index.close();
    }
  });

  it('hasError and rowKey', () => {
    expect(hasError([])).toBe(false);
    expect(hasError([issue({ file: 'f' }, 'w', 'warning')])).toBe(false);
    expect(hasError([issue({ file: 'f' }, 'w', 'warning'), issue({ file: 'f' }, 'e')])).toBe(true);
    expect(rowKey({ file: 'f', line: 3, path: 'p' })).toBe(3);
    expect(rowKey({ file: 'f', path: 'products[1]' })).toBe('products[1]');
    expect(rowKey({ file: 'f' })).toBe('');
  });
});

describe('runCrossChecks', () => {
  it('reports duplicate SKUs, case-only SKUs, nested variants, repeated counts and repeated declarations, each on the later row', () => {
    const collector = new CatalogCollector(true);
    try {
      const at = (line: number) => ({ file: 'p.csv', line });
      const j = (path: string) => ({ file: 'c.json', path });
      const products = collector.startFile('p.csv');
      products.add('products', productRow(at(2), 'TOP', [], { inventory: [{ location: 'Main', count_on_hand: 1 }] }), at(2));
      products.add('products', productRow(at(3), 'MID', [], { parentSku: 'TOP', options: [{ name: 'Size', value: 'S' }] }), at(3));
      products.add('products', productRow(at(4), 'LOW', [], { parentSku: 'MID', options: [{ name: 'Size', value: 'M' }] }), at(4));
      products.add('products', productRow(at(5), 'top'), at(5));
      products.add('products', productRow(at(6), 'TOP'), at(6));
      products.add('products', productRow(at(7), ''), at(7));
      products.add('products', productRow(at(8), ''), at(8));
      products.add('products', productRow(at(9), '', [], { parentSku: 'MID', options: [{ name: 'Size', value: 'L' }] }), at(9));
      products.finish();
      const json = collector.startFile('c.json');
      json.add('categories', categoryRow(j('categories[0]'), ['A', 'B']), j('categories[0]'));
      json.add('categories', categoryRow(j('categories[1]'), []), j('categories[1]'));
      json.add('categories', categoryRow(j('categories[2]'), []), j('categories[2]'));
      json.add('categories', categoryRow(j('categories[3]'), ['A', 'B'], [issue(j('categories[3]'), 'earlier', 'warning')]), j('categories[3]'));
      json.add('options', { value: { name: 'Size', values: [] }, issues: [] }, j('options[0]'));
      json.add('options', { value: { name: 'Size', values: ['S'] }, issues: [] }, j('options[1]'));
      json.add('options', { value: { name: 'size', values: [] }, issues: [] }, j('options[2]'));
      json.add('attributes', { value: { name: 'Fit', type: 'text', values: [] }, issues: [] }, j('attributes[0]'));
      json.add('attributes', { value: { name: 'Fit', type: 'date', values: [] }, issues: [] }, j('attributes[1]'));
      json.add('inventory', stockRow(j('inventory[0]'), 'TOP', 'Main'), j('inventory[0]'));
      json.add('inventory', stockRow(j('inventory[1]'), 'MID', 'Main'), j('inventory[1]'));
      json.add('inventory', stockRow(j('inventory[2]'), 'MID', 'Main'), j('inventory[2]'));
      json.add('inventory', stockRow(j('inventory[3]'), '', 'Main'), j('inventory[3]'));
      json.add('inventory', stockRow(j('inventory[4]'), '', 'Main'), j('inventory[4]'));
      json.finish();
      runCrossChecks(collector);
      const result = collector.result();
      expect(result.issues).toEqual([
        issue(at(4), 'parent "MID" is itself a variant (of "TOP", p.csv:3); variants cannot be nested', 'error', 'parent_sku'),
        issue(at(5), 'SKU "top" differs only in case from "TOP" at p.csv:2; check they are meant to be two products', 'warning', 'sku'),
        issue(at(6), 'duplicate SKU "TOP": first at p.csv:2', 'error', 'sku'),
        issue(at(9), 'parent "MID" is itself a variant (of "TOP", p.csv:3); variants cannot be nested', 'error', 'parent_sku'),
        issue(j('categories[3]'), 'earlier', 'warning'),
        issue(j('categories[3]'), 'duplicate category path "A > B": first at c.json: categories[0]', 'error', 'path'),
        issue(j('options[1]'), 'option "Size" is declared twice: first at c.json: options[0]', 'error', 'name'),
        issue(j('attributes[1]'), 'attribute "Fit" is declared twice: first at c.json: attributes[0]', 'error', 'name'),
        issue(j('inventory[0]'), 'SKU "TOP" at location "Main" is also set at p.csv:2'),
        issue(j('inventory[2]'), 'SKU "MID" at location "Main" is also set at c.json: inventory[1]'),
      ]);
      expect(result.rejected.map((row) => [formatLocation(row.loc), row.key])).toEqual([
        ['p.csv:4', 'LOW'],
        ['p.csv:6', 'TOP'],
        ['p.csv:9', undefined],
        ['c.json: categories[3]', 'A > B'],
        ['c.json: options[1]', undefined],
        ['c.json: attributes[1]', undefined],
        ['c.json: inventory[0]', 'TOP'],
        ['c.json: inventory[2]', 'MID'],
      ]);
      expect(result.valid.options).toEqual([
        { name: 'Size', values: [] },
        { name: 'size', values: [] },
      ]);
      expect(result.whole.products.map((product) => product.sku)).toEqual(['TOP', 'MID', 'top', '', '']);
    } finally {
      collector.index.close();
    }
  });
});

describe('RowIndex', () => {
  it('answers nothing about valid rows until sealed, seals once, and closes once', () => {
    const index = new RowIndex();
    expect(() => index.has('A')).toThrow(new Error('the row index is still loading'));
    expect(() => [...index.products()]).toThrow(new Error('the row index is still loading'));
    expect(() => index.variantOptions).toThrow(new Error('the row index is still loading'));
    index.addProduct(0, { file: 'x' }, { sku: 'A', optionNames: [], stockLocations: [] }, false);
    index.seal();
    index.seal();
    expect(index.has('A')).toBe(true);
    expect(() => index.locAt(5)).toThrow(new Error('no row 5 in the index'));
    index.close();
    index.close();
    expect(() => index.has('A')).toThrow();
  });

  it('keeps where each row is, its SKU, parent, options and stock, and counts the valid ones', () => {
    const index = new RowIndex();
    try {
      index.addProduct(0, { file: 'a.csv', line: 2 }, { sku: 'P', optionNames: [], stockLocations: ['Main', 'Back'] }, false);
      index.addProduct(
        1,
        { file: 'b.json', path: 'products[0].variants[0]' },
        { sku: 'V1', parentSku: 'P', optionNames: [' Size', 'Color'], stockLocations: [] },
        false,
      );
      index.addProduct(2, { file: 'c' }, { sku: 'V2', parentSku: 'P', optionNames: ['Size '], stockLocations: ['Main'] }, false);
      index.addProduct(3, { file: 'a.csv', line: 9 }, { sku: 'V3', parentSku: 'P', optionNames: [], stockLocations: [] }, false);
      index.addProduct(4, { file: 'a.csv', line: 10 }, { sku: 'BAD', parentSku: 'Q', optionNames: ['Fit'], stockLocations: ['Main'] }, true);
      index.addProduct(5, { file: 'a.csv', line: 11 }, { sku: 'LATER', parentSku: 'R', optionNames: ['Fit'], stockLocations: [] }, false);
      index.addInventory(6, { file: 'b.json', path: 'inventory[0]' }, 'P', 'Main', false);
      index.addInventory(7, { file: 'b.json', path: 'inventory[1]' }, 'P', 'Back', true);
      index.markError(5);
      expect([index.locAt(0), index.locAt(1), index.locAt(2), index.locAt(6)]).toEqual([
        { file: 'a.csv', line: 2 },
        { file: 'b.json', path: 'products[0].variants[0]' },
        { file: 'c' },
        { file: 'b.json', path: 'inventory[0]' },
      ]);
      index.seal();
      expect(index.counts()).toEqual({ products: 1, variants: 3, inventoryRows: 1, productInventoryRecords: 3 });
      expect([...index.products()]).toEqual([
        { sku: 'P', loc: { file: 'a.csv', line: 2 } },
        { sku: 'V1', parentSku: 'P', loc: { file: 'b.json', path: 'products[0].variants[0]' } },
        { sku: 'V2', parentSku: 'P', loc: { file: 'c' } },
        { sku: 'V3', parentSku: 'P', loc: { file: 'a.csv', line: 9 } },
      ]);
      const options = index.variantOptions;
      expect(options.size).toBe(1);
      expect(options.get('P')).toEqual(['Size', 'Color']);
      expect(options.get('Q')).toBeUndefined();
      expect(options.get('R')).toBeUndefined();
      expect([index.has('P'), index.has('BAD'), index.has('LATER'), index.has('p')]).toEqual([true, false, false, false]);
    } finally {
      index.close();
    }
  });

  it('walks the valid products a page at a time, past page boundaries', () => {
    const index = new RowIndex();
    try {
      const expected: string[] = [];
      for (let order = 0; order < 2_345; order++) {
        const sku = `S${order}`;
        const error = order % 7 === 3;
        index.addProduct(order, { file: 'a.csv', line: order + 2 }, { sku, optionNames: [], stockLocations: [] }, error);
        if (!error) expected.push(sku);
      }
      index.seal();
      const walked = [...index.products()];
      expect(walked.map((product) => product.sku)).toEqual(expected);
      expect(walked.at(-1)).toEqual({ sku: 'S2344', loc: { file: 'a.csv', line: 2346 } });
    } finally {
      index.close();
    }
  });

  it('forgets the rows from an order on', () => {
    const index = new RowIndex();
    try {
      for (let order = 0; order < 4; order++)
        index.addProduct(order, { file: 'a.csv', line: order + 2 }, { sku: `S${order}`, optionNames: [], stockLocations: [] }, false);
      index.dropFrom(2);
      index.seal();
      expect([...index.products()].map((product) => product.sku)).toEqual(['S0', 'S1']);
      expect(() => index.locAt(2)).toThrow(new Error('no row 2 in the index'));
    } finally {
      index.close();
    }
  });
});

describe('AttributeTypes', () => {
  it('keeps the first declaration of each attribute and names it in a conflict', () => {
    const types = new AttributeTypes();
    expect(types.typeOf('Country')).toBeUndefined();
    expect(types.conflict('Country', 'text')).toBeUndefined();
    types.declare('Country', 'multiselect', { file: 'a.csv', line: 1 });
    types.declare('Country', 'text', { file: 'b.csv', line: 1 });
    types.declare('Fit', 'date', { file: 'c.json', path: 'attributes[0]' });
    expect(types.typeOf('Country')).toBe('multiselect');
    expect(types.typeOf('country')).toBeUndefined();
    expect(types.conflict('Country', 'multiselect')).toBeUndefined();
    expect(types.conflict('Country', 'text')).toBe('attribute "Country" is declared as text here but as multiselect at a.csv:1');
    expect(types.conflict('Fit', 'selectbox')).toBe('attribute "Fit" is declared as selectbox here but as date at c.json: attributes[0]');
    expect(types.all()).toEqual(
      new Map([
        ['Country', 'multiselect'],
        ['Fit', 'date'],
      ]),
    );
    types.all().clear();
    expect(types.all().size).toBe(2);
  });
});

describe('attribute values', () => {
  it('reads a cell by its type: a multiselect split, any other type or none kept whole', () => {
    expect(attributeFromText('Tags', ' a | b ||', 'multiselect')).toEqual({ name: 'Tags', type: 'multiselect', values: ['a', 'b'] });
    expect(attributeFromText('Note', 'a | b', 'text')).toEqual({ name: 'Note', type: 'text', values: ['a | b'] });
    const untyped = attributeFromText('Color', 'a | b', undefined);
    expect(untyped).toEqual({ name: 'Color', values: ['a | b'] });
    expect(Object.keys(untyped)).toEqual(['name', 'values']);
  });

  it('hasUntypedValues: several values and no type of its own', () => {
    expect(hasUntypedValues({ name: 'A', values: ['x', 'y'] })).toBe(true);
    expect(hasUntypedValues({ name: 'A', values: ['x'] })).toBe(false);
    expect(hasUntypedValues({ name: 'A', values: [] })).toBe(false);
    expect(hasUntypedValues({ name: 'A', type: 'multiselect', values: ['x', 'y'] })).toBe(false);
  });

  it('settles one type per attribute: declared, else multiselect when given several values, and flags several values for another type', () => {
    const declared = new AttributeTypes();
    declared.declare('Fabric', 'text', { file: 'a.json', path: 'attributes[0]' });
    declared.declare('Tags', 'multiselect', { file: 'a.json', path: 'attributes[1]' });
    const rows: MultiValuedRow[] = [
      {
        order: 4,
        loc: { file: 'a.json', path: 'products[0]' },
        key: 'A',
        attributes: [
          { name: 'Fabric', values: ['Silk', 'Wool'] },
          { name: 'Country', values: ['US', 'CA'] },
          { name: 'Tags', values: ['x', 'y'] },
          { name: 'Single', values: ['one'] },
        ],
      },
      {
        order: 9,
        loc: { file: 'b.csv', line: 3 },
        attributes: [
          { name: 'Fabric', values: ['Linen', 'Cotton'] },
          { name: 'Fabric', values: ['Only'] },
          { name: 'Fit', type: 'date', values: ['1', '2'] },
        ],
      },
    ];
    const flagged: [number, Issue][] = [];
    const types = settleAttributeTypes(rows, declared, (row, found) => flagged.push([row.order, found]));
    expect(types).toEqual(
      new Map([
        ['Fabric', 'text'],
        ['Tags', 'multiselect'],
        ['Country', 'multiselect'],
      ]),
    );
    expect(flagged).toEqual([
      [
        4,
        issue({ file: 'a.json', path: 'products[0]' }, 'attribute "Fabric" is a text; only a multiselect takes several values', 'error', 'attributes.Fabric'),
      ],
      [9, issue({ file: 'b.csv', line: 3 }, 'attribute "Fabric" is a text; only a multiselect takes several values', 'error', 'attr:Fabric')],
      [9, issue({ file: 'b.csv', line: 3 }, 'attribute "Fit" is a date; only a multiselect takes several values', 'error', 'attr:Fit')],
    ]);
    expect(declared.typeOf('Country')).toBeUndefined();
  });

  it('resolves values to the push-wide types: splits cells of a multiselect, keeps typed ones, drops empty ones', () => {
    const product = emptyProduct({ file: 'a.csv', line: 2 }, 'A');
    const empty = attributeFromText('Blank', 'x', undefined);
    empty.values = [];
    product.attributes = [
      attributeFromText('Country', 'US | CA', undefined),
      attributeFromText('Note', 'a | b', undefined),
      attributeFromText('Unknown', 'p | q', undefined),
      attributeFromText('Own', 'r | s', 'text'),
      attributeFromText('Gap', ' | ', undefined),
      { name: 'Listed', values: ['u | v'] },
      empty,
    ];
    const types = new Map([
      ['Country', 'multiselect'],
      ['Note', 'textarea'],
      ['Own', 'multiselect'],
      ['Gap', 'multiselect'],
      ['Listed', 'multiselect'],
      ['Blank', 'multiselect'],
    ] as const);
    resolveAttributeValues(product, types);
    expect(product.attributes).toEqual([
      { name: 'Country', type: 'multiselect', values: ['US', 'CA'] },
      { name: 'Note', type: 'textarea', values: ['a | b'] },
      { name: 'Unknown', values: ['p | q'] },
      { name: 'Own', type: 'text', values: ['r | s'] },
      { name: 'Listed', type: 'multiselect', values: ['u | v'] },
    ]);
  });
});

describe('row issues and catalog types', () => {
  it('RowIssues lists errors and warnings at the row, and knows when one is an error', () => {
    const issues = new RowIssues({ file: 'a.csv', line: 4 });
    expect(issues.hasErrors).toBe(false);
    issues.warning('name', 'odd name');
    issues.warning(undefined, 'odd row');
    expect(issues.hasErrors).toBe(false);
    issues.error(undefined, 'bad row');
    expect(issues.hasErrors).toBe(true);
    expect(issues.list).toEqual([
      issue({ file: 'a.csv', line: 4 }, 'odd name', 'warning', 'name'),
      issue({ file: 'a.csv', line: 4 }, 'odd row', 'warning'),
      issue({ file: 'a.csv', line: 4 }, 'bad row'),
    ]);
  });

  it('emptyProduct and unique', () => {
    expect(emptyProduct({ file: 'f' }, 'S')).toEqual({
      loc: { file: 'f' },
      sku: 'S',
      options: [],
      categories: [],
      fields: {},
      prices: [],
      attributes: [],
      inventory: [],
      related: [],
    });
    expect(unique(['b', 'a', 'b', 'c', 'a'])).toEqual(['b', 'a', 'c']);
    expect(unique([])).toEqual([]);
  });

  it('barcodeTypeOf: the type by digit count, Custom for anything else', () => {
    expect(barcodeTypeOf('036000291452')).toBe('UPC-A');
    expect(barcodeTypeOf('4006381333931')).toBe('GTIN-13');
    expect(barcodeTypeOf('10012345678902')).toBe('ITF-14');
    for (const value of ['03600029145', '100123456789021', '', '12345678901a', 'ABC']) expect(barcodeTypeOf(value)).toBe('Custom');
  });

  it('formats locations and issues as users read them', () => {
    expect(formatLocation({ file: 'a.csv', line: 0 })).toBe('a.csv:0');
    expect(formatLocation({ file: 'a.json', path: 'products[2]' })).toBe('a.json: products[2]');
    expect(formatLocation({ file: 'a.json' })).toBe('a.json');
    expect(formatIssue(issue({ file: 'p.csv', line: 14 }, '"12,5" is not a number', 'error', 'msrp'))).toBe('p.csv:14: column msrp: "12,5" is not a number');
    expect(formatIssue(issue({ file: 'p.csv' }, 'file is empty', 'error', ''))).toBe('p.csv: file is empty');
    expect(categoryPathKey(['A', 'B', 'C'])).toBe('A > B > C');
    expect(emptyCatalog()).toEqual({ categories: [], options: [], attributes: [], products: [], inventory: [] });
  });
});

/** A sink that keeps what a reader hands it. */
function recordingSink() {
  const added: { section: Section; loc: SourceLocation }[] = [];
  const issues: Issue[] = [];
  const sink: RowSink = {
    add: (section, _row, loc) => void added.push({ section, loc }),
    issue: (found) => void issues.push(found),
    hasFailed: false,
  };
  return { sink, added, issues };
}

describe('readSection3File', () => {
  const context = { kind: 'products' as const, priceBase: 'US', renames: new Map(), attributeTypes: new AttributeTypes() };

  it('reads .csv and .json files in any case and refuses other extensions', async () => {
    const csv = join(temp(), 'upper.CSV');
    await writeFile(csv, 'sku\nA\n');
    const json = join(temp(), 'upper.Json');
    await writeFile(json, '{ "products": [{ "sku": "B" }] }');
    const { sink, added, issues } = recordingSink();
    for (const file of [csv, json, join(temp(), 'catalog'), join(temp(), 'catalog.txt')]) {
      for await (const _ of readSection3File(file, context, sink));
    }
    expect(added).toEqual([
      { section: 'products', loc: { file: csv, line: 2 } },
      { section: 'products', loc: { file: json, path: 'products[0]' } },
    ]);
    expect(issues).toEqual([
      issue({ file: join(temp(), 'catalog') }, 'cannot read a file without extension: catalogs are .csv or .json files'),
      issue({ file: join(temp(), 'catalog.txt') }, 'cannot read ".txt": catalogs are .csv or .json files'),
    ]);
  });

  it('a refused CSV header is the file’s only issue, at the header’s line, and no row is read; a JSON file has no header to refuse', async () => {
    const csv = join(temp(), 'export.csv');
    // A blank first line: the header, and so its issue, is on line 2.
    await writeFile(csv, '\nHandle,Title\nmug,Mug\n');
    const json = join(temp(), 'catalog.json');
    await writeFile(json, '{ "products": [{ "sku": "B" }] }');
    const seen: (readonly string[])[] = [];
    const refuse = (names: readonly string[]) => {
      seen.push(names);
      return 'this looks like an export';
    };
    const { sink, added, issues } = recordingSink();
    for (const file of [csv, json]) {
      for await (const _ of readSection3File(file, context, sink, refuse));
    }
    // Without the refusal, this header is missing its sku column.
    expect(issues).toEqual([issue({ file: csv, line: 2 }, 'this looks like an export')]);
    expect(seen).toEqual([['handle', 'title']]);
    expect(added).toEqual([{ section: 'products', loc: { file: json, path: 'products[0]' } }]);
  });

  it('SECTION_3_SOURCE opens a pass over the files with nothing to close', async () => {
    expect(SECTION_3_SOURCE.name).toBe('jasper');
    const pass = await SECTION_3_SOURCE.open([], context);
    expect(pass.close).toBeUndefined();
    const { sink, issues } = recordingSink();
    for await (const _ of pass.rows('x.xml', sink));
    expect(issues.map((found) => found.message)).toEqual(['cannot read ".xml": catalogs are .csv or .json files']);
  });
});

type Step = { section: Section; row: RowResult<RowValues[Section]>; loc: SourceLocation } | Issue;

/**
 * A source whose rows are given per pass (0: the scan, 1: the re-read, …) and file, so a test
 * can change what the second read finds. Counts the passes it closed.
 */
function scriptedSource(script: (pass: number, file: string) => Step[]) {
  let opened = 0;
  const closed: number[] = [];
  const source: CatalogSource = {
    name: 'scripted',
    open: (_files, _context) => {
      const pass = opened++;
      return Promise.resolve({
        async *rows(file, sink) {
          for (const step of script(pass, file)) {
            if ('section' in step) {
              sink.add(step.section, step.row, step.loc);
              yield;
            } else sink.issue(step);
          }
        },
        close: () => void closed.push(pass),
      });
    },
  };
  return { source, closed };
}

const add = <S extends Section>(section: S, row: RowResult<RowValues[S]>): Step => ({
  section,
  row,
  loc: (row.value as { loc?: SourceLocation }).loc ?? { file: '?' },
});

async function inputFiles<N extends string[]>(...names: N): Promise<{ [K in keyof N]: string }> {
  const files = names.map((name) => join(temp(), name)) as { [K in keyof N]: string };
  for (const file of files) await writeFile(file, 'rows');
  return files;
}

async function drain(files: string[], options: ReadOptions, batchSize: number): Promise<ValidEntry[][]> {
  const scan = await scanCatalog(files, options);
  try {
    const batches: ValidEntry[][] = [];
    for await (const batch of validEntries(files, options, scan, batchSize)) batches.push(batch);
    return batches;
  } finally {
    scan.index.close();
  }
}

async function expectInputError(promise: Promise<unknown>, message: string, name?: string): Promise<void> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error, name).toBeInstanceOf(InputError);
  expect((error as Error).message, name).toBe(message);
}

describe('validEntries against a scripted source', () => {
  it('hands over the valid product and inventory rows only, in batches, with attribute values resolved', async () => {
    const [one, two, three] = await inputFiles('v1.src', 'v2.src', 'v3.src');
    const at = (file: string, line: number) => ({ file, line });
    const { source, closed } = scriptedSource((_pass, file) =>
      file === one
        ? [
            add('options', { value: { name: 'Size', values: [] }, issues: [] }),
            add('products', productRow(at(one, 2), 'A', [], { attributes: [attributeFromText('Country', 'US | CA', undefined)] })),
            add('products', productRow(at(one, 3), 'B', [issue(at(one, 3), 'bad')])),
            add('inventory', stockRow(at(one, 4), 'A', 'Main')),
            add('products', productRow(at(one, 5), 'C', [issue(at(one, 5), 'fine', 'warning')])),
          ]
        : file === two
          ? [add('products', productRow(at(two, 2), 'GONE')), issue({ file: two }, 'broken')]
          : [add('products', productRow(at(three, 2), 'D', [], { attributes: [{ name: 'Country', values: ['MX', 'PE'] }] }))],
    );
    const options: ReadOptions = { kind: 'products', priceBase: 'US', source };
    const batches = await drain([one, two, three], options, 2);
    expect(batches.map((batch) => batch.map((entry) => [entry.section, entry.value.sku]))).toEqual([
      [
        ['products', 'A'],
        ['inventory', 'A'],
      ],
      [
        ['products', 'C'],
        ['products', 'D'],
      ],
    ]);
    expect((batches[0]![0]!.value as ProductInput).attributes).toEqual([{ name: 'Country', type: 'multiselect', values: ['US', 'CA'] }]);
    expect(closed).toEqual([0, 1]);
    expect((await drain([one, three], options, 1)).map((batch) => batch.length)).toEqual([1, 1, 1, 1]);
    expect((await drain([one, three], options, 3)).map((batch) => batch.length)).toEqual([3, 1]);
    expect((await drain([one], options, 3)).map((batch) => batch.length)).toEqual([3]);
  });

  it('yields nothing for a categories push', async () => {
    const [file] = await inputFiles('c.src');
    const { source, closed } = scriptedSource(() => [add('categories', categoryRow({ file: file, line: 2 }, ['A']))]);
    expect(await drain([file], { kind: 'categories', priceBase: 'US', source }, 5)).toEqual([]);
    expect(closed).toEqual([0]);
  });

  it('refuses a batch size that is not a whole number ≥ 1, and files other than the scanned ones', async () => {
    const [file, other] = await inputFiles('r.src', 'other.src');
    const options: ReadOptions = { kind: 'products', priceBase: 'US', source: scriptedSource(() => []).source };
    for (const size of [0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY]) {
      await expect(drain([file], options, size)).rejects.toThrow(new RangeError(`batchSize must be a whole number ≥ 1, not ${size}`));
    }
    expect(await drain([file], options, 1)).toEqual([]);
    const scan = await scanCatalog([file], options);
    try {
      const wrong = async (files: string[]) => {
        for await (const batch of validEntries(files, options, scan, 1)) void batch;
      };
      const message = 'validEntries needs the files the scan read, in the same order';
      await expect(wrong([other])).rejects.toThrow(new Error(message));
      await expect(wrong([file, other])).rejects.toThrow(new Error(message));
      await expect(wrong([])).rejects.toThrow(new Error(message));
    } finally {
      scan.index.close();
    }
  });

  it('stops with an InputError when the second read differs from the scan in any way', async () => {
    const [file] = await inputFiles('changed.src');
    const loc = (line: number) => ({ file: file, line });
    const scanned = [add('products', productRow(loc(2), 'A')), add('products', productRow(loc(3), 'B'))];
    const changed = `${file} changed while it was being pushed; run the push again`;
    const variants: [string, Step[], string][] = [
      ['another SKU', [add('products', productRow(loc(2), 'A')), add('products', productRow(loc(3), 'X'))], changed],
      ['another line', [add('products', productRow(loc(2), 'A')), add('products', productRow(loc(4), 'B'))], changed],
      ['a row more', [...scanned, add('products', productRow(loc(4), 'C'))], changed],
      ['a row less', [add('products', productRow(loc(2), 'A'))], 'the input files changed while they were being pushed; run the push again'],
      ['a new error', [add('products', productRow(loc(2), 'A', [issue(loc(2), 'bad')])), scanned[1]!], changed],
      ['a file error', [...scanned, issue({ file: file }, 'broken')], changed],
    ];
    for (const [name, second, message] of variants) {
      const { source, closed } = scriptedSource((pass) => (pass === 0 ? scanned : second));
      await expectInputError(drain([file], { kind: 'products', priceBase: 'US', source }, 10), message, name);
      expect(closed, name).toEqual([0, 1]);
    }
    // A warning on the second read is no change.
    const { source } = scriptedSource((pass) => (pass === 0 ? scanned : [...scanned, issue({ file: file }, 'hm', 'warning')]));
    expect((await drain([file], { kind: 'products', priceBase: 'US', source }, 10)).flat().map((entry) => entry.value.sku)).toEqual(['A', 'B']);
  });

  it('stops with an InputError when a readable file is gone before the second read', async () => {
    const file = join(temp(), 'never-there.src');
    const { source } = scriptedSource(() => [add('products', productRow({ file, line: 2 }, 'A'))]);
    const options: ReadOptions = { kind: 'products', priceBase: 'US', source };
    await expectInputError(drain([file], options, 10), `${file} changed while it was being pushed; run the push again`);
  });

  it('stops with an InputError when a file that was missing before the scan is there for the second read', async () => {
    const file = join(temp(), 'late.src');
    const { source } = scriptedSource((pass) => {
      if (pass === 0) writeFileSync(file, 'now here');
      return [add('products', productRow({ file, line: 2 }, 'A'))];
    });
    await expectInputError(drain([file], { kind: 'products', priceBase: 'US', source }, 10), `${file} changed while it was being pushed; run the push again`);
  });

  it('agrees with readCatalog on the same scripted rows', async () => {
    const [file] = await inputFiles('same.src');
    const loc = (line: number) => ({ file: file, line });
    const { source } = scriptedSource(() => [
      add('products', productRow(loc(2), 'A')),
      add('products', productRow(loc(3), 'A')),
      add('inventory', stockRow(loc(4), 'A', 'Main')),
    ]);
    const options: ReadOptions = { kind: 'products', priceBase: 'US', source };
    const read = await readCatalog([file], options);
    expect(read.rejected.map((row) => row.loc)).toEqual([loc(3)]);
    expect((await drain([file], options, 10)).flat().map((entry) => entry.value)).toEqual([...read.catalog.products, ...read.catalog.inventory]);
  });
});
