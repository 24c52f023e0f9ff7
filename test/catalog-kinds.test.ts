import { describe, expect, it } from 'vitest';
import { bad, expectIssues, good, read, skus } from './catalog-helpers.js';

describe('categories and inventory CSV', () => {
  it('reads categories with trimmed path levels', async () => {
    const file = good('categories.csv');
    const result = await read('categories', file);
    expect(result.issues).toEqual([]);
    expect(result.catalog.categories).toEqual([
      {
        loc: { file, line: 2 },
        path: ['Apparel'],
        desc: 'All apparel',
        slug: 'apparel',
        is_visible: true,
        seo_meta_title: 'Apparel',
        seo_meta_desc: 'Clothes for all',
        seo_meta_keywords: 'apparel,clothes',
        search_keywords: 'clothes',
      },
      { loc: { file, line: 3 }, path: ['Apparel', 'Shirts'], desc: 'Shirts', is_visible: false },
    ]);
  });

  it('reports category errors', async () => {
    const duplicate = bad('categories-duplicate-path.csv');
    expectIssues(await read('categories', duplicate), [
      { severity: 'error', at: `${duplicate}:4`, column: 'path', message: `duplicate category path "Apparel > Shirts": first at ${duplicate}:2` },
    ]);
    const emptyLevel = bad('categories-empty-level.csv');
    expectIssues(await read('categories', emptyLevel), [
      { severity: 'error', at: `${emptyLevel}:2`, column: 'path', message: 'has an empty level' },
      { severity: 'error', at: `${emptyLevel}:3`, column: 'path', message: 'has an empty level' },
    ]);
    const missing = bad('categories-missing-path.csv');
    expectIssues(await read('categories', missing), [
      { severity: 'warning', at: `${missing}:1`, column: 'name', message: 'unknown column "name" is ignored' },
      { severity: 'error', at: `${missing}:1`, message: 'missing column "path"' },
    ]);
    const visible = bad('categories-bad-visible.csv');
    expectIssues(await read('categories', visible), [{ severity: 'error', at: `${visible}:2`, column: 'is_visible', message: '"perhaps" is not a boolean' }]);
  });

  it('reads inventory rows', async () => {
    const file = good('inventory.csv');
    const result = await read('inventory', file);
    expect(result.issues).toEqual([]);
    expect(result.catalog.inventory).toEqual([
      { loc: { file, line: 2 }, sku: 'TEE-1', location: 'Main', count_on_hand: 7, site: 'HQ', bin: 'A-1', type: 'stock', count_on_hold: 2, source: 'erp' },
      { loc: { file, line: 3 }, sku: 'TEE-1', location: 'Warehouse 2', count_on_hand: 0 },
    ]);
  });

  it('reports inventory errors', async () => {
    const duplicate = bad('inventory-duplicate.csv');
    expectIssues(await read('inventory', duplicate), [
      { severity: 'error', at: `${duplicate}:4`, message: `SKU "A-1" at location "Main" is also set at ${duplicate}:2` },
    ]);
    const missing = bad('inventory-missing-columns.csv');
    expectIssues(await read('inventory', missing), [
      { severity: 'warning', at: `${missing}:1`, column: 'count', message: 'unknown column "count"' },
      { severity: 'error', at: `${missing}:1`, message: 'missing column "location"' },
      { severity: 'error', at: `${missing}:1`, message: 'missing column "count_on_hand"' },
    ]);
    const negative = bad('inventory-negative.csv');
    expectIssues(await read('inventory', negative), [
      { severity: 'error', at: `${negative}:2`, column: 'count_on_hand', message: '"-3" is not a whole number ≥ 0' },
      { severity: 'error', at: `${negative}:3`, column: 'count_on_hand', message: '"2.5" is not a whole number ≥ 0' },
      { severity: 'error', at: `${negative}:4`, column: 'count_on_hand', message: 'count_on_hand is empty' },
    ]);
  });
});

describe('JSON catalog', () => {
  it('flattens variants right after their parent and reads every section', async () => {
    const file = good('catalog.json');
    const result = await read('products', file);
    expect(result.issues).toEqual([]);
    expect(result.rowCount).toBe(6);
    const { catalog } = result;
    expect(catalog.categories).toEqual([{ loc: { file, path: 'categories[0]' }, path: ['Apparel', 'Shirts'], desc: 'Shirts', is_visible: true }]);
    expect(catalog.options).toEqual([{ name: 'Size', values: ['S', 'M', 'L'] }]);
    expect(catalog.attributes).toEqual([{ name: 'Country', type: 'multiselect', values: ['USA', 'Canada'] }]);
    expect(catalog.products.map((p) => [p.loc.path, p.sku, p.parentSku])).toEqual([
      ['products[0]', 'TEE-1', undefined],
      ['products[0].variants[0]', 'TEE-1-M', 'TEE-1'],
      ['products[0].variants[1]', 'TEE-1-L', 'TEE-1'],
      ['products[1]', 'CAP-1', undefined],
    ]);
    expect(catalog.products[0]).toMatchObject({
      categories: [['Apparel', 'Shirts']],
      prices: [{ base: 'US', msrp: 20, cost: 8 }],
      attributes: [
        { name: 'Material', values: ['Cotton'] },
        { name: 'Country', type: 'multiselect', values: ['USA'] },
      ],
      inventory: [{ location: 'Main', count_on_hand: 5 }],
      related: [{ type: 'Accessories', skus: ['CAP-1'] }],
    });
    expect(catalog.products[1]).toMatchObject({ options: [{ name: 'Size', value: 'M' }], inventory: [{ location: 'Main', count_on_hand: 2 }] });
    expect(catalog.products[2]?.prices).toEqual([{ base: 'US', msrp: 22 }]);
    // A declared multiselect given as one string is split like a CSV cell.
    expect(catalog.products[3]?.attributes).toEqual([{ name: 'Country', type: 'multiselect', values: ['USA', 'Canada'] }]);
    expect(catalog.inventory).toEqual([{ loc: { file, path: 'inventory[0]' }, sku: 'TEE-1', location: 'Warehouse 2', count_on_hand: 7 }]);
  });

  it('reads only the section of the kind being pushed', async () => {
    const file = good('catalog.json');
    const result = await read('categories', file);
    expect(result.catalog.categories).toHaveLength(1);
    expect(result.catalog.products).toEqual([]);
    expect(result.issues.map((issue) => issue.message)).toContain('section "products" is ignored when pushing categories');
  });

  it('reports a syntax error at its line, with or without a position in the parser message', async () => {
    const file = bad('json-syntax-error.json');
    expectIssues(await read('products', file), [
      { severity: 'error', at: `${file}:4`, message: "JSON syntax error: Expected ',' or '}' after property value (column 20)" },
    ]);
    const token = bad('json-syntax-unexpected-token.json');
    expectIssues(await read('products', token), [{ severity: 'error', at: `${token}:3`, message: "JSON syntax error: Unexpected token '}' (column 29)" }]);
  });

  it('requires an object at the top level and arrays for sections', async () => {
    const file = bad('json-top-level-array.json');
    expectIssues(await read('products', file), [{ severity: 'error', at: file, message: 'the top level must be an object with "products", "categories"' }]);
    const section = bad('json-section-not-array.json');
    expectIssues(await read('products', section), [{ severity: 'error', at: `${section}: products`, message: 'must be an array, not an object' }]);
  });

  it('reports wrong types with the JSON path and field', async () => {
    const file = bad('json-wrong-types.json');
    const result = await read('products', file);
    const at = (path: string): string => `${file}: ${path}`;
    expectIssues(result, [
      { severity: 'error', at: at('attributes[0]'), column: 'type', message: 'unknown attribute type "checkbox"' },
      { severity: 'error', at: at('products[0]'), column: 'name', message: 'must be a string, not a number' },
      { severity: 'error', at: at('products[0]'), column: 'prices', message: 'must be an array, not an object' },
      { severity: 'error', at: at('products[1]'), column: 'enabled', message: 'must be true or false, not a string' },
      { severity: 'error', at: at('products[1]'), column: 'prices[0].msrp', message: 'must be a number, not a string' },
      { severity: 'error', at: at('products[1]'), column: 'prices[1].base', message: 'a price needs a base' },
      { severity: 'error', at: at('products[1]'), column: 'attributes.Material', message: 'must be a string or an array of strings' },
      { severity: 'error', at: at('products[1]'), column: 'inventory[0].count_on_hand', message: 'must be a number, not a string' },
      { severity: 'error', at: at('products[2]'), column: 'sku', message: 'must be a string, not a number' },
      { severity: 'error', at: at('products[3].variants[0]'), column: 'options', message: 'a variant needs at least one option value' },
      { severity: 'error', at: at('products[3].variants[1]'), column: 'variants', message: 'a variant cannot have variants' },
      { severity: 'error', at: at('inventory[0]'), column: 'count_on_hand', message: '-1 is not a whole number ≥ 0' },
    ]);
    expect(skus(result)).toEqual(['A-3']);
  });
});
