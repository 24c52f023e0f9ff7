// The planner with plain data: no network, no files. Every plan comes from BatchPlanner, the
// planner a push runs; a catalog that fits in one batch is planned as one.
import { describe, expect, it } from 'vitest';
import { type ProductInput, emptyCatalog } from '../src/catalog/types.js';
import { DesiredBuilder } from '../src/plan/desired.js';
import { productEntities } from '../src/plan/keys.js';
import type { CacheEntry, CacheView, RemoteSnapshot } from '../src/plan/remote.js';
import type { Plan, Task } from '../src/plan/types.js';
import { NOTHING_READ, catalogOf, emptyTenant, plan, planBatches, product } from './helpers/planning.js';

const task = (result: Plan, id: string): Task | undefined => result.tasks.find((candidate) => candidate.id === id);

describe('planner', () => {
  it('creates categories parents first, each depending on its parent', async () => {
    const result = await plan(catalogOf(product('A', { categories: [['Apparel', 'Shirts', 'Tees']] })), emptyTenant(['A']));
    const categories = result.tasks.filter((candidate) => candidate.entity === 'category');
    expect(categories.map((candidate) => candidate.key)).toEqual(['apparel', 'apparel > shirts', 'apparel > shirts > tees']);
    expect(categories[2]!.deps).toEqual(['category:apparel > shirts']);
    // A new product carries its categories in the create body: no separate assignment call.
    const create = task(result, 'product:A')!;
    expect(create.deps).toContain('category:apparel > shirts > tees');
    expect(create.alsoCompletes).toEqual([expect.objectContaining({ entity: 'categoryAssignment', key: 'A|apparel > shirts > tees' })]);
    expect(result.tasks.some((candidate) => candidate.entity === 'categoryAssignment')).toBe(false);
  });

  it('a new product costs one create, one call per price base, one attribute PUT, one call per location and per link', async () => {
    const catalog = catalogOf(
      product('A', {
        prices: [
          { base: 'US', msrp: 10 },
          { base: 'CA', msrp: 13 },
        ],
        attributes: [
          { name: 'Material', values: ['Cotton'] },
          { name: 'Country', type: 'multiselect', values: ['USA', 'Canada'] },
        ],
        inventory: [
          { location: 'Main', count_on_hand: 3 },
          { location: 'Toronto', count_on_hand: 1 },
        ],
        related: [{ type: 'Accessories', skus: ['B'] }],
      }),
      product('B'),
    );
    const result = await plan(catalog, emptyTenant(['A', 'B']));
    const perProduct = result.tasks.filter((candidate) => candidate.rows.some((row) => row.line === 2) && candidate.key.startsWith('A'));
    expect(perProduct.map((candidate) => candidate.entity).sort()).toEqual(
      ['attributeValues', 'inventory', 'inventory', 'price', 'price', 'product', 'relatedLink'].sort(),
    );
    expect(
      result.tasks
        .filter((candidate) => candidate.entity === 'typeValue')
        .map((candidate) => candidate.key)
        .sort(),
    ).toEqual(['country=Canada', 'country=USA']);
    expect(result.tasks.find((candidate) => candidate.entity === 'attribute' && candidate.key === 'country')?.payload).toMatchObject({ type: 'multiselect' });
    const link = task(result, 'relatedLink:A|accessories|B')!;
    expect(link.deps.sort()).toEqual(['product:A', 'product:B', 'relationType:accessories'].sort());
  });

  it('relation mode links each variant to its parent; parent mode creates it with parent_id instead', async () => {
    const catalog = catalogOf(product('V', { parentSku: 'P', options: [{ name: 'Size', value: 'M' }] }), product('P'));
    const relation = await plan(catalog, emptyTenant(['P', 'V']));
    expect(task(relation, 'variantLink:P>V')?.deps.sort()).toEqual(['product:P', 'product:V', 'relationType:variant'].sort());
    expect(task(relation, 'product:P')?.payload).toMatchObject({ optionSet: { entity: 'optionSet', key: 'size' } });
    expect(task(relation, 'optionSetOption:size|size')).toBeDefined();
    expect(task(relation, 'product:P')?.deps).toEqual(expect.arrayContaining(['optionSet:size', 'optionSetOption:size|size']));

    const parent = await plan(catalog, emptyTenant(['P', 'V']), { variantMode: 'parent' });
    expect(parent.tasks.some((candidate) => candidate.entity === 'variantLink')).toBe(false);
    expect(task(parent, 'product:V')?.deps).toEqual(expect.arrayContaining(['product:P', 'optionValue:size=M']));
  });

  it('existing entities are matched by key and left alone when nothing differs', async () => {
    const catalog = catalogOf(
      product('A', { categories: [['Apparel']], prices: [{ base: 'US', msrp: 10 }], inventory: [{ location: 'Main', count_on_hand: 2 }] }),
    );
    const remote: RemoteSnapshot = {
      ...emptyTenant([]),
      categories: [{ id: 7, parent_id: null, name: 'apparel' }],
      products: new Map([
        [
          'A',
          {
            id: 3,
            sku: 'A',
            name: 'Name A',
            categories: [{ id: 7 }],
            prices: [{ id: 11, base: 'us', msrp: '10.00' }],
            inventory: [{ id: 12, location: 'Main', count_on_hand: 2 }],
            product_attributes: [],
            related_products: [],
          },
        ],
      ]),
      missingSkus: new Set(),
    };
    const result = await plan(catalog, remote);
    expect(result.tasks).toEqual([]);
    expect(result.outcomes.map((outcome) => `${outcome.id}=${outcome.outcome}`).sort()).toEqual(
      [
        'category:apparel=unchanged',
        'product:A=unchanged',
        'price:A|US=unchanged',
        'inventory:A|main=unchanged',
        'categoryAssignment:A|apparel=unchanged',
      ].sort(),
    );
  });

  it('updates only what differs, by the id Jasper has', async () => {
    const catalog = catalogOf(product('A', { name: 'New name', prices: [{ base: 'US', msrp: 12 }] }));
    const remote: RemoteSnapshot = {
      ...emptyTenant([]),
      products: new Map([
        [
          'A',
          {
            id: 3,
            sku: 'A',
            name: 'Old name',
            prices: [{ id: 11, base: 'US', msrp: 10 }],
            inventory: [],
            product_attributes: [],
            categories: [],
            related_products: [],
          },
        ],
      ]),
      missingSkus: new Set(),
    };
    const result = await plan(catalog, remote);
    expect(task(result, 'product:A')).toMatchObject({ action: 'update', payload: { id: 3, body: { name: 'New name' } } });
    expect(task(result, 'price:A|US')).toMatchObject({ action: 'update', payload: { id: 11 }, deps: [] });
  });

  it('fails rows it cannot write: a new product without a name, a parent or related SKU found nowhere', async () => {
    const catalog = catalogOf(
      product('NONAME', { name: undefined }),
      product('ORPHAN', { parentSku: 'GHOST', options: [{ name: 'Size', value: 'S' }] }),
      product('R', { related: [{ type: 'Accessories', skus: ['NOWHERE'] }] }),
    );
    const result = await plan(catalog, emptyTenant(['NONAME', 'ORPHAN', 'R', 'GHOST', 'NOWHERE']));
    const failed = Object.fromEntries(result.outcomes.filter((outcome) => outcome.outcome === 'failed').map((outcome) => [outcome.id, outcome.reason]));
    expect(failed['product:NONAME']).toMatch(/name is required/);
    expect(failed['product:ORPHAN']).toMatch(/parent SKU "GHOST" is neither in the input nor in Jasper/);
    expect(failed['relatedLink:R|accessories|NOWHERE']).toMatch(/related SKU "NOWHERE"/);
    expect(task(result, 'product:R')).toBeDefined(); // the rest of R goes on
  });

  it('with a warm change cache an unchanged catalog needs no reads and no writes', async () => {
    const catalog = catalogOf(product('A', { categories: [['Apparel']], prices: [{ base: 'US', msrp: 10 }] }));
    const first = await plan(catalog, emptyTenant(['A']));
    const cache = new Map<string, CacheEntry>();
    let id = 100;
    for (const candidate of first.tasks) {
      cache.set(candidate.id, { id: id++, hash: candidate.hash });
      for (const covered of candidate.alsoCompletes ?? []) cache.set(`${covered.entity}:${covered.key}`, { id: 0, hash: covered.hash });
    }
    const view: CacheView = { get: (key) => cache.get(key), entriesUnder: () => [] };
    const second = await planBatches(catalog, NOTHING_READ, { cache: view });
    expect(second.needs).toMatchObject({ categories: false, options: false, attributes: false, relationTypes: false });
    expect(second.needs.productDetail.size + second.needs.productExistence.size).toBe(0);
    expect(second.batches.flatMap((batch) => batch.plan.tasks)).toEqual([]);

    // A changed price with a cached id is one update, still without reads.
    const changed = catalogOf(product('A', { categories: [['Apparel']], prices: [{ base: 'US', msrp: 11 }] }));
    const third = await planBatches(changed, NOTHING_READ, { cache: view });
    expect(third.needs.productDetail.size).toBe(0);
    expect(third.batches.flatMap((batch) => batch.plan.tasks).map((candidate) => `${candidate.id}:${candidate.action}`)).toEqual(['price:A|US:update']);
  });

  it('hashes are stable whatever the key order, so a rerun compares equal', async () => {
    const desired = (input: ProductInput) => new DesiredBuilder(emptyCatalog(), new Map(), 'relation').product(input);
    const a = desired(product('A', { fields: { enabled: true, desc_short: 'x' } }));
    const b = desired(product('A', { fields: { desc_short: 'x', enabled: true } }));
    expect(productEntities(a, 'relation')).toEqual(productEntities(b, 'relation'));
  });
});
