// The planner with plain data: no network, no files.
import { describe, expect, it } from 'vitest';
import { emptyProduct } from '../src/catalog/row-issues.js';
import { type Catalog, type ProductInput, emptyCatalog } from '../src/catalog/types.js';
import { DesiredBuilder, desiredState, variantOptionsOf } from '../src/plan/desired.js';
import { PlanBuilder } from '../src/plan/plan-builder.js';
import { type DeferredLink, ProductPlanner } from '../src/plan/product-writes.js';
import { SharedEntityPlanner } from '../src/plan/shared-entities.js';
import { planWrites } from '../src/plan/diff.js';
import { productEntities, readNeeds } from '../src/plan/keys.js';
import { type CacheEntry, type CacheView, EMPTY_CACHE, emptySnapshot, type RemoteSnapshot } from '../src/plan/remote.js';
import type { Plan, Task } from '../src/plan/types.js';

function product(sku: string, extra: Partial<ProductInput> = {}): ProductInput {
  return { ...emptyProduct({ file: 'p.csv', line: 2 }, sku), name: `Name ${sku}`, ...extra };
}

function catalogOf(...products: ProductInput[]): Catalog {
  return { ...emptyCatalog(), products };
}

function emptyTenant(skus: string[]): RemoteSnapshot {
  return { ...emptySnapshot(), categories: [], options: [], optionSets: [], attributes: [], relationTypes: [], missingSkus: new Set(skus) };
}

function plan(catalog: Catalog, remote: RemoteSnapshot, options: { variantMode?: 'relation' | 'parent'; cache?: CacheView; rewrite?: boolean } = {}): Plan {
  const mode = options.variantMode ?? 'relation';
  return planWrites(desiredState(catalog, mode), remote, options.cache ?? EMPTY_CACHE, {
    kind: 'products',
    variantMode: mode,
    rewrite: Boolean(options.rewrite),
  });
}

const task = (result: Plan, id: string): Task | undefined => result.tasks.find((candidate) => candidate.id === id);

describe('planner', () => {
  it('creates categories parents first, each depending on its parent', () => {
    const result = plan(catalogOf(product('A', { categories: [['Apparel', 'Shirts', 'Tees']] })), emptyTenant(['A']));
    const categories = result.tasks.filter((candidate) => candidate.entity === 'category');
    expect(categories.map((candidate) => candidate.key)).toEqual(['apparel', 'apparel > shirts', 'apparel > shirts > tees']);
    expect(categories[2]!.deps).toEqual(['category:apparel > shirts']);
    // A new product carries its categories in the create body: no separate assignment call.
    const create = task(result, 'product:A')!;
    expect(create.deps).toContain('category:apparel > shirts > tees');
    expect(create.alsoCompletes).toEqual([expect.objectContaining({ entity: 'categoryAssignment', key: 'A|apparel > shirts > tees' })]);
    expect(result.tasks.some((candidate) => candidate.entity === 'categoryAssignment')).toBe(false);
  });

  it('a new product costs one create, one call per price base, one attribute PUT, one call per location and per link', () => {
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
    const result = plan(catalog, emptyTenant(['A', 'B']));
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

  it('relation mode links each variant to its parent; parent mode creates it with parent_id instead', () => {
    const catalog = catalogOf(product('V', { parentSku: 'P', options: [{ name: 'Size', value: 'M' }] }), product('P'));
    const relation = plan(catalog, emptyTenant(['P', 'V']));
    expect(task(relation, 'variantLink:P>V')?.deps.sort()).toEqual(['product:P', 'product:V', 'relationType:variant'].sort());
    expect(task(relation, 'product:P')?.payload).toMatchObject({ optionSet: { entity: 'optionSet', key: 'size' } });
    expect(task(relation, 'optionSetOption:size|size')).toBeDefined();

    const parent = plan(catalog, emptyTenant(['P', 'V']), { variantMode: 'parent' });
    expect(parent.tasks.some((candidate) => candidate.entity === 'variantLink')).toBe(false);
    expect(task(parent, 'product:V')?.deps).toEqual(expect.arrayContaining(['product:P', 'optionValue:size=M']));
  });

  it('existing entities are matched by key and left alone when nothing differs', () => {
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
    const result = plan(catalog, remote);
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

  it('updates only what differs, by the id Jasper has', () => {
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
    const result = plan(catalog, remote);
    expect(task(result, 'product:A')).toMatchObject({ action: 'update', payload: { id: 3, body: { name: 'New name' } } });
    expect(task(result, 'price:A|US')).toMatchObject({ action: 'update', payload: { id: 11 }, deps: [] });
  });

  it('fails rows it cannot write: a new product without a name, a parent or related SKU found nowhere', () => {
    const catalog = catalogOf(
      product('NONAME', { name: undefined }),
      product('ORPHAN', { parentSku: 'GHOST', options: [{ name: 'Size', value: 'S' }] }),
      product('R', { related: [{ type: 'Accessories', skus: ['NOWHERE'] }] }),
    );
    const result = plan(catalog, emptyTenant(['NONAME', 'ORPHAN', 'R', 'GHOST', 'NOWHERE']));
    const failed = Object.fromEntries(result.outcomes.filter((outcome) => outcome.outcome === 'failed').map((outcome) => [outcome.id, outcome.reason]));
    expect(failed['product:NONAME']).toMatch(/name is required/);
    expect(failed['product:ORPHAN']).toMatch(/parent SKU "GHOST" is neither in the input nor in Jasper/);
    expect(failed['relatedLink:R|accessories|NOWHERE']).toMatch(/related SKU "NOWHERE"/);
    expect(task(result, 'product:R')).toBeDefined(); // the rest of R goes on
  });

  it('with a warm change cache an unchanged catalog needs no reads and no writes', () => {
    const catalog = catalogOf(product('A', { categories: [['Apparel']], prices: [{ base: 'US', msrp: 10 }] }));
    const first = plan(catalog, emptyTenant(['A']));
    const cache = new Map<string, CacheEntry>();
    let id = 100;
    for (const candidate of first.tasks) {
      cache.set(candidate.id, { id: id++, hash: candidate.hash });
      for (const covered of candidate.alsoCompletes ?? []) cache.set(`${covered.entity}:${covered.key}`, { id: 0, hash: covered.hash });
    }
    const view: CacheView = { get: (key) => cache.get(key), entriesUnder: () => [] };
    const desired = desiredState(catalog, 'relation');
    const needs = readNeeds(desired, view, 'relation', 'products');
    expect(needs).toMatchObject({ categories: false, options: false, attributes: false, relationTypes: false });
    expect(needs.productDetail.size + needs.productExistence.size).toBe(0);
    const second = planWrites(desired, emptySnapshot(), view, { kind: 'products', variantMode: 'relation', rewrite: false });
    expect(second.tasks).toEqual([]);

    // A changed price with a cached id is one update, still without reads.
    const changed = catalogOf(product('A', { categories: [['Apparel']], prices: [{ base: 'US', msrp: 11 }] }));
    const changedDesired = desiredState(changed, 'relation');
    expect(readNeeds(changedDesired, view, 'relation', 'products').productDetail.size).toBe(0);
    const third = planWrites(changedDesired, emptySnapshot(), view, { kind: 'products', variantMode: 'relation', rewrite: false });
    expect(third.tasks.map((candidate) => `${candidate.id}:${candidate.action}`)).toEqual(['price:A|US:update']);
  });

  it('hashes are stable whatever the key order, so a rerun compares equal', () => {
    const a = desiredState(catalogOf(product('A', { fields: { enabled: true, desc_short: 'x' } })), 'relation').products[0]!;
    const b = desiredState(catalogOf(product('A', { fields: { desc_short: 'x', enabled: true } })), 'relation').products[0]!;
    expect(productEntities(a, 'relation')).toEqual(productEntities(b, 'relation'));
  });
});

describe('planning in batches (a streamed push)', () => {
  const diff = { kind: 'products' as const, variantMode: 'relation' as const, rewrite: false };

  function batched(
    catalog: Catalog,
    batches: string[][],
    results?: (batch: Plan) => Map<string, { outcome: 'created' | 'failed'; remoteId?: number; error?: string }>,
  ) {
    const builder = new DesiredBuilder(catalog, variantOptionsOf(catalog.products), 'relation');
    const bySku = new Map(catalog.products.map((input) => [input.sku, input]));
    const desired = batches.map((skus) => skus.map((sku) => builder.product(bySku.get(sku)!)));
    const state = builder.finish();
    const remote = emptyTenant(catalog.products.map((input) => input.sku));
    const builderPlan = new PlanBuilder(EMPTY_CACHE);
    new SharedEntityPlanner(builderPlan, state, remote, diff).run();
    const planner = new ProductPlanner(builderPlan, remote, diff, new Set(bySku.keys()));
    const plans: Plan[] = [];
    const late: DeferredLink[] = [];
    for (const batch of desired) {
      late.push(...planner.products(batch));
      plans.push(builderPlan.nextBatch(results?.(builderPlan.result)));
    }
    planner.relatedLinks(late);
    plans.push(builderPlan.nextBatch());
    return plans;
  }

  const catalog = catalogOf(
    product('A', { categories: [['Apparel']], related: [{ type: 'Accessories', skus: ['B'] }], prices: [{ base: 'US', msrp: 1 }] }),
    product('P'),
    product('V', { parentSku: 'P', options: [{ name: 'Size', value: 'M' }] }),
    product('B'),
  );

  it('makes the same writes as planning the whole catalog at once', () => {
    const whole = plan(catalog, emptyTenant(['A', 'P', 'V', 'B']));
    const plans = batched(catalog, [
      ['A', 'P'],
      ['V', 'B'],
    ]);
    const ids = (tasks: Task[]) => tasks.map((candidate) => candidate.id).sort();
    expect(ids(plans.flatMap((batch) => batch.tasks))).toEqual(ids(whole.tasks));
    // The link to B, further down, is planned once B is: in the last batch.
    expect(plans[2]!.tasks.map((candidate) => candidate.id)).toEqual(['relatedLink:A|accessories|B']);
  });

  it('a later batch uses the ids an earlier batch created, and skips what depends on a failure', () => {
    const plans = batched(
      catalog,
      [
        ['A', 'P'],
        ['V', 'B'],
      ],
      (batch) => {
        const results = new Map<string, { outcome: 'created' | 'failed'; remoteId?: number; error?: string }>();
        let id = 500;
        for (const candidate of batch.tasks)
          results.set(candidate.id, candidate.id === 'product:P' ? { outcome: 'failed', error: 'boom' } : { outcome: 'created', remoteId: id++ });
        return results;
      },
    );
    // Relation mode: V is created on its own; its link to the failed parent is not.
    expect(plans[1]!.tasks.some((candidate) => candidate.id === 'variantLink:P>V')).toBe(false);
    expect(plans[1]!.outcomes.find((outcome) => outcome.id === 'variantLink:P>V')).toMatchObject({
      outcome: 'skipped',
      reason: expect.stringMatching(/product "P".*boom/),
    });
    const link = plans[2]!.tasks.find((candidate) => candidate.id === 'relatedLink:A|accessories|B')!;
    // A and B were created by earlier batches: their ids are known, not dependencies.
    expect(link.deps).toEqual([]);
    expect(plans[2]!.known['product:A']).toBeGreaterThanOrEqual(500);
    expect(plans[2]!.known['product:B']).toBeGreaterThanOrEqual(500);
  });
});
