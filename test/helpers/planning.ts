// The planner as a push runs it, for unit tests with plain data: the shared pass, then
// BatchPlanner over the catalog's rows, each batch recorded (and, when asked, told what its
// execution did, as the batch runner tells it).
import { expect } from 'vitest';
import type { ValidEntry } from '../../src/catalog/index.js';
import { emptyProduct } from '../../src/catalog/row-issues.js';
import { type Catalog, type ProductInput, emptyCatalog } from '../../src/catalog/types.js';
import { BatchPlanner, type PlannedBatch } from '../../src/plan/batch-planner.js';
import { DesiredBuilder, variantOptionsOf } from '../../src/plan/desired.js';
import { ReadNeedsCollector, type ReadNeeds } from '../../src/plan/keys.js';
import { type CacheView, EMPTY_CACHE, type RemoteSnapshot } from '../../src/plan/remote.js';
import { sharedPass } from '../../src/plan/shared-pass.js';
import type { Outcome, Plan } from '../../src/plan/types.js';

export function product(sku: string, extra: Partial<ProductInput> = {}): ProductInput {
  return { ...emptyProduct({ file: 'p.csv', line: 2 }, sku), name: `Name ${sku}`, ...extra };
}

export function catalogOf(...products: ProductInput[]): Catalog {
  return { ...emptyCatalog(), products };
}

export function emptyTenant(skus: string[]): RemoteSnapshot {
  return { products: new Map(), categories: [], options: [], optionSets: [], attributes: [], relationTypes: [], missingSkus: new Set(skus) };
}

export const NOTHING_READ: RemoteSnapshot = { products: new Map(), missingSkus: new Set() };

/** The catalog's rows as a push reads them again: products, then inventory rows, in input order. */
function reader(catalog: Catalog) {
  const entries: ValidEntry[] = [
    ...catalog.products.map((value) => ({ section: 'products' as const, value })),
    ...catalog.inventory.map((value) => ({ section: 'inventory' as const, value })),
  ];
  return async function* read(): AsyncGenerator<ValidEntry[]> {
    yield entries;
  };
}

export type Results = (plan: Plan) => Map<string, { outcome: Outcome; remoteId?: number; error?: string }>;

export interface PlanOptions {
  variantMode?: 'relation' | 'parent';
  cache?: CacheView;
  rewrite?: boolean;
  prune?: boolean;
  kind?: 'products' | 'inventory';
  batchProducts?: number;
  /** What each batch's execution did, told to the planner before the next batch (none: a dry run). */
  results?: Results;
}

/** The shared pass and the batches of a push, recorded as plain data. */
export async function planBatches(catalog: Catalog, remote: RemoteSnapshot, options: PlanOptions = {}): Promise<{ batches: PlannedBatch[]; needs: ReadNeeds }> {
  const mode = options.variantMode ?? 'relation';
  const kind = options.kind ?? 'products';
  const cache = options.cache ?? EMPTY_CACHE;
  const skus = new Set(catalog.products.map((input) => input.sku));
  const read = reader(catalog);
  const builder = new DesiredBuilder(catalog, variantOptionsOf(catalog.products), mode);
  const shared = await sharedPass(read, builder, new ReadNeedsCollector(cache, mode, skus), catalog.products, kind);
  const planner = new BatchPlanner({
    diff: { kind, variantMode: mode, rewrite: Boolean(options.rewrite), prune: Boolean(options.prune) },
    cache,
    history: cache,
    desired: shared.desired,
    remote,
    builder,
    inputSkus: skus,
    categories: catalog.categories,
    ...(options.batchProducts ? { batchProducts: options.batchProducts } : {}),
  });
  const batches: PlannedBatch[] = [];
  await planner.run(read, {
    submit: async (batch) => {
      batches.push(batch);
      if (options.results) batch.settle(options.results(batch.plan));
    },
  });
  return { batches, needs: shared.needs };
}

/** A catalog that fits in one batch: one plan. */
export async function plan(catalog: Catalog, remote: RemoteSnapshot, options: PlanOptions = {}): Promise<Plan> {
  const { batches } = await planBatches(catalog, remote, options);
  expect(batches).toHaveLength(1);
  return batches[0]!.plan;
}
