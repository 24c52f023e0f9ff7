// The planner's options: what Jasper should hold + what it holds (or the cache says it holds) →
// tasks, as BatchPlanner plans them. Pure: no I/O, no clock.
import type { CatalogKind } from '../catalog/types.js';
import type { VariantMode } from './desired.js';

export interface DiffOptions {
  kind: CatalogKind;
  variantMode: VariantMode;
  /** --full: write every updatable entity, even when Jasper already has the same. */
  rewrite: boolean;
  /** --prune: delete the related links, images and barcodes this tool created that a product's row no longer lists. */
  prune?: boolean;
}
