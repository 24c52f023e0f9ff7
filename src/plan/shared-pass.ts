// The pass before planning: every valid row goes through the DesiredBuilder once, so the shared
// entities (categories, options, attributes, relation types) are known before the first batch,
// and the ReadNeedsCollector learns what must be read from Jasper. Rows are let go as they pass.
import type { DesiredBuilder, DesiredState } from './desired.js';
import type { ReadEntries } from './batch-planner.js';
import type { ReadNeeds, ReadNeedsCollector } from './keys.js';
import type { CatalogKind } from '../catalog/types.js';

export async function sharedPass(
  read: ReadEntries,
  builder: DesiredBuilder,
  needs: ReadNeedsCollector,
  /** Every valid product row's SKU and parent (the scan's index). */
  variants: Iterable<{ sku: string; parentSku?: string | undefined }>,
  kind: CatalogKind,
): Promise<{ desired: DesiredState; needs: ReadNeeds }> {
  for await (const entries of read()) {
    for (const entry of entries) {
      if (entry.section === 'products') needs.product(builder.product(entry.value));
      else needs.inventoryRow(entry.value);
    }
  }
  const desired = builder.finish();
  return { desired, needs: needs.finish(desired, variants, kind) };
}
