// What the planner writes per product (SPEC §4 stage 4 and 5): the product itself, prices,
// attribute values, inventory, category assignments, images, barcodes, variant and related
// links, --prune's deletes and a feed's re-enable; for a product Jasper lacks, one Jasper has
// (read), and one the change cache vouches for (not read). Then the plan builder, the desired
// state and the small pure helpers. Exact tasks, outcomes and known ids; plain data only.
import { describe, expect, it } from 'vitest';
import { type Catalog, type InventoryRowInput, type ProductInput, type SourceLocation, emptyCatalog } from '../src/catalog/types.js';
import type { RemoteProduct } from '../src/jasper/types.js';
import { categoryFields } from '../src/plan/bodies.js';
import { DesiredBuilder, type DesiredProduct, variantOptionsOf } from '../src/plan/desired.js';
import { compareFields } from '../src/plan/field-hash.js';
import { categoryRow, inventoryRow, locationKey, productRow } from '../src/plan/input-rows.js';
import {
  CREATED_HASH,
  DISABLED_HASH,
  PRESENCE_HASH,
  attributeValuesHash,
  categoryHash,
  inventoryHash,
  legacyAttributeValuesHash,
  legacyInventoryHash,
  legacyPriceHash,
  priceHash,
  productHash,
} from '../src/plan/keys.js';
import { PlanBuilder, type SettledStatuses, type StoredStatus } from '../src/plan/plan-builder.js';
import { type CacheEntry, type CacheView, EMPTY_CACHE, type RemoteSnapshot } from '../src/plan/remote.js';
import {
  ENTITY_LABELS,
  type EntityKind,
  type Plan,
  type PlannedOutcome,
  STAGES,
  type Task,
  type TaskPayload,
  entitiesByLabel,
  stageOf,
} from '../src/plan/types.js';
import { catalogOf, emptyTenant, plan, planBatches, product } from './helpers/planning.js';

const ROW: SourceLocation = { file: 'p.csv', line: 2 };
const ref = (entity: EntityKind, key: string) => ({ entity, key });
const A = ref('product', 'A');

function task(
  entity: EntityKind,
  key: string,
  action: Task['action'],
  payload: TaskPayload,
  deps: string[] = [],
  hash = PRESENCE_HASH,
  rows: SourceLocation[] = [ROW],
  extra: Partial<Task> = {},
): Task {
  return { id: `${entity}:${key}`, entity, key, action, payload, deps, rows, hash, ...extra };
}

function unchanged(entity: EntityKind, key: string, remoteId: number, hash: string = PRESENCE_HASH, rows: SourceLocation[] = [ROW]): PlannedOutcome {
  return { id: `${entity}:${key}`, entity, key, outcome: 'unchanged', rows, remoteId, hash };
}

function cacheOf(entries: Record<string, CacheEntry>): CacheView {
  return { get: (id) => entries[id], entriesUnder: (prefix) => Object.entries(entries).filter(([id]) => id.startsWith(prefix)) };
}

/** A tenant whose lists were read (empty unless given) and whose products are `products`. */
function tenant(products: RemoteProduct[] = [], remote: Partial<RemoteSnapshot> = {}): RemoteSnapshot {
  return { ...emptyTenant([]), products: new Map(products.map((item) => [item.sku, item])), ...remote };
}

/** Nothing read from Jasper: the change cache answers. */
const notRead = (missing: string[] = []): RemoteSnapshot => ({ products: new Map(), missingSkus: new Set(missing) });

const desiredOf = (input: ProductInput, mode: 'relation' | 'parent' = 'relation'): DesiredProduct =>
  new DesiredBuilder(emptyCatalog(), variantOptionsOf([input]), mode).product(input);

/** The tasks and outcomes of one entity kind. */
function of(result: Plan, ...entities: EntityKind[]): { tasks: Task[]; outcomes: PlannedOutcome[] } {
  return {
    tasks: result.tasks.filter((candidate) => entities.includes(candidate.entity)),
    outcomes: result.outcomes.filter((candidate) => entities.includes(candidate.entity)),
  };
}

describe('prices', () => {
  const row = product('A', {
    prices: [
      { base: 'us', msrp: 10 },
      { base: ' US ', cost: 4 },
      { base: 'CA', msrp: 13 },
      { base: 'EU', msrp: 9 },
    ],
  });
  const us = { base: 'US', msrp: 10, cost: 4 };
  const ca = { base: 'CA', msrp: 13 };
  const eu = { base: 'EU', msrp: 9 };

  it('a new product: one create per base (two columns of one base make one price), after the product', async () => {
    const result = await plan(catalogOf(row), emptyTenant(['A']));
    expect(result.tasks).toEqual([
      task(
        'product',
        'A',
        'create',
        { entity: 'product', sku: 'A', body: { name: 'Name A' }, optionValues: [], categories: [] },
        [],
        productHash(desiredOf(row), 'relation'),
        [ROW],
        {
          alsoCompletes: [],
        },
      ),
      task('price', 'A|US', 'create', { entity: 'price', product: A, base: 'US', body: us }, ['product:A'], priceHash(us)),
      task('price', 'A|CA', 'create', { entity: 'price', product: A, base: 'CA', body: ca }, ['product:A'], priceHash(ca)),
      task('price', 'A|EU', 'create', { entity: 'price', product: A, base: 'EU', body: eu }, ['product:A'], priceHash(eu)),
    ]);
    expect(result.outcomes).toEqual([]);
  });

  const remote = tenant([
    {
      id: 3,
      sku: 'A',
      name: 'Name A',
      prices: [
        { id: 11, base: 'us', msrp: '10.00', cost: 4 },
        { id: 12, base: 'CA', msrp: 12 },
      ],
    },
  ]);

  it('a product Jasper has: a price found by base (any case) and equal is left, one that differs is updated by id, a missing base created', async () => {
    // Read from Jasper, the cache's fields do not count: the product's hash is what this row says.
    const result = await plan(catalogOf(row), remote, { cache: cacheOf({ 'product:A': { id: 3, hash: 'f:desc_short=12345678&name=00000000' } }) });
    expect(result.tasks).toEqual([
      task('price', 'A|CA', 'update', { entity: 'price', product: A, base: 'CA', body: ca, id: 12 }, [], priceHash(ca)),
      task('price', 'A|EU', 'create', { entity: 'price', product: A, base: 'EU', body: eu }, [], priceHash(eu)),
    ]);
    expect(result.outcomes).toEqual([unchanged('product', 'A', 3, productHash(desiredOf(row), 'relation')), unchanged('price', 'A|US', 11, priceHash(us))]);
    expect(result.known).toEqual({ 'product:A': 3, 'price:A|US': 11 });
  });

  it('--full rewrites the product and every price Jasper has, by id', async () => {
    const result = await plan(catalogOf(row), remote, { rewrite: true });
    expect(result.tasks).toEqual([
      task('product', 'A', 'update', { entity: 'product', sku: 'A', body: { name: 'Name A' }, id: 3 }, [], productHash(desiredOf(row), 'relation')),
      task('price', 'A|US', 'update', { entity: 'price', product: A, base: 'US', body: us, id: 11 }, [], priceHash(us)),
      task('price', 'A|CA', 'update', { entity: 'price', product: A, base: 'CA', body: ca, id: 12 }, [], priceHash(ca)),
      task('price', 'A|EU', 'create', { entity: 'price', product: A, base: 'EU', body: eu }, [], priceHash(eu)),
    ]);
    expect(result.outcomes).toEqual([]);
  });

  it('not read: the cache vouches per field; a cached id is updated with the merged hash, one without an id is created', async () => {
    const wide = product('A', {
      prices: [
        { base: 'US', msrp: 10, cost: 4 },
        { base: 'CA', msrp: 13 },
        { base: 'EU', msrp: 9 },
        { base: 'MX', msrp: 1 },
        { base: 'JP', msrp: 2 },
        { base: 'UK', msrp: 3 },
      ],
    });
    const cache = cacheOf({
      'product:A': { id: 3, hash: productHash(desiredOf(wide), 'relation') },
      'price:A|US': { id: 11, hash: priceHash(us) },
      // Another input wrote CA's cost: it stays in the hash.
      'price:A|CA': { id: 12, hash: priceHash({ base: 'CA', cost: 5 }) },
      // An earlier version's whole-content hash, without an id.
      'price:A|EU': { hash: legacyPriceHash(eu) },
      // Without an id: created, its hash what this row writes (the cached cost is not merged).
      'price:A|MX': { hash: priceHash({ base: 'MX', msrp: 2, cost: 1 }) },
      'price:A|UK': { id: 14, hash: legacyPriceHash({ base: 'UK', msrp: 4 }) },
    });
    const result = await plan(catalogOf(wide), notRead(), { cache });
    expect(result.tasks).toEqual([
      task('price', 'A|CA', 'update', { entity: 'price', product: A, base: 'CA', body: ca, id: 12 }, [], priceHash({ base: 'CA', cost: 5, msrp: 13 })),
      task('price', 'A|MX', 'create', { entity: 'price', product: A, base: 'MX', body: { base: 'MX', msrp: 1 } }, [], priceHash({ base: 'MX', msrp: 1 })),
      task('price', 'A|JP', 'create', { entity: 'price', product: A, base: 'JP', body: { base: 'JP', msrp: 2 } }, [], priceHash({ base: 'JP', msrp: 2 })),
      task(
        'price',
        'A|UK',
        'update',
        { entity: 'price', product: A, base: 'UK', body: { base: 'UK', msrp: 3 }, id: 14 },
        [],
        priceHash({ base: 'UK', msrp: 3 }),
      ),
    ]);
    expect(result.outcomes).toEqual([
      unchanged('product', 'A', 3, productHash(desiredOf(wide), 'relation')),
      unchanged('price', 'A|US', 11, priceHash(us)),
      unchanged('price', 'A|EU', 0, priceHash(eu)),
    ]);

    // --full: a cached price is updated all the same.
    const full = await plan(catalogOf(product('A', { prices: [us] })), notRead(), { cache, rewrite: true });
    expect(of(full, 'price').tasks).toEqual([
      task('price', 'A|US', 'update', { entity: 'price', product: A, base: 'US', body: us, id: 11 }, [], priceHash(us)),
    ]);
  });
});

describe('attribute values', () => {
  const row = product('A', {
    attributes: [
      { name: 'Material', values: ['Cotton'] },
      { name: 'Country', type: 'multiselect', values: ['USA', 'Canada'] },
    ],
  });
  const desired = desiredOf(row);
  const values = [
    { attribute: ref('attribute', 'material'), values: ['Cotton'] },
    { attribute: ref('attribute', 'country'), values: ['USA', 'Canada'] },
  ];
  const payload = { entity: 'attributeValues' as const, product: A, values };
  const attributes = [
    { id: 1, name: 'Country', type: 'multiselect', typeValues: [{ id: 11, value: 'USA' }] },
    { id: 2, name: 'Material', type: 'text', typeValues: [] },
  ];

  it('a new product: one PUT of every attribute, after the product, the attributes and the select values to create', async () => {
    const result = await plan(catalogOf(row), emptyTenant(['A']));
    expect(of(result, 'attributeValues').tasks).toEqual([
      task(
        'attributeValues',
        'A',
        'create',
        payload,
        ['product:A', 'attribute:material', 'attribute:country', 'typeValue:country=USA', 'typeValue:country=Canada'],
        attributeValuesHash(desired),
      ),
    ]);
    // A type value Jasper has is no dependency.
    const some = await plan(catalogOf(row), tenant([], { attributes, missingSkus: new Set(['A']) }));
    expect(of(some, 'attributeValues').tasks[0]!.deps).toEqual(['product:A', 'typeValue:country=Canada']);
  });

  it('a product Jasper has: unchanged when each attribute holds the same values in any order, else one PUT without an id', async () => {
    const holding = (productAttributes: RemoteProduct['product_attributes']) =>
      tenant([{ id: 3, sku: 'A', name: 'Name A', product_attributes: productAttributes }], { attributes });
    const same = await plan(
      catalogOf(row),
      holding([
        { attribute_id: 1, values: [{ value: 'Canada' }, { value: ' USA' }] },
        { attribute_id: 2, values: [{ value: 'Cotton' }] },
      ]),
    );
    expect(of(same, 'attributeValues')).toEqual({ tasks: [], outcomes: [unchanged('attributeValues', 'A', 0, attributeValuesHash(desired))] });

    const update = task('attributeValues', 'A', 'update', payload, ['typeValue:country=Canada'], attributeValuesHash(desired));
    // Material holds another value.
    const other = await plan(
      catalogOf(row),
      holding([
        { attribute_id: 1, values: [{ value: 'USA' }, { value: 'Canada' }] },
        { attribute_id: 2, values: [{ value: 'Wool' }] },
      ]),
    );
    expect(of(other, 'attributeValues')).toEqual({ tasks: [update], outcomes: [] });
    // Material not set at all; then no attributes read with the product.
    expect(of(await plan(catalogOf(row), holding([{ attribute_id: 1, values: [{ value: 'USA' }, { value: 'Canada' }] }])), 'attributeValues').tasks).toEqual([
      update,
    ]);
    expect(of(await plan(catalogOf(row), holding(undefined)), 'attributeValues').tasks).toEqual([update]);
    // --full: written though the same.
    expect(
      of(
        await plan(
          catalogOf(row),
          holding([
            { attribute_id: 1, values: [{ value: 'Canada' }, { value: 'USA' }] },
            { attribute_id: 2, values: [{ value: 'Cotton' }] },
          ]),
          { rewrite: true },
        ),
        'attributeValues',
      ).tasks,
    ).toEqual([update]);
  });

  it('an attribute Jasper lacks makes the PUT wait for it, even if the product holds values under no known attribute', async () => {
    const result = await plan(
      catalogOf(row),
      tenant([{ id: 3, sku: 'A', name: 'Name A', product_attributes: [{ attribute_id: 1, values: [{ value: 'USA' }, { value: 'Canada' }] }] }], {
        attributes: [attributes[0]!],
      }),
    );
    expect(of(result, 'attributeValues').tasks).toEqual([
      task('attributeValues', 'A', 'update', payload, ['attribute:material', 'typeValue:country=Canada'], attributeValuesHash(desired)),
    ]);
  });

  it('not read: the cache vouches for the set; a changed set is one PUT with the merged hash', async () => {
    const known = {
      'product:A': { id: 3, hash: productHash(desired, 'relation') },
      'attribute:material': { id: 2, hash: 'text' },
      'attribute:country': { id: 1, hash: 'multiselect' },
    };
    const typeValues = { 'typeValue:country=USA': { id: 11 }, 'typeValue:country=Canada': { id: 12 } };
    const run = (entry?: CacheEntry, rewrite = false) =>
      plan(catalogOf(row), notRead(), { rewrite, cache: cacheOf({ ...known, ...typeValues, ...(entry ? { 'attributeValues:A': entry } : {}) }) }).then(
        (result) => of(result, 'attributeValues'),
      );
    expect(await run({ hash: attributeValuesHash(desired) })).toEqual({
      tasks: [],
      outcomes: [unchanged('attributeValues', 'A', 0, attributeValuesHash(desired))],
    });
    expect(await run({ id: 5, hash: legacyAttributeValuesHash(desired) })).toEqual({
      tasks: [],
      outcomes: [unchanged('attributeValues', 'A', 5, attributeValuesHash(desired))],
    });
    const merged = attributeValuesHash({ ...desired, attributes: [...desired.attributes, { attribute: 'fit', values: ['Slim'] }] });
    const withFit = attributeValuesHash({
      ...desired,
      attributes: [
        { attribute: 'fit', values: ['Slim'] },
        { attribute: 'material', values: ['Wool'] },
      ],
    });
    expect(await run({ hash: withFit })).toEqual({ tasks: [task('attributeValues', 'A', 'update', payload, [], merged)], outcomes: [] });
    expect(await run()).toEqual({ tasks: [task('attributeValues', 'A', 'create', payload, [], attributeValuesHash(desired))], outcomes: [] });
    expect(await run({ hash: attributeValuesHash(desired) }, true)).toEqual({
      tasks: [task('attributeValues', 'A', 'update', payload, [], attributeValuesHash(desired))],
      outcomes: [],
    });
  });
});

describe('inventory', () => {
  const row = product('A', {
    inventory: [
      { location: 'Main', count_on_hand: 2 },
      { location: 'Back', count_on_hand: 1, bin: 'B' },
      { location: 'Toronto', count_on_hand: 0 },
    ],
  });
  const main = { location: 'Main', count_on_hand: 2 };
  const back = { location: 'Back', count_on_hand: 1, bin: 'B' };
  const toronto = { location: 'Toronto', count_on_hand: 0 };

  it('a product Jasper has: a location found by name (any case) and equal is left, one that differs updated by id, a new one created', async () => {
    const remote = tenant([
      {
        id: 3,
        sku: 'A',
        name: 'Name A',
        inventory: [
          { id: 90, location: null, count_on_hand: 0 },
          { id: 91, location: ' MAIN', count_on_hand: '2', bin: 'X' },
          { id: 92, location: 'back', count_on_hand: 1, bin: 'A' },
        ],
      },
    ]);
    const result = await plan(catalogOf(row), remote);
    expect(of(result, 'inventory')).toEqual({
      tasks: [
        task('inventory', 'A|back', 'update', { entity: 'inventory', product: A, location: 'Back', body: back, id: 92 }, [], inventoryHash(back)),
        task('inventory', 'A|toronto', 'create', { entity: 'inventory', product: A, location: 'Toronto', body: toronto }, [], inventoryHash(toronto)),
      ],
      outcomes: [unchanged('inventory', 'A|main', 91, inventoryHash(main))],
    });
  });

  it('a new product: one create per location after it; not read, the cache vouches per location', async () => {
    expect(of(await plan(catalogOf(row), emptyTenant(['A'])), 'inventory').tasks).toEqual([
      task('inventory', 'A|main', 'create', { entity: 'inventory', product: A, location: 'Main', body: main }, ['product:A'], inventoryHash(main)),
      task('inventory', 'A|back', 'create', { entity: 'inventory', product: A, location: 'Back', body: back }, ['product:A'], inventoryHash(back)),
      task('inventory', 'A|toronto', 'create', { entity: 'inventory', product: A, location: 'Toronto', body: toronto }, ['product:A'], inventoryHash(toronto)),
    ]);
    const cache = cacheOf({
      'product:A': { id: 3, hash: productHash(desiredOf(row), 'relation') },
      'inventory:A|main': { id: 91, hash: legacyInventoryHash(main) },
      'inventory:A|back': { id: 92, hash: inventoryHash({ location: 'Back', count_on_hand: 5 }) },
    });
    expect(of(await plan(catalogOf(row), notRead(), { cache }), 'inventory')).toEqual({
      tasks: [
        task('inventory', 'A|back', 'update', { entity: 'inventory', product: A, location: 'Back', body: back, id: 92 }, [], inventoryHash(back)),
        task('inventory', 'A|toronto', 'create', { entity: 'inventory', product: A, location: 'Toronto', body: toronto }, [], inventoryHash(toronto)),
      ],
      outcomes: [unchanged('inventory', 'A|main', 91, inventoryHash(main))],
    });
  });

  describe('inventory rows (an inventory push, or a JSON catalog inventory section)', () => {
    const stock = (sku: string, at: number, location = 'Main', count = 3): InventoryRowInput => ({
      sku,
      location,
      count_on_hand: count,
      loc: { file: 'i.csv', line: at },
    });
    const at = (line: number): SourceLocation[] => [{ file: 'i.csv', line }];

    it('a row for a product outside the input: written when Jasper or the cache knows it, failed when not', async () => {
      const rows: Catalog = {
        ...emptyCatalog(),
        inventory: [stock('X', 2), stock('Y', 3, 'Back', 4), stock('GHOST', 4), stock('Z', 5), stock('X', 6, 'Toronto')],
      };
      const remote: RemoteSnapshot = {
        products: new Map([['X', { id: 9, sku: 'X', inventory: [{ id: 91, location: 'main', count_on_hand: 3 }] }]]),
        missingSkus: new Set(['GHOST']),
      };
      // Y is known to the cache only; GHOST too, but Jasper said it is missing.
      const cache = cacheOf({
        'product:Y': { id: 8 },
        'product:GHOST': { id: 7 },
        'inventory:Y|back': { id: 81, hash: inventoryHash({ location: 'Back', count_on_hand: 1 }) },
      });
      const result = await plan(rows, remote, { kind: 'inventory', cache });
      expect(result.tasks).toEqual([
        task(
          'inventory',
          'Y|back',
          'update',
          { entity: 'inventory', product: ref('product', 'Y'), location: 'Back', body: { location: 'Back', count_on_hand: 4 }, id: 81 },
          [],
          inventoryHash({ location: 'Back', count_on_hand: 4 }),
          at(3),
        ),
        task(
          'inventory',
          'X|toronto',
          'create',
          { entity: 'inventory', product: ref('product', 'X'), location: 'Toronto', body: { location: 'Toronto', count_on_hand: 3 } },
          [],
          inventoryHash({ location: 'Toronto', count_on_hand: 3 }),
          at(6),
        ),
      ]);
      expect(result.outcomes).toEqual([
        unchanged('inventory', 'X|main', 91, inventoryHash({ location: 'Main', count_on_hand: 3 }), at(2)),
        { id: 'inventory:GHOST|main', entity: 'inventory', key: 'GHOST|main', outcome: 'failed', rows: at(4), reason: 'no product with SKU "GHOST" in Jasper' },
        { id: 'inventory:Z|main', entity: 'inventory', key: 'Z|main', outcome: 'failed', rows: at(5), reason: 'no product with SKU "Z" in Jasper' },
      ]);
      // The products are known, without an outcome of their own.
      expect(result.known).toStrictEqual({ 'product:X': 9, 'inventory:X|main': 91, 'product:Y': 8 });
    });

    it('a row for a product in the input: skipped when the product cannot be written, after it when it is new, compared when Jasper has it', async () => {
      const rows: Catalog = {
        ...catalogOf(product('NONAME', { name: undefined }), product('NEW'), product('OLD')),
        inventory: [stock('NONAME', 2), stock('NEW', 3), stock('OLD', 4), stock('OLD', 5, 'Back')],
      };
      const remote = tenant([{ id: 5, sku: 'OLD', name: 'Name OLD', inventory: [{ id: 51, location: 'Main', count_on_hand: 3 }] }], {
        missingSkus: new Set(['NONAME', 'NEW']),
      });
      const result = await plan(rows, remote);
      expect(of(result, 'inventory')).toEqual({
        tasks: [
          task(
            'inventory',
            'NEW|main',
            'create',
            { entity: 'inventory', product: ref('product', 'NEW'), location: 'Main', body: { location: 'Main', count_on_hand: 3 } },
            ['product:NEW'],
            inventoryHash({ location: 'Main', count_on_hand: 3 }),
            at(3),
          ),
          task(
            'inventory',
            'OLD|back',
            'create',
            { entity: 'inventory', product: ref('product', 'OLD'), location: 'Back', body: { location: 'Back', count_on_hand: 3 } },
            [],
            inventoryHash({ location: 'Back', count_on_hand: 3 }),
            at(5),
          ),
        ],
        outcomes: [
          {
            id: 'inventory:NONAME|main',
            entity: 'inventory',
            key: 'NONAME|main',
            outcome: 'skipped',
            rows: at(2),
            reason: 'depends on product "NONAME": name is required to create a product (SKU "NONAME" is not in Jasper)',
          },
          unchanged('inventory', 'OLD|main', 51, inventoryHash({ location: 'Main', count_on_hand: 3 }), at(4)),
        ],
      });
    });

    it('a row for an input product being updated is compared with what Jasper has, by id, not created after it', async () => {
      const rows: Catalog = { ...catalogOf(product('OLD', { name: 'Renamed' })), inventory: [stock('OLD', 4, 'Main', 7)] };
      const remote = tenant([{ id: 5, sku: 'OLD', name: 'Name OLD', inventory: [{ id: 51, location: 'Main', count_on_hand: 3 }] }]);
      expect(of(await plan(rows, remote), 'inventory').tasks).toEqual([
        task(
          'inventory',
          'OLD|main',
          'update',
          { entity: 'inventory', product: ref('product', 'OLD'), location: 'Main', body: { location: 'Main', count_on_hand: 7 }, id: 51 },
          [],
          inventoryHash({ location: 'Main', count_on_hand: 7 }),
          at(4),
        ),
      ]);
    });
  });
});

describe('category assignments', () => {
  const row = product('A', { categories: [['Apparel'], ['Home'], ['Toys'], ['Garden']] });
  const assignment = (category: string, deps: string[] = []) =>
    task('categoryAssignment', `A|${category}`, 'create', { entity: 'categoryAssignment', product: A, category: ref('category', category) }, deps);

  it('a product Jasper has: a category it lists (as categories or category_ids) is left, another assigned after the category', async () => {
    const remote = tenant([{ id: 3, sku: 'A', name: 'Name A', categories: [{ id: '7' as unknown as number }], category_ids: ['8' as unknown as number] }], {
      categories: [
        { id: 7, parent_id: null, name: 'Apparel' },
        { id: 8, parent_id: null, name: 'Home' },
        { id: 9, parent_id: null, name: 'Toys' },
      ],
    });
    const result = await plan(catalogOf(row), remote);
    expect(of(result, 'categoryAssignment')).toEqual({
      tasks: [assignment('toys'), assignment('garden', ['category:garden'])],
      outcomes: [unchanged('categoryAssignment', 'A|apparel', 0), unchanged('categoryAssignment', 'A|home', 0)],
    });
    // Without either list, nothing is assigned yet.
    const bare = await plan(catalogOf(row), { ...remote, products: new Map([['A', { id: 3, sku: 'A', name: 'Name A' }]]) });
    expect(of(bare, 'categoryAssignment').tasks.map((candidate) => candidate.key)).toEqual(['A|apparel', 'A|home', 'A|toys', 'A|garden']);
  });

  it('not read: the cache vouches for an assignment; a new product carries its categories in its create', async () => {
    const cache = cacheOf({
      'product:A': { id: 3, hash: productHash(desiredOf(row), 'relation') },
      'category:apparel': { id: 7, hash: categoryHash('Apparel', undefined, {}) },
      'category:home': { id: 8, hash: categoryHash('Home', undefined, {}) },
      'categoryAssignment:A|apparel': { hash: PRESENCE_HASH },
    });
    const result = await plan(catalogOf(row), notRead(), { cache });
    expect(of(result, 'categoryAssignment')).toEqual({
      tasks: [assignment('home'), assignment('toys', ['category:toys']), assignment('garden', ['category:garden'])],
      outcomes: [unchanged('categoryAssignment', 'A|apparel', 0)],
    });
    const fresh = await plan(catalogOf(row), emptyTenant(['A']));
    expect(of(fresh, 'categoryAssignment')).toEqual({ tasks: [], outcomes: [] });
    expect(fresh.tasks.find((candidate) => candidate.id === 'product:A')).toEqual(
      task(
        'product',
        'A',
        'create',
        {
          entity: 'product',
          sku: 'A',
          body: { name: 'Name A' },
          optionValues: [],
          categories: ['apparel', 'home', 'toys', 'garden'].map((key) => ref('category', key)),
        },
        ['category:apparel', 'category:home', 'category:toys', 'category:garden'],
        productHash(desiredOf(row), 'relation'),
        [ROW],
        { alsoCompletes: ['apparel', 'home', 'toys', 'garden'].map((key) => ({ entity: 'categoryAssignment', key: `A|${key}`, hash: PRESENCE_HASH })) },
      ),
    );
  });
});

describe('products', () => {
  /** A product of `catalog` as the shared pass builds it (a parent knows its option set). */
  function desiredIn(catalog: Catalog, sku: string, mode: 'relation' | 'parent'): DesiredProduct {
    const builder = new DesiredBuilder(catalog, variantOptionsOf(catalog.products), mode);
    return builder.product(catalog.products.find((input) => input.sku === sku)!);
  }
  const family = catalogOf(
    product('P'),
    product('V1', { parentSku: 'P', options: [{ name: 'Size', value: 'M' }] }),
    product('V2', { parentSku: 'P', options: [{ name: 'Size', value: 'L' }] }),
  );
  const hashOf = (sku: string, mode: 'relation' | 'parent' = 'parent') => productHash(desiredIn(family, sku, mode), mode);
  const sizes = {
    options: [
      {
        id: 1,
        name: 'Size',
        values: [
          { id: 11, option_id: 1, value: 'M' },
          { id: 12, option_id: 1, value: 'L' },
        ],
      },
    ],
  };
  const size = (value: string) => [{ option: ref('option', 'size'), value: ref('optionValue', `size=${value}`) }];

  it('parent mode, Jasper has the family: a variant under another parent gets parent_id again, a parent with another option set its set', async () => {
    const remote = tenant(
      [
        { id: 10, sku: 'P', name: 'Name P', option_set_id: 6 },
        { id: 20, sku: 'V1', name: 'Name V1', parent_id: 10 },
        { id: 30, sku: 'V2', name: 'Name V2', parent_id: 99 },
      ],
      { ...sizes, optionSets: [{ id: 5, name: 'Size', optionIds: [1] }] },
    );
    const result = await plan(family, remote, { variantMode: 'parent' });
    expect(of(result, 'product')).toEqual({
      tasks: [
        task('product', 'P', 'update', { entity: 'product', sku: 'P', body: {}, id: 10, optionSet: ref('optionSet', 'size') }, [], hashOf('P')),
        task(
          'product',
          'V2',
          'update',
          { entity: 'product', sku: 'V2', body: {}, id: 30, parent: ref('product', 'P'), optionValues: size('L') },
          [],
          hashOf('V2'),
        ),
      ],
      outcomes: [unchanged('product', 'V1', 20, hashOf('V1'))],
    });
    expect(result.known).toMatchObject({ 'product:P': 10, 'product:V1': 20, 'product:V2': 30 });

    // The same family in its place: nothing to write.
    const settled = tenant(
      [
        { id: 10, sku: 'P', name: 'Name P', option_set_id: 5 },
        { id: 20, sku: 'V1', name: 'Name V1', parent_id: 10 },
        { id: 30, sku: 'V2', name: 'Name V2', parent_id: 10 },
      ],
      { ...sizes, optionSets: [{ id: 5, name: 'Size', optionIds: [1] }] },
    );
    expect((await plan(family, settled, { variantMode: 'parent' })).tasks).toEqual([]);
  });

  it('parent mode, the set and the parent to create: the parent update waits for the set and its members, the variant for its parent', async () => {
    const remote = tenant(
      [
        { id: 10, sku: 'P', name: 'Name P' },
        { id: 20, sku: 'V1', name: 'Name V1', parent_id: 10 },
      ],
      { ...sizes, missingSkus: new Set(['V2']) },
    );
    const result = await plan(family, remote, { variantMode: 'parent' });
    expect(of(result, 'product').tasks).toEqual([
      task(
        'product',
        'P',
        'update',
        { entity: 'product', sku: 'P', body: {}, id: 10, optionSet: ref('optionSet', 'size') },
        ['optionSet:size', 'optionSetOption:size|size'],
        hashOf('P'),
      ),
      task(
        'product',
        'V2',
        'create',
        { entity: 'product', sku: 'V2', body: { name: 'Name V2' }, parent: ref('product', 'P'), optionValues: size('L'), categories: [] },
        [],
        hashOf('V2'),
        [ROW],
        { alsoCompletes: [] },
      ),
    ]);
    // A parent Jasper lacks: its variant Jasper has waits for its create.
    const late = await plan(family, tenant([{ id: 20, sku: 'V1', name: 'Name V1', parent_id: 10 }], { ...sizes, missingSkus: new Set(['P', 'V2']) }), {
      variantMode: 'parent',
    });
    expect(late.tasks.find((candidate) => candidate.id === 'product:V1')).toEqual(
      task(
        'product',
        'V1',
        'update',
        { entity: 'product', sku: 'V1', body: {}, id: 20, parent: ref('product', 'P'), optionValues: size('M') },
        ['product:P'],
        hashOf('V1'),
      ),
    );
  });

  it('not read: a product whose cached hash differs is written whole, with its parent and option set in parent mode', async () => {
    const cache = cacheOf({
      'product:P': { id: 10, hash: 'f:name=00000000' },
      'product:V1': { id: 20, hash: hashOf('V1') },
      // Another input wrote its desc_short: it stays in the hash.
      'product:V2': { id: 30, hash: 'f:desc_short=12345678&name=00000000' },
      'option:size': { id: 1 },
      'optionValue:size=M': { id: 11 },
    });
    const result = await plan(family, notRead(), { variantMode: 'parent', cache });
    expect(of(result, 'product')).toEqual({
      tasks: [
        task(
          'product',
          'P',
          'update',
          { entity: 'product', sku: 'P', body: { name: 'Name P' }, id: 10, optionSet: ref('optionSet', 'size') },
          ['optionSet:size', 'optionSetOption:size|size'],
          hashOf('P'),
        ),
        task(
          'product',
          'V2',
          'update',
          { entity: 'product', sku: 'V2', body: { name: 'Name V2' }, id: 30, parent: ref('product', 'P'), optionValues: size('L') },
          ['optionValue:size=L'],
          compareFields('f:desc_short=12345678&name=00000000', hashOf('V2')).hash,
        ),
      ],
      outcomes: [unchanged('product', 'V1', 20, hashOf('V1'))],
    });
    // Relation mode: no parent in the product write; --full writes the cached one too.
    const relation = await plan(family, notRead(), { cache: cacheOf({ 'product:V1': { id: 20, hash: hashOf('V1', 'relation') } }), rewrite: true });
    expect(relation.tasks.find((candidate) => candidate.id === 'product:V1')).toEqual(
      task('product', 'V1', 'update', { entity: 'product', sku: 'V1', body: { name: 'Name V1' }, id: 20 }, [], hashOf('V1', 'relation')),
    );
  });

  it('a product a feed disabled is enabled again when a row lists it, unless the row says enabled itself', async () => {
    const row = product('A');
    const disabled = cacheOf({ 'product:A': { id: 3, hash: DISABLED_HASH } });
    const hash = productHash(desiredOf(row), 'relation');
    expect((await plan(catalogOf(row), notRead(), { cache: disabled })).tasks).toEqual([
      task('product', 'A', 'update', { entity: 'product', sku: 'A', body: { name: 'Name A', enabled: true }, id: 3 }, [], hash),
    ]);
    // Read from Jasper with the same name: only enabled is written.
    expect((await plan(catalogOf(row), tenant([{ id: 3, sku: 'A', name: 'Name A', enabled: 0 }]), { cache: disabled })).tasks).toEqual([
      task('product', 'A', 'update', { entity: 'product', sku: 'A', body: { enabled: true }, id: 3 }, [], hash),
    ]);
    const off = product('A', { fields: { enabled: false } });
    const offResult = await plan(catalogOf(off), tenant([{ id: 3, sku: 'A', name: 'Name A', enabled: 0 }]), { cache: disabled });
    expect(offResult.tasks).toEqual([]);
    expect(offResult.outcomes).toEqual([unchanged('product', 'A', 3, productHash(desiredOf(off), 'relation'))]);
    // Not disabled: nothing.
    expect((await plan(catalogOf(row), tenant([{ id: 3, sku: 'A', name: 'Name A', enabled: 0 }]))).tasks).toEqual([]);
  });

  it('a parent outside the input is found in Jasper or the cache and known without a row of its own; one found nowhere fails the variant', async () => {
    const variant = product('V', { parentSku: 'X', options: [{ name: 'Size', value: 'M' }], prices: [{ base: 'US', msrp: 1 }] });
    const create = (deps: string[]) =>
      task(
        'product',
        'V',
        'create',
        { entity: 'product', sku: 'V', body: { name: 'Name V' }, parent: ref('product', 'X'), optionValues: size('M'), categories: [] },
        deps,
        productHash(desiredOf(variant, 'parent'), 'parent'),
        [ROW],
        {
          alsoCompletes: [],
        },
      );
    const inJasper = await plan(catalogOf(variant), tenant([{ id: 40, sku: 'X' }], { ...sizes, missingSkus: new Set(['V']) }), { variantMode: 'parent' });
    expect(of(inJasper, 'product')).toEqual({ tasks: [create([])], outcomes: [] });
    expect(inJasper.known).toMatchObject({ 'product:X': 40 });

    const cached = await plan(catalogOf(variant), notRead(['V']), {
      variantMode: 'parent',
      cache: cacheOf({ 'product:X': { id: 40 }, 'option:size': { id: 1 }, 'optionValue:size=M': { id: 11 } }),
    });
    expect(of(cached, 'product')).toEqual({ tasks: [create([])], outcomes: [] });
    expect(cached.known['product:X']).toBe(40);

    // Jasper said X is missing: the cache's id is stale.
    const missing = await plan(catalogOf(variant), notRead(['V', 'X']), { variantMode: 'parent', cache: cacheOf({ 'product:X': { id: 40 } }) });
    expect(of(missing, 'product', 'price')).toEqual({
      tasks: [],
      outcomes: [
        { id: 'product:V', entity: 'product', key: 'V', outcome: 'failed', rows: [ROW], reason: 'parent SKU "X" is neither in the input nor in Jasper' },
      ],
    });
  });

  it('a new product without a name fails, and nothing is written for it', async () => {
    const result = await plan(
      catalogOf(product('A', { name: '  ', prices: [{ base: 'US', msrp: 1 }], images: ['https://cdn.example.com/a.jpg'] })),
      emptyTenant(['A']),
    );
    expect(result.tasks).toEqual([]);
    expect(result.outcomes).toEqual([
      {
        id: 'product:A',
        entity: 'product',
        key: 'A',
        outcome: 'failed',
        rows: [ROW],
        reason: 'name is required to create a product (SKU "A" is not in Jasper)',
      },
    ]);
  });

  it('a product the cache knows without an id is created again; one with an id and no hash is updated', async () => {
    const row = product('A');
    const hash = productHash(desiredOf(row), 'relation');
    const again = await plan(catalogOf(row), notRead(), { cache: cacheOf({ 'product:A': { hash } }) });
    expect(again.tasks.map((candidate) => `${candidate.id}:${candidate.action}`)).toEqual(['product:A:create']);
    const update = await plan(catalogOf(row), notRead(), { cache: cacheOf({ 'product:A': { id: 3 } }) });
    expect(update.tasks).toEqual([task('product', 'A', 'update', { entity: 'product', sku: 'A', body: { name: 'Name A' }, id: 3 }, [], hash)]);
  });
});

describe('images and barcodes', () => {
  const url = 'https://cdn.example.com/a.jpg';
  const row = product('A', { images: [url], barcodes: [{ type: 'EAN', value: '4006381333931' }] });
  const asset = task('asset', `A|${url}`, 'create', { entity: 'asset', product: A, url, sortOrder: 1 }, [], CREATED_HASH);
  const barcode = task('barcode', 'A|EAN|4006381333931', 'create', { entity: 'barcode', product: A, type: 'EAN', value: '4006381333931' }, [], CREATED_HASH);

  it('an asset Jasper answers with image_url only is found; one this tool created keeps its mark', async () => {
    const remote = tenant([
      { id: 3, sku: 'A', name: 'Name A', assets: [{ id: 70, uri: null, image_url: url }], barcodes: [{ id: 71, type: 'ean', barcode: '4006381333931' }] },
    ]);
    const result = await plan(catalogOf(row), remote, { cache: cacheOf({ [`asset:A|${url}`]: { id: 70, hash: CREATED_HASH } }) });
    expect(of(result, 'asset', 'barcode')).toEqual({
      tasks: [],
      outcomes: [unchanged('asset', `A|${url}`, 70, CREATED_HASH), unchanged('barcode', 'A|EAN|4006381333931', 71, PRESENCE_HASH)],
    });
    // Another barcode type with the same digits is another barcode.
    const other = tenant([{ id: 3, sku: 'A', name: 'Name A', assets: [], barcodes: [{ id: 71, type: 'UPC-A', barcode: '4006381333931' }] }]);
    expect(of(await plan(catalogOf(row), other), 'asset', 'barcode').tasks).toEqual([asset, barcode]);
  });

  it('a product read without its media lists: the cache answers, an entry without id or hash counting as found', async () => {
    const cache = cacheOf({ [`asset:A|${url}`]: {}, 'barcode:A|EAN|4006381333931': { id: 71, hash: CREATED_HASH } });
    const result = await plan(catalogOf(row), tenant([{ id: 3, sku: 'A', name: 'Name A' }]), { cache });
    expect(of(result, 'asset', 'barcode')).toEqual({
      tasks: [],
      outcomes: [unchanged('asset', `A|${url}`, 0), unchanged('barcode', 'A|EAN|4006381333931', 71, CREATED_HASH)],
    });
    // A new product: the cache is not asked.
    expect(of(await plan(catalogOf(row), emptyTenant(['A']), { cache }), 'asset', 'barcode').tasks).toEqual([
      { ...asset, deps: ['product:A'] },
      { ...barcode, deps: ['product:A'] },
    ]);
  });
});

describe('variant and related links', () => {
  const accessories = (...skus: string[]) => [{ type: 'Accessories', skus }];
  const link = (to: string, deps: string[] = [], type = 'accessories') =>
    task(
      'relatedLink',
      `A|${type}|${to}`,
      'create',
      { entity: 'relatedLink', product: A, related: ref('product', to), relationType: ref('relationType', type) },
      deps,
      CREATED_HASH,
    );

  it('a product Jasper has: a link it lists with the type (or with none) is found; one with another type is created', async () => {
    const remote = tenant(
      [
        {
          id: 3,
          sku: 'A',
          name: 'Name A',
          related_products: [{ id: 8, relation_type_id: 3 }, { id: 9 }, { id: 10, relation_type_id: 4 }],
        },
        { id: 8, sku: 'B' },
        { id: 9, sku: 'C' },
        { id: 10, sku: 'D' },
      ],
      {
        relationTypes: [
          { id: 3, name: 'Accessories' },
          { id: 4, name: 'Other' },
        ],
      },
    );
    const result = await plan(catalogOf(product('A', { related: accessories('B', 'C', 'D', 'NOWHERE') })), remote, {
      cache: cacheOf({ 'relatedLink:A|accessories|B': { id: 0, hash: CREATED_HASH } }),
    });
    expect(of(result, 'relatedLink')).toEqual({
      tasks: [link('D')],
      outcomes: [
        unchanged('relatedLink', 'A|accessories|B', 0, CREATED_HASH),
        unchanged('relatedLink', 'A|accessories|C', 0),
        {
          id: 'relatedLink:A|accessories|NOWHERE',
          entity: 'relatedLink',
          key: 'A|accessories|NOWHERE',
          outcome: 'failed',
          rows: [ROW],
          reason: 'related SKU "NOWHERE" is neither in the input nor in Jasper',
        },
      ],
    });
    expect(result.known).toMatchObject({ 'product:B': 8, 'product:C': 9, 'product:D': 10 });

    // A relation type to create: every link of that type waits for it (read from Jasper, the cache's word on the link does not count).
    const fresh = await plan(
      catalogOf(product('A', { related: accessories('B') })),
      { ...remote, relationTypes: [] },
      {
        cache: cacheOf({ 'relatedLink:A|accessories|B': { id: 0, hash: CREATED_HASH } }),
      },
    );
    expect(of(fresh, 'relatedLink').tasks).toEqual([link('B', ['relationType:accessories'])]);
    // Jasper lists none of A's links.
    const none = await plan(catalogOf(product('A', { related: accessories('B') })), {
      ...remote,
      products: new Map([...(remote.products as Map<string, RemoteProduct>)].map(([sku, item]) => [sku, { ...item, related_products: undefined }])),
    });
    expect(of(none, 'relatedLink').tasks).toEqual([link('B')]);
  });

  it('not read: the cache vouches for a link, keeping whether this tool created it', async () => {
    const row = product('A', { related: accessories('B', 'C') });
    const cache = cacheOf({
      'product:A': { id: 3, hash: productHash(desiredOf(row), 'relation') },
      'product:B': { id: 8 },
      'product:C': { id: 9 },
      'relationType:accessories': { id: 5 },
      'relatedLink:A|accessories|B': { id: 0, hash: CREATED_HASH },
    });
    const result = await plan(catalogOf(row), notRead(), { cache });
    expect(of(result, 'relatedLink')).toEqual({ tasks: [link('C')], outcomes: [unchanged('relatedLink', 'A|accessories|B', 0, CREATED_HASH)] });
  });

  it('relation mode: a variant is linked to its parent with the Variant type, unless Jasper has the link', async () => {
    const family = catalogOf(
      product('P'),
      product('V1', { parentSku: 'P', options: [{ name: 'Size', value: 'M' }] }),
      product('V2', { parentSku: 'P', options: [{ name: 'Size', value: 'L' }] }),
    );
    const remote = tenant(
      [
        { id: 1, sku: 'P', name: 'Name P', option_set_id: 5, related_products: [{ id: 2, relation_type_id: 7 }] },
        { id: 2, sku: 'V1', name: 'Name V1' },
        { id: 6, sku: 'V2', name: 'Name V2' },
      ],
      {
        options: [
          {
            id: 1,
            name: 'Size',
            values: [
              { id: 11, option_id: 1, value: 'M' },
              { id: 12, option_id: 1, value: 'L' },
            ],
          },
        ],
        optionSets: [{ id: 5, name: 'Size', optionIds: [1] }],
        relationTypes: [{ id: 7, name: 'Variant' }],
      },
    );
    const result = await plan(family, remote);
    expect(result.tasks).toEqual([
      task(
        'variantLink',
        'P>V2',
        'create',
        { entity: 'variantLink', product: ref('product', 'P'), related: ref('product', 'V2'), relationType: ref('relationType', 'variant') },
        [],
        CREATED_HASH,
      ),
    ]);
    expect(of(result, 'variantLink').outcomes).toEqual([unchanged('variantLink', 'P>V1', 0)]);
  });
});

describe('--prune', () => {
  const url = 'https://cdn.example.com/a.jpg';
  const row = product('A', { images: [url], barcodes: [{ type: 'EAN', value: '4006381333931' }], related: [{ type: 'Accessories', skus: ['B'] }] });
  const inputs = catalogOf(row, product('B'), product('A|X'));
  const base = {
    'product:A': { id: 7, hash: productHash(desiredOf(row), 'relation') },
    'product:B': { id: 8, hash: productHash(desiredOf(product('B')), 'relation') },
    'product:A|X': { id: 9, hash: productHash(desiredOf(product('A|X')), 'relation') },
    'relationType:accessories': { id: 3 },
  };
  const removal = (entity: EntityKind, key: string, payload: TaskPayload) => task(entity, key, 'delete', payload, [], PRESENCE_HASH);

  it('what the row still lists stays; a link of a type the push does not name is removed with the ids the cache holds', async () => {
    const cache = cacheOf({
      ...base,
      [`asset:A|${url}`]: { id: 70, hash: CREATED_HASH },
      'barcode:A|EAN|4006381333931': { id: 71, hash: CREATED_HASH },
      'relatedLink:A|accessories|B': { id: 0, hash: CREATED_HASH },
      'relationType:old': { id: 4 },
      'relatedLink:A|old|B': { id: 0, hash: CREATED_HASH },
      // Of the input product "A|X", not of A: pruned for A|X, whose row lists none.
      'asset:A|X|https://cdn.example.com/x.jpg': { id: 72, hash: CREATED_HASH },
      'barcode:A|X|EAN|1': { id: 73, hash: CREATED_HASH },
    });
    const result = await plan(inputs, notRead(), { cache, prune: true });
    expect(result.tasks.filter((candidate) => candidate.action === 'delete')).toEqual([
      removal('relatedLink', 'A|old|B', { entity: 'removal', of: 'relatedLink', product: A, relatedId: 8, relationTypeId: 4, what: 'A: related link old → B' }),
      removal('asset', 'A|X|https://cdn.example.com/x.jpg', {
        entity: 'removal',
        of: 'asset',
        product: ref('product', 'A|X'),
        id: 72,
        what: 'A|X: image https://cdn.example.com/x.jpg',
      }),
      removal('barcode', 'A|X|EAN|1', { entity: 'removal', of: 'barcode', product: ref('product', 'A|X'), id: 73, what: 'A|X: barcode EAN 1' }),
    ]);
    expect(result.notes).toEqual([]);
  });

  it('what cannot be removed without ids is a note: an image or barcode without an id, a link to an unknown product or type', async () => {
    const cache = cacheOf({
      ...base,
      'asset:A|https://cdn.example.com/old.jpg': { hash: CREATED_HASH },
      'barcode:A|EAN|0000000000000': { id: 0, hash: CREATED_HASH },
      'relatedLink:A|accessories|GONE': { id: 0, hash: CREATED_HASH },
      'relatedLink:A|gone|B': { id: 0, hash: CREATED_HASH },
    });
    const result = await plan(inputs, notRead(), { cache, prune: true });
    expect(result.tasks.filter((candidate) => candidate.action === 'delete')).toEqual([]);
    expect(result.notes).toEqual([
      '--prune: cannot remove related link accessories → GONE of A: its Jasper ids are not known (push with --reconcile first)',
      '--prune: cannot remove related link gone → B of A: its Jasper ids are not known (push with --reconcile first)',
      '--prune: cannot remove image https://cdn.example.com/old.jpg of A: its Jasper ids are not known (push with --reconcile first)',
      '--prune: cannot remove barcode EAN 0000000000000 of A: its Jasper ids are not known (push with --reconcile first)',
    ]);
  });

  it('an entry under "A|" of a SKU "A|…" this tool wrote is not A\'s; a product just created has nothing to prune', async () => {
    const cache = cacheOf({
      ...base,
      'product:A|Y': { id: 10 },
      'asset:A|Y|https://cdn.example.com/y.jpg': { id: 74, hash: CREATED_HASH },
      'asset:A|https://cdn.example.com/old.jpg': { id: 75, hash: CREATED_HASH },
    });
    const result = await plan(catalogOf(row, product('B')), notRead(), { cache, prune: true });
    expect(result.tasks.filter((candidate) => candidate.action === 'delete').map((candidate) => candidate.payload)).toEqual([
      { entity: 'removal', of: 'asset', product: A, id: 75, what: 'A: image https://cdn.example.com/old.jpg' },
    ]);
    const fresh = await plan(catalogOf(row, product('B')), notRead(['A']), { cache, prune: true });
    expect(fresh.tasks.filter((candidate) => candidate.action === 'delete')).toEqual([]);
  });
});

describe('the plan builder', () => {
  const loc: SourceLocation = { file: 'p.csv', line: 9 };
  const productPayload = (sku: string): TaskPayload => ({ entity: 'product', sku, body: { name: sku } });

  /** A SettledStatuses store in memory, recording each setAll. */
  function store(initial: [string, StoredStatus][] = []): SettledStatuses & { map: Map<string, StoredStatus>; calls: [string, StoredStatus][][] } {
    const map = new Map(initial);
    const calls: [string, StoredStatus][][] = [];
    return {
      map,
      calls,
      get: (id) => map.get(id),
      setAll: (entries) => {
        const list = [...entries];
        calls.push(list);
        for (const [id, status] of list) map.set(id, status);
      },
    };
  }

  it('a task depends on the pending tasks it refers to, once each; a known reference is no dependency but its id goes into the plan', () => {
    const builder = new PlanBuilder(EMPTY_CACHE);
    builder.known('category', 'c', 7, [], undefined, false);
    builder.task('optionSet', 's', 'create', { entity: 'optionSet', name: 'S' }, [], [], PRESENCE_HASH);
    builder.task(
      'product',
      'A',
      'create',
      productPayload('A'),
      [ref('optionSet', 's'), null, undefined, ref('category', 'c'), ref('optionSet', 's')],
      [loc],
      'h',
      { alsoCompletes: [{ entity: 'categoryAssignment', key: 'A|c', hash: PRESENCE_HASH }] },
    );
    expect(builder.result).toStrictEqual({
      tasks: [
        {
          id: 'optionSet:s',
          entity: 'optionSet',
          key: 's',
          action: 'create',
          payload: { entity: 'optionSet', name: 'S' },
          deps: [],
          rows: [],
          hash: PRESENCE_HASH,
        },
        {
          id: 'product:A',
          entity: 'product',
          key: 'A',
          action: 'create',
          payload: productPayload('A'),
          deps: ['optionSet:s'],
          rows: [loc],
          hash: 'h',
          alsoCompletes: [{ entity: 'categoryAssignment', key: 'A|c', hash: PRESENCE_HASH }],
        },
      ],
      // Registered without a row outcome.
      outcomes: [],
      known: { 'category:c': 7 },
      notes: [],
    });
    expect(builder.statusOf('product', 'A')).toEqual({ state: 'task', taskId: 'product:A' });
    expect(builder.statusOf('category', 'c')).toEqual({ state: 'known', id: 7 });
    expect(builder.statusOf('category', 'none')).toBeUndefined();
    expect([builder.idOf('category', 'c'), builder.idOf('product', 'A'), builder.idOf('product', 'B')]).toEqual([7, undefined, undefined]);
    expect([builder.has('product', 'A'), builder.has('product', 'B')]).toEqual([true, false]);
  });

  it('a reference that is not known, or blocked, skips the task with the reason', () => {
    const builder = new PlanBuilder(EMPTY_CACHE);
    builder.blocked('product', 'P', [loc], 'name is required', 'failed');
    builder.task('price', 'P|US', 'create', { entity: 'price', product: ref('product', 'P'), base: 'US', body: {} }, [ref('product', 'P')], [loc], 'h');
    builder.task('asset', 'A|u', 'create', { entity: 'asset', product: ref('product', 'A'), url: 'u', sortOrder: 1 }, [ref('product', 'A')], [loc], 'h');
    builder.task('typeValue', 't=x', 'create', { entity: 'typeValue', attribute: ref('attribute', 't'), value: 'x' }, [ref('attribute', 't')], [], 'h');
    expect(builder.result.tasks).toEqual([]);
    expect(builder.result.outcomes).toEqual([
      { id: 'product:P', entity: 'product', key: 'P', outcome: 'failed', rows: [loc], reason: 'name is required' },
      { id: 'price:P|US', entity: 'price', key: 'P|US', outcome: 'skipped', rows: [loc], reason: 'depends on product "P": name is required' },
      { id: 'asset:A|u', entity: 'asset', key: 'A|u', outcome: 'skipped', rows: [loc], reason: 'product "A" is not known' },
      { id: 'typeValue:t=x', entity: 'typeValue', key: 't=x', outcome: 'skipped', rows: [], reason: 'attribute "t" is not known' },
    ]);
    expect(builder.statusOf('price', 'P|US')).toEqual({ state: 'blocked', reason: 'depends on product "P": name is required' });
  });

  it('known and existing ids; notes; the cache and the history answer separately', () => {
    const cache = cacheOf({ 'product:A': { id: 1, hash: 'x' } });
    const history = cacheOf({ 'product:A': { id: 2, hash: 'y' }, 'asset:A|1': { id: 3 }, 'asset:A|2': { id: 4 }, 'asset:B|1': { id: 5 } });
    const builder = new PlanBuilder(cache, history);
    expect(builder.cached('product', 'A')).toEqual({ id: 1, hash: 'x' });
    expect(builder.written('product', 'A')).toEqual({ id: 2, hash: 'y' });
    expect([...builder.writtenUnder('asset', 'A|')]).toEqual([
      ['asset:A|1', { id: 3 }],
      ['asset:A|2', { id: 4 }],
    ]);
    builder.known('price', 'A|US', 11, [loc], 'h');
    builder.known('inventory', 'A|main', 12, [loc]);
    builder.existing('product', 'A', 1);
    builder.note('first');
    builder.note('second');
    expect(builder.result).toStrictEqual({
      tasks: [],
      outcomes: [
        { id: 'price:A|US', entity: 'price', key: 'A|US', outcome: 'unchanged', rows: [loc], remoteId: 11, hash: 'h' },
        { id: 'inventory:A|main', entity: 'inventory', key: 'A|main', outcome: 'unchanged', rows: [loc], remoteId: 12 },
      ],
      known: { 'price:A|US': 11, 'inventory:A|main': 12, 'product:A': 1 },
      notes: ['first', 'second'],
    });
    expect([builder.knownId('product', 'A'), builder.knownId('product', 'B'), builder.idOf('product', 'A')]).toEqual([1, undefined, 1]);
    // One builder: the history defaults to the cache.
    expect(new PlanBuilder(cache).written('product', 'A')).toEqual({ id: 1, hash: 'x' });
  });

  it('sealing a batch forgets what was written per product and keeps products and shared entities pending', () => {
    const builder = new PlanBuilder(EMPTY_CACHE);
    builder.task('category', 'c', 'create', { entity: 'category', name: 'C', parent: null, body: {} }, [], [], 'h');
    builder.task('product', 'A', 'create', productPayload('A'), [], [loc], 'h');
    builder.task('price', 'A|US', 'create', { entity: 'price', product: ref('product', 'A'), base: 'US', body: {} }, [ref('product', 'A')], [loc], 'h');
    builder.known('inventory', 'A|main', 12, [loc]);
    const first = builder.seal();
    expect(first.tasks.map((candidate) => candidate.id)).toEqual(['category:c', 'product:A', 'price:A|US']);
    expect(builder.result).toEqual({ tasks: [], outcomes: [], known: {}, notes: [] });
    expect([builder.has('price', 'A|US'), builder.has('inventory', 'A|main'), builder.has('product', 'A'), builder.has('category', 'c')]).toEqual([
      false,
      false,
      true,
      true,
    ]);

    // What the run did: created with an id, failed, skipped, or not attempted.
    builder.task('product', 'B', 'create', productPayload('B'), [], [loc], 'h');
    builder.task('product', 'C', 'create', productPayload('C'), [], [loc], 'h');
    builder.task('product', 'D', 'create', productPayload('D'), [], [loc], 'h');
    builder.task('product', 'E', 'create', productPayload('E'), [], [loc], 'h');
    builder.task('price', 'B|US', 'create', { entity: 'price', product: ref('product', 'B'), base: 'US', body: {} }, [], [loc], 'h');
    const second = builder.seal();
    builder.settle(
      second,
      new Map([
        ['product:B', { outcome: 'created' as const, remoteId: 20 }],
        ['product:C', { outcome: 'failed' as const, error: 'boom' }],
        ['product:D', { outcome: 'skipped' as const }],
        ['product:E', { outcome: 'updated' as const }],
        ['price:B|US', { outcome: 'created' as const, remoteId: 21 }],
      ]),
    );
    builder.settle(first, new Map([['product:A', { outcome: 'updated' as const, remoteId: 10 }]]));
    expect(['A', 'B', 'C', 'D', 'E', 'F'].map((sku) => builder.statusOf('product', sku))).toEqual([
      { state: 'known', id: 10 },
      { state: 'known', id: 20 },
      { state: 'blocked', reason: 'failed: boom' },
      { state: 'blocked', reason: 'skipped: skipped' },
      // Updated without an id coming back: not usable.
      { state: 'blocked', reason: 'failed: updated' },
      undefined,
    ]);
    expect(builder.statusOf('category', 'c')).toEqual({ state: 'blocked', reason: 'not attempted: the run stopped first' });
    expect(builder.has('price', 'B|US')).toBe(false);
    // A later batch's reference to a settled product is no dependency; its id goes into that batch's plan.
    builder.task('price', 'B|CA', 'create', { entity: 'price', product: ref('product', 'B'), base: 'CA', body: {} }, [ref('product', 'B')], [loc], 'h');
    expect(builder.result.tasks[0]!.deps).toEqual([]);
    expect(builder.result.known).toEqual({ 'product:B': 20 });
  });

  it('with a store for settled statuses, sealed products move there and are read back from it; shared entities stay', () => {
    const settled = store([['category:c', 99]]);
    const builder = new PlanBuilder(EMPTY_CACHE, EMPTY_CACHE, settled);
    // The store answers for products only.
    expect(builder.has('category', 'c')).toBe(false);
    builder.task('category', 'd', 'create', { entity: 'category', name: 'D', parent: null, body: {} }, [], [], 'h');
    builder.task('product', 'A', 'create', productPayload('A'), [], [loc], 'h');
    builder.known('product', 'K', 5, [loc]);
    builder.task('price', 'A|US', 'create', { entity: 'price', product: ref('product', 'A'), base: 'US', body: {} }, [ref('product', 'A')], [loc], 'h');
    const first = builder.seal();
    // The price waited for A, pending in this batch (the store is asked only for what the batch does not hold).
    expect(first.tasks.map((candidate) => [candidate.id, candidate.deps])).toEqual([
      ['category:d', []],
      ['product:A', []],
      ['price:A|US', ['product:A']],
    ]);
    expect(settled.calls).toEqual([
      [
        ['product:A', 'product:A'],
        ['product:K', 5],
      ],
    ]);
    expect(builder.statusOf('product', 'A')).toEqual({ state: 'task', taskId: 'product:A' });
    expect(builder.idOf('product', 'K')).toBe(5);
    expect(builder.statusOf('category', 'd')).toEqual({ state: 'task', taskId: 'category:d' });

    builder.settle(
      first,
      new Map([
        ['product:A', { outcome: 'created' as const, remoteId: 10 }],
        ['category:d', { outcome: 'created' as const, remoteId: 11 }],
      ]),
    );
    expect(settled.calls[1]).toEqual([['product:A', 10]]);
    expect([builder.idOf('product', 'A'), builder.idOf('category', 'd')]).toEqual([10, 11]);
    expect(settled.map.has('category:d')).toBe(false);

    // A batch without products: sealing it moves none (an empty call), settling it does not call the store.
    builder.task('category', 'e', 'create', { entity: 'category', name: 'E', parent: null, body: {} }, [], [], 'h');
    const third = builder.seal();
    expect(settled.calls).toHaveLength(3);
    expect(settled.calls[2]).toEqual([]);
    builder.settle(third, new Map([['category:e', { outcome: 'created' as const, remoteId: 12 }]]));
    expect(settled.calls).toHaveLength(3);
    expect(builder.idOf('category', 'e')).toBe(12);
  });
});

describe('desired state', () => {
  it('a parent gets an option set of its variants option names, in name order whatever the case, each option once', () => {
    const rows = [
      product('P'),
      product('V1', {
        parentSku: 'P',
        options: [
          { name: 'Size', value: ' M ' },
          { name: 'color', value: 'Red' },
        ],
      }),
      product('V2', { parentSku: 'P', options: [{ name: ' Size ', value: 'L' }] }),
      product('S', { options: [{ name: 'Fit', value: 'Slim' }] }),
    ];
    expect(variantOptionsOf(rows)).toEqual(new Map([['P', ['Size', 'color']]]));
    const builder = new DesiredBuilder(emptyCatalog(), variantOptionsOf(rows), 'parent');
    const [parent, v1, v2, single] = rows.map((input) => builder.product(input));
    expect(parent!.optionSet).toBe('color / size');
    expect(v1!.options).toEqual([
      { option: 'size', value: 'M' },
      { option: 'color', value: 'Red' },
    ]);
    expect(v2!.options).toEqual([{ option: 'size', value: 'L' }]);
    // Not a variant: its option columns are not options.
    expect(single!.options).toEqual([]);
    const state = builder.finish();
    expect(state.optionSets).toEqual(new Map([['color / size', { name: 'color / Size', options: ['color', 'size'] }]]));
    expect(state.options).toEqual(
      new Map([
        ['color', { name: 'color' }],
        ['size', { name: 'Size' }],
      ]),
    );
    expect(state.optionValues).toEqual(
      new Map([
        ['size=M', { option: 'size', value: 'M' }],
        ['color=Red', { option: 'color', value: 'Red' }],
        ['size=L', { option: 'size', value: 'L' }],
      ]),
    );
    // Parent mode: no Variant relation type.
    expect(state.relationTypes).toEqual(new Map());
    expect(new DesiredBuilder(emptyCatalog(), variantOptionsOf(rows), 'relation').state.relationTypes).toEqual(new Map([['variant', { name: 'Variant' }]]));
    expect(new DesiredBuilder(emptyCatalog(), new Map(), 'relation').state.relationTypes).toEqual(new Map());
  });

  it('a product row: its body, name, prices merged by base, images and barcodes once each, related SKUs by type key', () => {
    const builder = new DesiredBuilder(emptyCatalog(), new Map(), 'relation');
    const desired = builder.product(
      product('A', {
        name: ' ',
        fields: { desc_short: 'Short', enabled: false },
        categories: [['Apparel', 'Shirts'], ['Sale']],
        prices: [
          { base: ' us', msrp: 10 },
          { base: 'US', cost: 4, msrp: 11 },
        ],
        images: ['u1', 'u2', 'u1'],
        barcodes: [
          { type: 'EAN', value: '1' },
          { type: 'EAN', value: '1' },
          { type: 'UPC-A', value: '1' },
        ],
        related: [{ type: ' Accessories ', skus: ['B', 'C'] }],
        attributes: [{ name: 'Material', values: ['Cotton'] }],
      }),
    );
    expect(desired).toEqual({
      sku: 'A',
      loc: ROW,
      body: { desc_short: 'Short', enabled: false },
      hasName: false,
      parentSku: undefined,
      options: [],
      optionSet: undefined,
      categories: ['apparel > shirts', 'sale'],
      prices: [{ base: 'US', msrp: 11, cost: 4 }],
      attributes: [{ attribute: 'material', values: ['Cotton'] }],
      inventory: [],
      related: [
        { type: 'accessories', sku: 'B' },
        { type: 'accessories', sku: 'C' },
      ],
      images: ['u1', 'u2'],
      barcodes: [
        { type: 'EAN', value: '1' },
        { type: 'UPC-A', value: '1' },
      ],
    });
    expect(builder.product(product('B', { images: [], barcodes: [] }))).toMatchObject({ body: { name: 'Name B' }, hasName: true, images: [], barcodes: [] });
    expect(builder.finish().relationTypes).toEqual(new Map([['accessories', { name: 'Accessories' }]]));
  });

  it('shared sections: categories parents first with their rows and fields; attributes keep the first type given', () => {
    const catalog: Catalog = {
      ...emptyCatalog(),
      categories: [
        { loc: { file: 'c.csv', line: 2 }, path: ['Apparel', 'Shirts'], desc: 'Tops' },
        { loc: { file: 'c.csv', line: 3 }, path: ['Apparel'], slug: 'apparel' },
      ],
      options: [{ name: 'Fit', values: [' Slim', 'Loose '] }],
      attributes: [{ name: 'Country', type: 'multiselect', values: [' USA '] }],
    };
    const builder = new DesiredBuilder(catalog, new Map(), 'relation');
    builder.product(
      product('A', {
        attributes: [
          { name: 'country', type: 'text', values: ['Canada'] },
          { name: 'Material', values: [] },
        ],
      }),
    );
    builder.product(
      product('B', {
        attributes: [
          { name: 'material', type: 'textarea', values: [] },
          { name: 'MATERIAL', type: 'date', values: [] },
        ],
      }),
    );
    const state = builder.finish();
    expect(state.categories).toEqual([
      { key: 'apparel', name: 'Apparel', parentKey: undefined, depth: 0, fields: { slug: 'apparel' }, rows: [{ file: 'c.csv', line: 3 }] },
      { key: 'apparel > shirts', name: 'Shirts', parentKey: 'apparel', depth: 1, fields: { desc: 'Tops' }, rows: [{ file: 'c.csv', line: 2 }] },
    ]);
    expect(state.options).toEqual(new Map([['fit', { name: 'Fit' }]]));
    expect(state.optionValues).toEqual(
      new Map([
        ['fit=Slim', { option: 'fit', value: 'Slim' }],
        ['fit=Loose', { option: 'fit', value: 'Loose' }],
      ]),
    );
    expect(state.attributes).toEqual(
      new Map([
        ['country', { name: 'Country', type: 'multiselect' }],
        ['material', { name: 'Material', type: 'textarea' }],
      ]),
    );
    expect(state.attributeValuesUsed).toEqual(new Map([['country', new Set(['USA', 'Canada'])]]));
  });
});

describe('rows, labels, stages and bodies', () => {
  it('input rows: kind and key, and one location key per file and line or path', () => {
    expect(categoryRow({ loc: { file: 'c.csv', line: 4 }, path: ['Apparel', 'Shirts'] })).toEqual({
      loc: { file: 'c.csv', line: 4 },
      kind: 'category',
      key: 'Apparel > Shirts',
    });
    expect(productRow({ loc: ROW, sku: 'A' })).toEqual({ loc: ROW, kind: 'product', key: 'A' });
    expect(inventoryRow({ loc: ROW, sku: 'A', location: 'Main', count_on_hand: 1 })).toEqual({ loc: ROW, kind: 'inventory', key: 'A@Main' });
    expect(locationKey({ file: 'p.csv', line: 0 })).toBe('p.csv\u00000');
    expect(locationKey({ file: 'c.json', path: 'products[1]' })).toBe('c.json\u0000products[1]');
    expect(locationKey({ file: 'c.json', line: 3, path: 'products[1]' })).toBe('c.json\u00003');
    expect(locationKey({ file: 'c.json' })).toBe('c.json\u0000');
  });

  it('labels and stages of every entity kind', () => {
    expect(entitiesByLabel({ asset: 2, typeValue: 3, product: 1 })).toEqual({ image: 2, 'attribute type value': 3, product: 1 });
    expect(entitiesByLabel({})).toEqual({});
    expect((Object.keys(ENTITY_LABELS) as EntityKind[]).map((entity) => [entity, stageOf(entity)])).toEqual([
      ['category', 'categories'],
      ['option', 'options'],
      ['optionValue', 'options'],
      ['optionSet', 'options'],
      ['optionSetOption', 'options'],
      ['attribute', 'attributes'],
      ['typeValue', 'attributes'],
      ['relationType', 'attributes'],
      ['product', 'products'],
      ['price', 'prices'],
      ['attributeValues', 'attribute values'],
      ['inventory', 'inventory'],
      ['categoryAssignment', 'category assignments'],
      ['asset', 'images'],
      ['barcode', 'barcodes'],
      ['variantLink', 'variant links'],
      ['relatedLink', 'related links'],
    ]);
    expect(stageOf('removal' as EntityKind)).toBe('other');
    expect(STAGES.flatMap((stage) => stage.entities)).toHaveLength(Object.keys(ENTITY_LABELS).length);
  });

  it('a category row body: its own fields, in the reference order, without its path, name or location', () => {
    expect(
      categoryFields({
        loc: { file: 'c.csv', line: 2 },
        path: ['Apparel'],
        search_keywords: 'k',
        seo_meta_keywords: 'mk',
        seo_meta_desc: 'md',
        seo_meta_title: 'mt',
        is_visible: false,
        slug: 's',
        desc: 'd',
      }),
    ).toEqual({ desc: 'd', slug: 's', is_visible: false, seo_meta_title: 'mt', seo_meta_desc: 'md', seo_meta_keywords: 'mk', search_keywords: 'k' });
    expect(Object.keys(categoryFields({ loc: ROW, path: ['A'], slug: 's', desc: 'd' }))).toEqual(['desc', 'slug']);
  });

  it('the empty change cache answers nothing', () => {
    expect(EMPTY_CACHE.get('product:A')).toBeUndefined();
    expect([...EMPTY_CACHE.entriesUnder('product:')]).toEqual([]);
  });
});

describe('batches', () => {
  it('the second read takes only the waiting variants: an inventory row is held once, even at a variant location', async () => {
    // Locations are the only filter of the second read; this inventory row shares V's.
    const v = product('V', { parentSku: 'P', options: [{ name: 'Size', value: 'M' }], loc: { file: 'p.csv', line: 2 } });
    const rows: Catalog = {
      ...catalogOf(v, product('X', { loc: { file: 'p.csv', line: 3 } }), product('P', { loc: { file: 'p.csv', line: 4 } })),
      inventory: [{ sku: 'X', location: 'Main', count_on_hand: 1, loc: { file: 'p.csv', line: 2 } }],
    };
    const { batches } = await planBatches(rows, emptyTenant(['V', 'X', 'P']), { batchProducts: 1, variantMode: 'parent' });
    const inventory = batches.flatMap((batch) => batch.plan.tasks).filter((candidate) => candidate.entity === 'inventory');
    expect(inventory.map((candidate) => candidate.id)).toEqual(['inventory:X|main']);
    expect(batches.flatMap((batch) => batch.rows.map((row) => `${row.kind}:${row.key}`))).toEqual(['product:X', 'product:P', 'product:V', 'inventory:X@Main']);
  });
});

describe('related links to products further on', () => {
  it('wait for the final batch, then are written for the row that named them', async () => {
    const rows = catalogOf(product('A', { related: [{ type: 'Accessories', skus: ['B'] }] }), product('B', { loc: { file: 'p.csv', line: 3 } }));
    const { batches } = await planBatches(rows, emptyTenant(['A', 'B']), { batchProducts: 1 });
    expect(batches.map((batch) => batch.plan.tasks.filter((candidate) => candidate.entity === 'relatedLink'))).toEqual([
      [],
      [],
      [
        task(
          'relatedLink',
          'A|accessories|B',
          'create',
          { entity: 'relatedLink', product: A, related: ref('product', 'B'), relationType: ref('relationType', 'accessories') },
          ['product:A', 'product:B', 'relationType:accessories'],
          CREATED_HASH,
        ),
      ],
    ]);
    // Nothing but the link in the last batch, and no row of its own.
    expect(batches[2]!.plan.tasks).toHaveLength(1);
    expect(batches[2]!.rows).toEqual([]);
  });
});

describe('shared names', () => {
  it('the first spelling of an option, an option set and a relation type is the one kept; a later one in another case joins it', () => {
    const catalog = catalogOf(
      product('P'),
      product('V1', { parentSku: 'P', options: [{ name: 'Size', value: 'M' }] }),
      product('V2', { parentSku: 'P', options: [{ name: 'SIZE', value: 'L' }] }),
      product('Q'),
      product('V3', { parentSku: 'Q', options: [{ name: 'size', value: 'S' }] }),
      product('R', { related: [{ type: 'Accessories', skus: ['P'] }] }),
      product('S', { related: [{ type: 'ACCESSORIES', skus: ['P'] }] }),
    );
    const builder = new DesiredBuilder(catalog, variantOptionsOf(catalog.products), 'parent');
    const desired = catalog.products.map((input) => builder.product(input));
    const state = builder.finish();
    expect(state.options).toEqual(new Map([['size', { name: 'Size' }]]));
    // Q's variants spell it `size`: the same set, under the name P's gave it.
    expect(state.optionSets).toEqual(new Map([['size', { name: 'Size', options: ['size'] }]]));
    expect(desired.filter((entry) => entry.optionSet !== undefined).map((entry) => [entry.sku, entry.optionSet])).toEqual([
      ['P', 'size'],
      ['Q', 'size'],
    ]);
    expect(state.relationTypes).toEqual(new Map([['accessories', { name: 'Accessories' }]]));
  });
});
