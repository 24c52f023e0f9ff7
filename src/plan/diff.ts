// The planner: what Jasper should hold + what it holds (or the cache says it holds) → tasks.
// Pure: no I/O, no clock. Every entity ends as a task, or as unchanged/failed/skipped with a reason.
import type { CatalogKind } from '../catalog/types.js';
import type { DesiredState, VariantMode } from './desired.js';
import { PlanBuilder } from './plan-builder.js';
import { ProductPlanner } from './product-writes.js';
import type { CacheView, RemoteSnapshot } from './remote.js';
import { SharedEntityPlanner } from './shared-entities.js';
import type { Plan } from './types.js';

export interface DiffOptions {
  kind: CatalogKind;
  variantMode: VariantMode;
  /** --full: write every updatable entity, even when Jasper already has the same. */
  rewrite: boolean;
  /** --prune: delete the related links, images and barcodes this tool created that a product's row no longer lists. */
  prune?: boolean;
}

export function planWrites(desired: DesiredState, remote: RemoteSnapshot, cache: CacheView, options: DiffOptions): Plan {
  const plan = new PlanBuilder(cache);
  // Shared entities first: products reference them, so their status must be settled.
  new SharedEntityPlanner(plan, desired, remote, options).run();
  new ProductPlanner(plan, remote, options, new Set(desired.products.map((product) => product.sku))).run(desired);
  return plan.result;
}
