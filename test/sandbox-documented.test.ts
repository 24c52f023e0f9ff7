// The sandbox knows which keys the API reference documents for each write's body: it logs any
// other key, and a strict sandbox refuses the write with a 422 naming it (SPEC §4).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type SandboxHandle } from '../src/sandbox/index.js';
import { documentsBody, undocumentedKeys } from '../src/sandbox/documented-bodies.js';
import { ROUTES } from '../src/sandbox/routes/index.js';
import { call } from './sandbox-helpers.js';

let strict: SandboxHandle;
let lenient: SandboxHandle;
beforeAll(async () => {
  strict = await startSandbox({ seed: 5, strict: true });
  lenient = await startSandbox({ seed: 5 });
});
afterAll(async () => {
  await strict.close();
  await lenient.close();
});

/** Ids of one of everything, in a sandbox. */
async function world(sb: SandboxHandle) {
  const post = async (path: string, body: unknown, envelope: string) => {
    const reply = await call(sb, 'POST', path, body);
    expect(reply.status, `${path} ${JSON.stringify(reply.body)}`).toBe(201);
    return reply.body[envelope] as { id: number };
  };
  const product = await post('/products', { sku: `P-${Math.random()}`, name: 'Tee' }, 'product');
  const other = await post('/products', { sku: `Q-${Math.random()}`, name: 'Cap' }, 'product');
  const category = await post('/categories', { name: 'Shirts', parent_id: 0 }, 'category');
  const option = await post('/options', { name: `Size ${Math.random()}` }, 'option');
  const value = await post(`/options/${option.id}/values`, { value: 'M', label: 'M' }, 'value_value');
  const optionSet = await post('/option_sets', { name: `Set ${Math.random()}` }, 'option set');
  const attribute = await post('/attributes', { name: `Colour ${Math.random()}`, type: 'selectbox' }, 'attribute');
  const typeValue = await post(`/attributes/${attribute.id}/type_values`, { value: 'Red' }, 'attribute_type_value');
  const relationType = await post('/product-relation-types', { name: `Cross ${Math.random()}` }, 'product_relation_type');
  const price = await post(`/products/${product.id}/prices`, { base: 'US', msrp: 20 }, 'product_price');
  const inventory = await post(`/products/${product.id}/inventory`, { location: 'Main', count_on_hand: 3 }, 'product_inventory');
  const asset = await post(`/products/${product.id}/assets`, { image_url: 'https://cdn.example.com/a.jpg' }, 'product_asset');
  const barcode = (await call(sb, 'POST', `/products/${product.id}/barcodes`, { type: 'UPC-A', barcode: '123456789012' })).body as { id: number };
  return { product, other, category, option, value, optionSet, attribute, typeValue, relationType, price, inventory, asset, barcode };
}

type World = Awaited<ReturnType<typeof world>>;

/** Every write the client makes (and the others the sandbox serves), each with a documented body. */
const WRITES: [string, string, (w: World) => string, (w: World) => unknown][] = [
  ['category', 'POST', () => '/categories', () => ({ name: 'Hats', parent_id: 0, desc: 'Caps', is_visible: true })],
  ['category', 'PUT', (w) => `/categories/${w.category.id}`, () => ({ desc: 'Shirts and tees' })],
  ['option', 'POST', () => '/options', () => ({ name: `Width ${Math.random()}` })],
  ['option', 'PUT', (w) => `/options/${w.option.id}`, () => ({ name: `Length ${Math.random()}` })],
  ['option value', 'POST', (w) => `/options/${w.option.id}/values`, () => ({ value: `L${Math.random()}`, label: 'L' })],
  ['option value', 'PUT', (w) => `/options/${w.option.id}/values/${w.value.id}`, () => ({ label: 'Medium' })],
  ['option set', 'POST', () => '/option_sets', () => ({ name: `Set ${Math.random()}` })],
  ['option set', 'PUT', (w) => `/option_sets/${w.optionSet.id}`, () => ({ name: `Set ${Math.random()}` })],
  ['option set option', 'POST', (w) => `/option_sets/${w.optionSet.id}/options`, (w) => ({ option_id: w.option.id, sort_order: 1 })],
  ['attribute', 'POST', () => '/attributes', () => ({ name: `Fit ${Math.random()}`, type: 'text', publish: true })],
  ['attribute', 'PUT', (w) => `/attributes/${w.attribute.id}`, () => ({ publish: false })],
  ['attribute type value', 'POST', (w) => `/attributes/${w.attribute.id}/type_values`, () => ({ value: `Blue ${Math.random()}` })],
  ['attribute type value', 'PUT', (w) => `/attributes/${w.attribute.id}/type_values/${w.typeValue.id}`, () => ({ value: 'Crimson' })],
  ['relation type', 'POST', () => '/product-relation-types', () => ({ name: `Up ${Math.random()}` })],
  ['relation type', 'PUT', (w) => `/product-relation-types/${w.relationType.id}`, () => ({ name: `Up ${Math.random()}` })],
  [
    'product',
    'POST',
    () => '/products',
    (w) => ({ sku: `V-${Math.random()}`, name: 'Tee M', parent_id: w.product.id, option_values: [{ option_id: w.option.id, option_value_id: w.value.id }] }),
  ],
  ['product', 'PUT', (w) => `/products/${w.product.id}`, (w) => ({ desc_short: 'Soft', enabled: true, category_ids: [w.category.id] })],
  ['category assignment', 'POST', (w) => `/products/${w.product.id}/categories`, (w) => ({ category_id: String(w.category.id) })],
  ['price', 'POST', (w) => `/products/${w.product.id}/prices`, () => ({ base: 'CA', msrp: 26, cost: 9 })],
  ['price', 'PUT', (w) => `/products/${w.product.id}/prices/${w.price.id}`, () => ({ msrp: 21 })],
  ['inventory', 'POST', (w) => `/products/${w.product.id}/inventory`, () => ({ location: 'Toronto', count_on_hand: 4, bin: 'T-1' })],
  ['inventory', 'PUT', (w) => `/products/${w.product.id}/inventory/${w.inventory.id}`, () => ({ location: 'Main', count_on_hand: 5 })],
  [
    'attribute values',
    'PUT',
    (w) => `/products/${w.product.id}/attributes`,
    (w) => [{ attribute_id: w.attribute.id, version_id: 0, values: [{ value: 'Red' }] }],
  ],
  ['attribute value', 'POST', (w) => `/products/${w.product.id}/attributes`, (w) => ({ attribute_id: w.attribute.id, values: [{ value: 'Red' }] })],
  ['relation', 'POST', (w) => `/products/${w.product.id}/relations/${w.other.id}/type/${w.relationType.id}`, () => ({})],
  ['asset', 'POST', (w) => `/products/${w.product.id}/assets`, () => ({ image_url: 'https://cdn.example.com/b.jpg', sort_order: 2 })],
  ['asset', 'PUT', (w) => `/products/${w.product.id}/assets/${w.asset.id}`, () => ({ alttext: 'Front' })],
  ['barcode', 'POST', (w) => `/products/${w.product.id}/barcodes`, () => ({ type: 'EAN', barcode: '1234567890123' })],
  ['barcode', 'PUT', (w) => `/products/${w.product.id}/barcodes/${w.barcode.id}`, () => ({ type: 'Custom', barcode: '42' })],
];

/** The body with an internal field added where it would leak: each item of a list body. */
function withLeak(body: unknown): unknown {
  const leak = { loc: { file: 'y/inventory.csv', line: 2 } };
  return Array.isArray(body) ? body.map((item: object) => ({ ...item, ...leak })) : { ...(body as object), ...leak };
}

/** The keys the sandbox must name for that leak, as Laravel names them. */
const leakKeys = (body: unknown): string[] => (Array.isArray(body) ? body.map((_, index) => `${index}.loc`) : ['loc']);

describe('writes with keys the reference does not document', () => {
  it('every POST and PUT route has its documented body', () => {
    const undocumented = ROUTES.filter((route) => route.method === 'POST' || route.method === 'PUT')
      .filter((route) => !documentsBody(route.method, route.pattern))
      .map((route) => `${route.method} ${route.pattern}`);
    expect(undocumented).toEqual([]);
  });

  it('names nested keys as Laravel does', () => {
    expect(undocumentedKeys('POST', '/products', { sku: 'A', option_values: [{ option_id: 1, option_value_id: 2, extra: 1 }] })).toEqual([
      'option_values.0.extra',
    ]);
    expect(undocumentedKeys('PUT', '/products/:id/attributes', [{ attribute_id: 1, values: [{ value: 'a', note: 'x' }], sku: 'A' }])).toEqual([
      '0.values.0.note',
      '0.sku',
    ]);
    expect(undocumentedKeys('POST', '/products/:id/relations/:relatedId/type/:typeId', { note: 'x' })).toEqual(['note']);
  });

  for (const [resource, method, path, body] of WRITES) {
    it(`${resource}: ${method} with "loc" is refused when strict and logged otherwise; without it, accepted`, async () => {
      const strictWorld = await world(strict);
      const refused = await call(strict, method, path(strictWorld), withLeak(body(strictWorld)));
      expect(refused.status, JSON.stringify(refused.body)).toBe(422);
      expect(Object.keys(refused.body.errors).some((key) => key === 'loc' || key.endsWith('.loc'))).toBe(true);
      expect(strict.requests.at(-1)).toMatchObject({ method, status: 422, applied: false });
      expect(strict.requests.at(-1)!.undocumented).toEqual(leakKeys(body(strictWorld)));
      // The log and the 422 name the same keys.
      expect(strict.requests.at(-1)!.undocumented).toEqual(Object.keys(refused.body.errors));

      const accepted = await call(strict, method, path(strictWorld), body(strictWorld));
      expect(accepted.status, JSON.stringify(accepted.body)).toBeLessThan(300);
      expect(strict.requests.at(-1)!.undocumented).toBeUndefined();

      const lenientWorld = await world(lenient);
      const logged = await call(lenient, method, path(lenientWorld), withLeak(body(lenientWorld)));
      expect(logged.status, JSON.stringify(logged.body)).toBeLessThan(300);
      expect(lenient.requests.at(-1)!.undocumented).toEqual(leakKeys(body(lenientWorld)));
      expect(lenient.requests.at(-1)!.undocumented).toEqual(strict.requests.at(-2)!.undocumented);
    });
  }
});
