import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type SandboxHandle } from '../src/sandbox/index.js';
import { client } from './sandbox-helpers.js';

let sb: SandboxHandle;
beforeAll(async () => {
  sb = await startSandbox({ seed: 2 });
});
afterAll(() => sb.close());
const { get, post, put, del, product } = client(() => sb);

describe('sandbox: product sub-resources', () => {
  it('validates prices and stores duplicates as separate rows', async () => {
    const p = await product('PRICE-1');
    const noBase = await post(`/products/${p.id}/prices`, { msrp: 10 });
    expect(noBase.body.errors).toEqual({ base: ['The base field is required.'] });
    const noAmount = await post(`/products/${p.id}/prices`, { base: 'US' });
    expect(noAmount.status).toBe(422);
    expect(noAmount.body.errors.msrp[0]).toMatch(/at least one value for msrp, cost, map or sell_price/);
    expect((await post(`/products/${p.id}/prices`, { base: 'US', msrp: 'abc' })).body.errors.msrp).toEqual(['The msrp must be a number.']);
    const a = await post(`/products/${p.id}/prices`, { base: 'US', msrp: '19.99', cost: 8 });
    expect(a.status).toBe(201);
    expect(a.body.product_price).toMatchObject({ product_id: p.id, base: 'US', msrp: 19.99, cost: 8, map: null });
    await post(`/products/${p.id}/prices`, { base: 'US', msrp: 19.99 });
    expect((await get(`/products/${p.id}/prices`)).body.product_prices).toHaveLength(2);
    const updated = await put(`/products/${p.id}/prices/${a.body.product_price.id}`, { sell_price: 15 });
    expect(updated.body.product_price).toMatchObject({ msrp: 19.99, sell_price: 15 });
    expect((await get(`/products/${p.id}/prices/${a.body.product_price.id}`)).body.product_price.sell_price).toBe(15);
  });

  it('creates inventory by location name and validates count_on_hand', async () => {
    const p = await product('INV-1');
    const r = await post(`/products/${p.id}/inventory`, { location: 'Main', count_on_hand: '5', bin: 'A1' });
    expect(r.status).toBe(201);
    expect(r.body.product_inventory).toMatchObject({ product_id: p.id, location: 'Main', count_on_hand: 5, bin: 'A1' });
    expect((await post(`/products/${p.id}/inventory`, { location: 'Main', count_on_hand: -1 })).body.errors).toEqual({
      count_on_hand: ['The count on hand must be at least 0.'],
    });
    const upd = await put(`/products/${p.id}/inventory/${r.body.product_inventory.id}`, { count_on_hand: 7 });
    expect(upd.body.product_inventory.count_on_hand).toBe(7);
    expect((await get(`/products/${p.id}/inventory`)).body.product_inventory).toHaveLength(1);
  });

  it('replaces named attribute values with the collection PUT and checks select values', async () => {
    const p = await product('ATTR-1');
    const material = (await post('/attributes', { name: 'Material', type: 'text' })).body.attribute;
    const fit = (await post('/attributes', { name: 'Fit type', type: 'selectbox' })).body.attribute;
    await post(`/attributes/${fit.id}/type_values`, { value: 'Slim' });
    await post(`/attributes/${fit.id}/type_values`, { value: 'Loose' });
    const first = await put(`/products/${p.id}/attributes`, [
      { attribute_id: material.id, version_id: 0, values: [{ value: 'Cotton' }] },
      { attribute_id: fit.id, version_id: 0, values: [{ value: 'Slim' }] },
    ]);
    expect(first.status).toBe(200);
    expect(first.body.products_attributes).toHaveLength(2);
    const second = await put(`/products/${p.id}/attributes`, [{ attribute_id: material.id, values: [{ value: 'Linen' }] }]);
    expect(second.body.products_attributes).toEqual([
      expect.objectContaining({ attribute_id: material.id, name: 'Material', values: [expect.objectContaining({ value: 'Linen' })] }),
    ]);
    const listed = (await get(`/products/${p.id}/attributes`)).body.product_attributes;
    expect(listed.map((a: any) => [a.name, a.values.map((v: any) => v.value)])).toEqual([
      ['Material', ['Linen']],
      ['Fit type', ['Slim']],
    ]);
    const bad = await put(`/products/${p.id}/attributes`, [
      { attribute_id: fit.id, values: [{ value: 'Baggy' }] },
      { attribute_id: 99999, values: [] },
    ]);
    expect(Object.keys(bad.body.errors).sort()).toEqual(['0.values.0.value', '1.attribute_id']);
    const two = await put(`/products/${p.id}/attributes`, [{ attribute_id: fit.id, values: [{ value: 'Slim' }, { value: 'Loose' }] }]);
    expect(two.body.errors).toHaveProperty(['0.values']);
    expect((await put(`/products/${p.id}/attributes`, { attribute_id: fit.id })).status).toBe(422);
    const single = await post(`/products/${p.id}/attributes`, { attribute_id: material.id, values: [{ value: 'Wool' }] });
    expect(single.status).toBe(201);
    expect(single.body.products_attributes.values.map((v: any) => v.value)).toEqual(['Linen', 'Wool']);
  });

  it('stores a category assigned twice as two assignments', async () => {
    const p = await product('PC-1');
    const cat = (await post('/categories', { name: 'Twice' })).body.category;
    const r = await post(`/products/${p.id}/categories`, { category_id: String(cat.id) });
    expect(r).toMatchObject({ status: 201, body: { product_categories: { id: cat.id, name: 'Twice' } } });
    await post(`/products/${p.id}/categories`, { category_id: cat.id });
    expect((await get(`/products/${p.id}/categories`)).body.product_categories).toHaveLength(2);
    expect((await post(`/products/${p.id}/categories`, { category_id: 99999 })).status).toBe(422);
  });

  it('stores a relation posted twice and groups relations by type name', async () => {
    const a = await product('REL-A');
    const b = await product('REL-B');
    const type = (await post('/product-relation-types', { name: 'Cross-sell' })).body.product_relation_type;
    const first = await post(`/products/${a.id}/relations/${b.id}/type/${type.id}`);
    expect(first).toMatchObject({ status: 201, body: { product_relations: { 'Cross-sell': [{ id: b.id, sku: 'REL-B' }] } } });
    await post(`/products/${a.id}/relations/${b.id}/type/${type.id}`);
    expect((await get(`/products/${a.id}/relations`)).body.product_relations['Cross-sell']).toHaveLength(2);
    expect((await get(`/products/${a.id}/relations/type/${type.id}`)).body.product_relations['Cross-sell']).toHaveLength(2);
    expect((await get(`/products/${a.id}`)).body.product.related_products[0]).toEqual({
      relation_type_id: type.id,
      relation_type: 'Cross-sell',
      id: b.id,
      sku: 'REL-B',
      name: b.name,
    });
    expect((await post(`/products/${a.id}/relations/${a.id}/type/${type.id}`)).status).toBe(422);
    expect((await post(`/products/${a.id}/relations/${b.id}/type/99999`)).body.message).toBe('Product relation type not found.');
    expect((await del(`/products/${a.id}/relations/${b.id}/type/${type.id}`)).status).toBe(200);
    expect((await get(`/products/${a.id}/relations`)).body.product_relations).toEqual({});
  });
});
