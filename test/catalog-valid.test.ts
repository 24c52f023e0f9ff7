import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../src/errors.js';
import { formatIssue, loadColumnMap, readCatalog, readCsvRecords, type Issue } from '../src/catalog/index.js';
import { bad, good, read, skus, useTempDir } from './catalog-helpers.js';

const temp = useTempDir();

describe('products CSV: valid input becomes the catalog model', () => {
  it('reads every kind of column from a BOM + CRLF file with the lines where rows start', async () => {
    const file = good('products-bom-crlf.csv');
    const result = await read('products', file);
    expect(result.issues).toEqual([]);
    expect(result.rowCount).toBe(4);
    const [tee, medium, large, cap] = result.catalog.products;
    expect(tee).toEqual({
      loc: { file, line: 2 },
      sku: 'TEE-1',
      name: 'Tee',
      options: [],
      categories: [['Apparel', 'Shirts'], ['Sale']],
      fields: { enabled: true, is_visible: true, desc_short: 'Soft tee', desc_long: 'Line one\r\nLine two\r\nLine three' },
      prices: [
        { base: 'US', msrp: 20, cost: 8 },
        { base: 'CA', msrp: 25 },
      ],
      attributes: [
        { name: 'Country', type: 'multiselect', values: ['USA', 'Canada'] },
        { name: 'Material', values: ['Cotton'] },
      ],
      inventory: [
        { location: 'Main', count_on_hand: 5 },
        { location: 'Warehouse 2', count_on_hand: 0 },
      ],
      related: [{ type: 'Accessories', skus: ['CAP-1'] }],
    });
    expect(medium).toMatchObject({ loc: { line: 5 }, sku: 'TEE-1-M', parentSku: 'TEE-1', options: [{ name: 'Size', value: 'M' }] });
    expect(large).toMatchObject({ loc: { line: 7 }, fields: { enabled: false, is_visible: false }, prices: [{ base: 'US', msrp: 20.5 }] });
    expect(cap).toMatchObject({
      loc: { line: 8 },
      name: 'Cap "Classic"',
      attributes: [
        { name: 'Country', type: 'multiselect', values: ['Canada'] },
        // Not a multiselect: the cell is kept whole.
        { name: 'Material', values: ['Wool | Felt'] },
      ],
    });
  });

  it('uses --price-base for the shorthand price columns', async () => {
    const result = await readCatalog([good('products-bom-crlf.csv')], { kind: 'products', priceBase: 'EU' });
    expect(result.catalog.products[0]?.prices).toEqual([
      { base: 'EU', msrp: 20, cost: 8 },
      { base: 'CA', msrp: 25 },
    ]);
  });

  it('renames headers with --map before reading them', async () => {
    const columnMap = await loadColumnMap(good('column-map.json'));
    const result = await readCatalog([good('products-mapped.csv')], { kind: 'products', priceBase: 'US', columnMap });
    expect(result.issues).toEqual([]);
    expect(result.catalog.products[0]).toMatchObject({
      sku: 'ABC-1',
      name: 'Mapped product',
      prices: [{ base: 'US', msrp: 9.99 }],
      attributes: [{ name: 'Color', values: ['Blue'] }],
    });
  });

  it('explains a --map file that is not valid JSON or not an object of strings', async () => {
    const broken = join(temp(), 'broken-map.json');
    await writeFile(broken, '{ "A": "sku",\n  "B" }');
    await expect(loadColumnMap(broken)).rejects.toThrow(`the --map file ${broken} is not valid JSON (line 2`);
    const wrongShape = join(temp(), 'array-map.json');
    await writeFile(wrongShape, '["sku"]');
    await expect(loadColumnMap(wrongShape)).rejects.toThrow(`the --map file ${wrongShape} is not usable`);
    const wrongValue = join(temp(), 'number-map.json');
    await writeFile(wrongValue, '{ "A": 3 }');
    await expect(loadColumnMap(wrongValue)).rejects.toThrow(wrongValue);
  });

  it('reads several files into one catalog, in file order', async () => {
    const result = await read('products', good('products-bom-crlf.csv'), good('products-second-file.csv'));
    expect(result.issues).toEqual([]);
    expect(skus(result)).toEqual(['TEE-1', 'TEE-1-M', 'TEE-1-L', 'CAP-1', 'SOCK-1']);
    expect(result.catalog.products[4]?.loc).toEqual({ file: good('products-second-file.csv'), line: 2 });
  });

  it('ignores _ columns, so a failures file can be pushed back as it is', async () => {
    const result = await read('products', good('failures-pushback.csv'));
    expect(result.issues).toEqual([]);
    expect(result.catalog.products).toMatchObject([{ sku: 'TEE-9', name: 'Retry me', prices: [{ base: 'US', msrp: 10 }] }]);
  });
});

describe('readCsvRecords', () => {
  it('streams records with their start line and the normalised header', async () => {
    const records = [];
    for await (const record of readCsvRecords(good('products-bom-crlf.csv'))) records.push(record);
    expect(records.map((r) => r.line)).toEqual([2, 5, 7, 8]);
    expect(records[0]?.header.slice(0, 5)).toEqual(['sku', 'name', 'parent_sku', 'option:Size', 'categories']);
    expect(records[0]?.header).toContain('attr:Country[multiselect]');
    expect(records[0]?.cells[0]).toBe('TEE-1');
  });

  it('applies --map renames to the header it yields', async () => {
    const columnMap = await loadColumnMap(good('column-map.json'));
    const headers = [];
    for await (const record of readCsvRecords(good('products-mapped.csv'), { columnMap })) headers.push(record.header);
    expect(headers).toEqual([['sku', 'name', 'msrp', 'attr:Color']]);
  });

  it('hands a problem that stops the file to onIssue, or throws an InputError without one', async () => {
    const file = bad('invalid-utf8.csv');
    const issues: Issue[] = [];
    const lines = [];
    for await (const record of readCsvRecords(file, { onIssue: (issue) => issues.push(issue) })) lines.push(record.line);
    // The whole file is one chunk: its bad byte stops it before any record is handed out.
    expect(lines).toEqual([]);
    expect(issues.map(formatIssue)).toEqual([`${file}:3: invalid UTF-8: save the file with UTF-8 encoding`]);
    const drain = async (): Promise<void> => {
      for await (const record of readCsvRecords(file)) void record;
    };
    await expect(drain()).rejects.toBeInstanceOf(InputError);
  });
});
