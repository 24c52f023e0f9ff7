// The sandbox's DELETE routes: each answers as the reference shows, takes what belongs to it
// along, and refuses (422) while something still uses it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type SandboxHandle } from '../src/sandbox/index.js';
import { client } from './sandbox-helpers.js';

let sb: SandboxHandle;
beforeAll(async () => {
  sb = await startSandbox({ seed: 3 });
});
afterAll(() => sb.close());
const { get, post, put, del, product } = client(() => sb);

describe('sandbox: deletes', () => {
  it('deletes a product with its own rows and the links to it; refuses while it has variants', async () => {
    const category = (await post('/categories', { name: 'Del' })).body.category;
    const type = (await post('/product-relation-types', { name: 'Del-Accessories' })).body.product_relation_type;
    const parent = await product('DEL-P', { category_ids: [category.id] });
    const size = (await post('/options', { name: 'Del-Size' })).body.option;
    const medium = (await post(`/options/${size.id}/values`, { value: 'M' })).body.value_value;
    const child = await product('DEL-C', { parent_id: parent.id, option_values: [{ option_id: size.id, option_value_id: medium.id }] });
    const other = await product('DEL-O');
    await post(`/products/${parent.id}/prices`, { base: 'US', msrp: 5 });
    await post(`/products/${parent.id}/inventory`, { location: 'Main', count_on_hand: 1 });
    await post(`/products/${parent.id}/assets`, { image_url: 'https://img.example/a.jpg' });
    await post(`/products/${parent.id}/barcodes`, { type: 'UPC-A', barcode: '123456789012' });
    await post(`/products/${other.id}/relations/${parent.id}/type/${type.id}`);

    const refused = await del(`/products/${parent.id}`);
    expect(refused.status).toBe(422);
    expect(refused.body.errors.id[0]).toMatch(/variants/);
    expect((await del(`/products/${child.id}`)).body).toEqual({ message: 'Deleted.' });
    const gone = await del(`/products/${parent.id}`);
    expect(gone.status).toBe(200);
    expect(gone.body).toEqual({ message: 'Deleted.' });
    expect((await get(`/products/${parent.id}`)).status).toBe(404);
    expect((await get('/products/sku/DEL-P')).status).toBe(404);
    expect((await get(`/products/${other.id}/relations`)).body.product_relations).toEqual({});
    expect((await del(`/products/${parent.id}`)).status).toBe(404);
    // The SKU is free again.
    expect((await post('/products', { sku: 'DEL-P', name: 'again' })).status).toBe(201);
  });

  it('deletes a category only without subcategories, and unassigns it from products', async () => {
    const root = (await post('/categories', { name: 'Root-D' })).body.category;
    const leaf = (await post('/categories', { name: 'Leaf-D', parent_id: root.id })).body.category;
    const p = await product('CAT-D', { category_ids: [leaf.id] });
    expect((await del(`/categories/${root.id}`)).status).toBe(422);
    expect((await del(`/categories/${leaf.id}`)).body).toEqual({ message: 'Deleted.' });
    expect((await get(`/products/${p.id}`)).body.product.categories).toEqual([]);
    expect((await del(`/categories/${root.id}`)).status).toBe(200);
    expect((await get(`/categories/${root.id}`)).status).toBe(404);
  });

  it('deletes options, values and option sets once no product uses them', async () => {
    const option = (await post('/options', { name: 'Size-D' })).body.option;
    const small = (await post(`/options/${option.id}/values`, { value: 'S' })).body.value_value;
    const large = (await post(`/options/${option.id}/values`, { value: 'L' })).body.value_value;
    const set = (await post('/option_sets', { name: 'Set-D' })).body['option set'];
    await post(`/option_sets/${set.id}/options`, { option_id: option.id });
    const p = await product('OPT-D', { option_set_id: set.id, option_values: [{ option_id: option.id, option_value_id: small.id }] });

    expect((await del(`/options/${option.id}/values/${large.id}`)).status).toBe(200);
    expect((await del(`/options/${option.id}/values/${small.id}`)).status).toBe(422);
    expect((await del(`/options/${option.id}`)).status).toBe(422);
    expect((await del(`/option_sets/${set.id}`)).status).toBe(422);
    await put(`/products/${p.id}`, { option_values: [], option_set_id: null });
    expect((await del(`/option_sets/${set.id}/options/${option.id}`)).body).toEqual({ message: 'Deleted.' });
    expect((await get(`/option_sets/${set.id}/options`)).body.option_set_options).toEqual([]);
    expect((await del(`/option_sets/${set.id}`)).body).toEqual({ message: 'Deleted.' });
    expect((await del(`/options/${option.id}/values/${small.id}`)).status).toBe(200);
    expect((await del(`/options/${option.id}`)).body).toEqual({ message: 'Deleted.' });
    expect((await get(`/options/${option.id}`)).status).toBe(404);
  });

  it('deletes attribute values, type values and attributes once no product holds them', async () => {
    const attribute = (await post('/attributes', { name: 'Country-D', type: 'multiselect' })).body.attribute;
    const usa = (await post(`/attributes/${attribute.id}/type_values`, { value: 'USA' })).body.attribute_type_value;
    const p = await product('ATTR-D');
    await put(`/products/${p.id}/attributes`, [{ attribute_id: attribute.id, version_id: 0, values: [{ value: 'USA' }] }]);
    expect((await del(`/attributes/${attribute.id}/type_values/${usa.id}`)).status).toBe(422);
    expect((await del(`/attributes/${attribute.id}`)).status).toBe(422);
    const held = (await get(`/products/${p.id}/attributes`)).body.product_attributes[0];
    const valueId = held.values[0].id;
    expect((await del(`/products/${p.id}/attributes/${attribute.id}/values/${valueId}`)).body).toEqual({ message: 'Deleted.' });
    expect((await del(`/products/${p.id}/attributes/${attribute.id}/values/${valueId}`)).status).toBe(404);
    expect((await del(`/attributes/${attribute.id}/type_values/${usa.id}`)).status).toBe(200);
    expect((await del(`/attributes/${attribute.id}`)).body).toEqual({ message: 'Deleted.' });
    expect((await get(`/attributes/${attribute.id}`)).status).toBe(404);
  });

  it('deletes a relation type once no link uses it, and an inventory row', async () => {
    const type = (await post('/product-relation-types', { name: 'Del-Upsell' })).body.product_relation_type;
    const a = await product('REL-DA');
    const b = await product('REL-DB');
    await post(`/products/${a.id}/relations/${b.id}/type/${type.id}`);
    expect((await del(`/product-relation-types/${type.id}`)).status).toBe(422);
    await del(`/products/${a.id}/relations/${b.id}/type/${type.id}`);
    expect((await del(`/product-relation-types/${type.id}`)).body).toEqual({ message: 'Deleted.' });
    const row = (await post(`/products/${a.id}/inventory`, { location: 'Main', count_on_hand: 2 })).body.product_inventory;
    expect((await del(`/products/${a.id}/inventory/${row.id}`)).body).toEqual({ message: 'Deleted.' });
    expect((await get(`/products/${a.id}/inventory`)).body.product_inventory).toEqual([]);
  });
});
