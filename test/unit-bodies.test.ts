// What a write sends and what the change cache compares (SPEC §4): only documented properties,
// never where a row came from; a variant's option values as a set.
import { describe, expect, it } from 'vitest';
import { emptyProduct } from '../src/catalog/row-issues.js';
import { type Catalog, emptyCatalog, type InventoryRowInput, type ProductInput } from '../src/catalog/types.js';
import { inventoryBody, priceBody, productFields } from '../src/plan/bodies.js';
import { DesiredBuilder, variantOptionsOf } from '../src/plan/desired.js';
import { fieldHashes } from '../src/plan/field-hash.js';
import { compareProduct, inventoryHash, productHash } from '../src/plan/keys.js';
import { NOTHING_READ, plan } from './helpers/planning.js';

const stockRow = (file: string, line: number): InventoryRowInput => ({ loc: { file, line }, sku: 'TEE', location: 'Main', count_on_hand: 316, bin: 'A-1' });

/** The product a relation-mode push would plan for a variant with these option values, through the production builder. */
function plannedVariant(...options: [name: string, value: string][]) {
  const input: ProductInput = {
    ...emptyProduct({ file: 'p.csv', line: 3 }, 'TEE-M'),
    name: 'Tee M',
    parentSku: 'TEE',
    options: options.map(([name, value]) => ({ name, value })),
  };
  const catalog: Catalog = { ...emptyCatalog(), products: [input] };
  return new DesiredBuilder(catalog, variantOptionsOf(catalog.products), 'relation').product(input);
}

describe('bodies', () => {
  it('an inventory row sends its documented fields only: no file, line or SKU', () => {
    expect(inventoryBody(stockRow('y/inventory.csv', 2))).toEqual({ location: 'Main', count_on_hand: 316, bin: 'A-1' });
  });

  it('a price and a product send their documented fields only', () => {
    expect(priceBody({ base: 'US', msrp: 20, extra: 1 } as never)).toEqual({ base: 'US', msrp: 20 });
    expect(productFields(' ', { desc_short: 'Soft', enabled: true, loc: 'x' })).toEqual({ desc_short: 'Soft', enabled: true });
    expect(productFields('Tee', {})).toEqual({ name: 'Tee' });
  });

  it('the planned inventory task of a push inventory row carries no internal field', async () => {
    const catalog: Catalog = { ...emptyCatalog(), inventory: [stockRow('inventory.csv', 2)] };
    const remote = { ...NOTHING_READ, products: new Map([['TEE', { id: 6, sku: 'TEE', inventory: [{ id: 1, location: 'Main', count_on_hand: 1 }] }]]) };
    const update = await plan(catalog, remote, { kind: 'inventory' });
    const task = update.tasks.find((candidate) => candidate.entity === 'inventory')!;
    expect(task.action).toBe('update');
    expect(task.payload).toMatchObject({ body: { location: 'Main', count_on_hand: 316, bin: 'A-1' } });
    expect(Object.keys((task.payload as { body: object }).body).sort()).toEqual(['bin', 'count_on_hand', 'location']);
  });
});

describe('change cache hashes', () => {
  it('an inventory row hashes the same from any file and line', () => {
    expect(inventoryHash(stockRow('x/inventory.csv', 2))).toBe(inventoryHash(stockRow('2026-12-03/stock.csv', 40)));
    expect(inventoryHash(stockRow('x/inventory.csv', 2))).toBe(inventoryHash({ location: 'main', count_on_hand: 316, bin: 'A-1' }));
  });

  it("a variant's option values hash as a set, whatever the column order", () => {
    const sizeFirst = plannedVariant(['Size', 'M'], ['Color', 'Red']);
    const colorFirst = plannedVariant(['Color', 'Red'], ['Size', 'M']);
    expect(productHash(sizeFirst, 'relation')).toBe(productHash(colorFirst, 'relation'));
    const other = plannedVariant(['Color', 'Red'], ['Size', 'L']);
    expect(productHash(other, 'relation')).not.toBe(productHash(sizeFirst, 'relation'));
  });

  it('a cache holding option values in column order (earlier versions) is unchanged, and moves to the set form', () => {
    const product = plannedVariant(['Size', 'M'], ['Color', 'Red']);
    const columnOrder = fieldHashes({ ...product.body, __options: product.options });
    expect(columnOrder).not.toBe(productHash(product, 'relation'));
    expect(compareProduct(columnOrder, product, 'relation')).toEqual({ same: true, hash: productHash(product, 'relation') });
    const changed = fieldHashes({ ...product.body, name: 'Old name', __options: product.options });
    expect(compareProduct(changed, product, 'relation').same).toBe(false);
  });
});
