import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type SandboxHandle } from '../src/sandbox/index.js';
import { call, client } from './sandbox-helpers.js';

let sb: SandboxHandle;
beforeAll(async () => {
  sb = await startSandbox({ seed: 1 });
});
afterAll(() => sb.close());
const { get, post, put, del, product } = client(() => sb);

describe('sandbox: auth, ping and errors', () => {
  it('answers 401 Unauthenticated without a key, with a wrong key, and after revoking', async () => {
    expect(await call(sb, 'GET', '/ping', undefined, { key: null })).toMatchObject({ status: 401, body: { message: 'Unauthenticated.' } });
    expect((await call(sb, 'GET', '/categories', undefined, { key: 'nope' })).status).toBe(401);
    sb.addKey('second-key');
    expect((await call(sb, 'GET', '/ping', undefined, { key: 'second-key' })).status).toBe(200);
    sb.revokeKey('second-key');
    expect((await call(sb, 'GET', '/ping', undefined, { key: 'second-key' })).status).toBe(401);
  });

  it('answers ping with the date-style time and a Date header', async () => {
    const r = await get('/ping');
    expect(r.status).toBe(200);
    expect(r.body.time).toMatch(/^(Sun|Mon|Tue|Wed|Thu|Fri|Sat) [A-Z][a-z]{2} \d{1,2} \d\d:\d\d:\d\d UTC \d{4}$/);
    expect(r.headers.get('date')).toBeTruthy();
  });

  it('answers 404 for unknown routes and ids, 405 for a wrong method, 400 for bad JSON', async () => {
    expect(await get('/nothing-here')).toMatchObject({ status: 404, body: { message: 'Not found.' } });
    expect(await get('/products/999999')).toMatchObject({ status: 404, body: { message: 'Product not found.' } });
    expect(await get('/categories/abc')).toMatchObject({ status: 404, body: { message: 'Category not found.' } });
    const p = await product('ERR-1');
    const price = await post(`/products/${p.id}/prices`, { base: 'US', msrp: 1 });
    const noDelete = await del(`/products/${p.id}/prices/${price.body.product_price.id}`);
    expect(noDelete.status).toBe(405);
    expect(noDelete.headers.get('allow')).toBe('GET, PUT');
    expect(await post('/categories', '{"name": ')).toMatchObject({ status: 400, body: { message: 'Malformed JSON body.' } });
  });
});

describe('sandbox: reference envelopes', () => {
  it('serves categories as a tree and rejects an unknown parent', async () => {
    const root = await post('/categories', { name: 'Apparel', parent_id: 0 });
    expect(root.status).toBe(201);
    expect(root.body.category).toMatchObject({ name: 'Apparel', parent_id: null, is_visible: true, attribute_sets: [] });
    const child = await post('/categories', { name: 'Shirts', parent_id: root.body.category.id, is_visible: 'false' });
    expect(child.body.category).toMatchObject({ parent_id: root.body.category.id, is_visible: false });
    expect((await post('/categories', { name: 'Orphan', parent_id: 9999 })).body.errors).toEqual({
      parent_id: ['The selected parent id is invalid.'],
    });
    expect((await post('/categories', {})).body).toEqual({
      message: 'The given data was invalid.',
      errors: { name: ['The name field is required.'] },
    });
    const list = await get('/categories');
    expect(list.body.categories.map((c: any) => c.name)).toEqual(expect.arrayContaining(['Apparel', 'Shirts']));
    expect((await put(`/categories/${root.body.category.id}`, { desc: 'All' })).body.category.desc).toBe('All');
  });

  it('uses value_values / value_value for option values', async () => {
    const option = (await post('/options', { name: 'Size' })).body.option;
    expect(option).toEqual({ id: option.id, name: 'Size' });
    const created = await post(`/options/${option.id}/values`, { value: 'M' });
    expect(created.status).toBe(201);
    expect(created.body.value_value).toMatchObject({ option_id: option.id, value: 'M', label: 'M' });
    expect((await get(`/options/${option.id}/values`)).body.value_values).toHaveLength(1);
    const updated = await put(`/options/${option.id}/values/${created.body.value_value.id}`, { label: 'Medium' });
    expect(updated.body.value_value.label).toBe('Medium');
    expect((await get(`/options/${option.id}`)).body.option.name).toBe('Size');
  });

  it('uses "option set" on create, attribute_set on GET, and upserts set options by option_id', async () => {
    const option = (await post('/options', { name: 'Colour' })).body.option;
    const created = await post('/option_sets', { name: 'Tees' });
    expect(created.status).toBe(201);
    const set = created.body['option set'];
    expect(set).toEqual({ id: set.id, name: 'Tees' });
    expect((await put(`/option_sets/${set.id}`, { name: 'T-Shirts' })).body['option set'].name).toBe('T-Shirts');
    expect((await get(`/option_sets/${set.id}`)).body).toEqual({ attribute_set: { id: set.id, name: 'T-Shirts' } });
    expect((await get('/option_sets')).body.option_sets).toContainEqual({ id: set.id, name: 'T-Shirts' });
    const first = await post(`/option_sets/${set.id}/options`, { option_id: option.id, sort_order: 1 });
    const again = await post(`/option_sets/${set.id}/options`, { option_id: option.id, sort_order: 2 });
    expect([first.status, again.status]).toEqual([201, 200]);
    const listed = (await get(`/option_sets/${set.id}/options`)).body.option_set_options;
    expect(listed).toEqual([{ id: listed[0].id, option_id: option.id, option_set_id: set.id, sort_order: 2 }]);
    expect((await post(`/option_sets/${set.id}/options`, { option_id: 9999 })).status).toBe(422);
  });

  it('embeds typeValuesArray, keeps attribute names unique and checks the type', async () => {
    const created = await post('/attributes', { name: 'Country', type: 'multiselect' });
    expect(created.status).toBe(201);
    const id = created.body.attribute.id;
    const tv = await post(`/attributes/${id}/type_values`, { value: 'USA' });
    expect(tv.body.attribute_type_value).toMatchObject({ attribute_id: id, value: 'USA' });
    expect((await get(`/attributes/${id}/type_values`)).body.attribute_type_values).toHaveLength(1);
    expect((await get(`/attributes/${id}`)).body.attribute.typeValuesArray[0].value).toBe('USA');
    expect((await get('/attributes')).body.attributes.find((a: any) => a.id === id).typeValuesArray).toHaveLength(1);
    expect((await post('/attributes', { name: 'Country', type: 'text' })).body.errors.name).toEqual(['The name has already been taken.']);
    expect((await post('/attributes', { name: 'Weight', type: 'number' })).body.errors.type).toEqual(['The selected type is invalid.']);
  });

  it('serves relation types with product_relation_type(s)', async () => {
    const created = await post('/product-relation-types', { name: 'Accessories' });
    expect(created.status).toBe(201);
    const id = created.body.product_relation_type.id;
    expect((await get(`/product-relation-types/${id}`)).body.product_relation_type.name).toBe('Accessories');
    expect((await get('/product-relation-types')).body.product_relation_types.length).toBeGreaterThan(0);
  });
});

describe('sandbox: products', () => {
  it('requires a name and a unique sku', async () => {
    expect((await post('/products', { sku: 'NONAME' })).body.errors).toEqual({ name: ['The name field is required.'] });
    await product('DUP-1');
    const dup = await post('/products', { sku: 'DUP-1', name: 'Again' });
    expect(dup).toMatchObject({ status: 422, body: { errors: { sku: ['The sku has already been taken.'] } } });
    const other = await product('DUP-2');
    expect((await put(`/products/${other.id}`, { sku: 'DUP-1' })).status).toBe(422);
    expect((await put(`/products/${other.id}`, { sku: 'DUP-2', enabled: false })).body.product.enabled).toBe(0);
  });

  it('finds a product by URL-encoded sku and 404s for an absent one', async () => {
    const p = await product('A/B C', { enabled: true, is_visible: 0 });
    const found = await get(`/products/sku/${encodeURIComponent('A/B C')}`);
    expect(found.body.product).toMatchObject({ id: p.id, sku: 'A/B C', enabled: 1, is_visible: 0 });
    expect(found.body.product).toHaveProperty('related_products', []);
    expect(await get('/products/sku/NOPE')).toMatchObject({ status: 404, body: { message: 'Product not found.' } });
  });

  it('creates variants with parent_id and existing option_values, and lists their children', async () => {
    const option = (await post('/options', { name: 'Fit' })).body.option;
    const value = (await post(`/options/${option.id}/values`, { value: 'Slim' })).body.value_value;
    const parent = await product('VAR-P');
    expect((await post('/products', { sku: 'VAR-X', name: 'x', parent_id: 99999 })).body.errors).toHaveProperty('parent_id');
    expect((await post('/products', { sku: 'VAR-X', name: 'x', parent_id: parent.id })).body.errors).toHaveProperty('option_values');
    const bad = await post('/products', {
      sku: 'VAR-X',
      name: 'x',
      parent_id: parent.id,
      option_values: [{ option_id: option.id, option_value_id: 99999 }],
    });
    expect(bad.body.errors).toHaveProperty(['option_values.0.option_value_id']);
    const child = await product('VAR-C', {
      parent_id: parent.id,
      option_values: [{ option_id: option.id, option_value_id: value.id }],
    });
    expect(child.parent_id).toBe(parent.id);
    expect((await get(`/products/${parent.id}`)).body.product.children).toEqual([{ id: child.id, sku: 'VAR-C', name: child.name }]);
    const other = await product('VAR-P2');
    await put(`/products/${child.id}`, { parent_id: other.id });
    expect((await get(`/products/${parent.id}`)).body.product.children).toEqual([]);
    expect((await get(`/products/${other.id}`)).body.product.children).toHaveLength(1);
    const parents = (await get('/products?type=parents&limit=1000')).body.products.map((p: any) => p.sku);
    expect(parents).toContain('VAR-P');
    expect(parents).not.toContain('VAR-C');
  });

  it('assigns category_ids on create and rejects unknown ones', async () => {
    const cat = (await post('/categories', { name: 'Sale' })).body.category;
    const p = await product('CAT-IDS', { category_ids: [cat.id] });
    expect(p.categories.map((c: any) => c.id)).toEqual([cat.id]);
    expect((await post('/products', { sku: 'CAT-BAD', name: 'x', category_ids: [99999] })).body.errors).toEqual({
      'category_ids.0': ['The selected category_ids.0 is invalid.'],
    });
  });

  it('paginates Laravel-style with absolute links', async () => {
    const fresh = await startSandbox();
    try {
      for (let i = 1; i <= 30; i++) await call(fresh, 'POST', '/products', { sku: `PG-${i}`, name: `P${i}` });
      const r = await call(fresh, 'GET', '/products?limit=10&page=2');
      const root = `${fresh.url}/products`;
      expect(r.body.products.map((p: any) => p.sku)).toEqual(Array.from({ length: 10 }, (_, i) => `PG-${i + 11}`));
      expect(r.body.meta).toEqual({ current_page: 2, from: 11, last_page: 3, path: root, per_page: 10, to: 20, total: 30 });
      expect(r.body.links).toEqual({
        first: `${root}?limit=10&page=1`,
        last: `${root}?limit=10&page=3`,
        prev: `${root}?limit=10&page=1`,
        next: `${root}?limit=10&page=3`,
      });
      const first = await call(fresh, 'GET', '/products');
      expect(first.body.meta).toMatchObject({ per_page: 25, to: 25, last_page: 2 });
      expect(first.body.links.prev).toBeNull();
      const empty = await call(fresh, 'GET', '/products?page=9');
      expect(empty.body.meta).toMatchObject({ from: null, to: null, total: 30 });
      expect((await call(fresh, 'GET', '/products?limit=5000')).body.meta.per_page).toBe(1000);
      expect((await call(fresh, 'GET', '/products?sku=PG-7')).body.products.map((p: any) => p.sku)).toEqual(['PG-7']);
    } finally {
      await fresh.close();
    }
  });
});
