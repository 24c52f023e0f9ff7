// --prune (SPEC §12): for a product in the input, the related links, images and barcodes this
// tool created earlier (the change cache says so) and that its row no longer lists are deleted.
// Prices, inventory rows, category assignments and variant links are never deleted, and what the
// tool found in Jasper rather than created (cached as PRESENCE_HASH) is never touched.
import type { DesiredProduct } from './desired.js';
import { CREATED_HASH, PRESENCE_HASH, type SkuSet, assetKey, barcodeKey, relatedLinkKey } from './keys.js';
import type { PlanBuilder } from './plan-builder.js';
import { ENTITY_LABELS, type Ref, type RemovalPayload, taskId } from './types.js';

/** What --prune may delete. */
const PRUNED = ['relatedLink', 'asset', 'barcode'] as const;
type Pruned = (typeof PRUNED)[number];

/** Plans a delete for each item the product's row stopped listing; `inputSkus`: every product SKU of the push. */
export function planPrune(plan: PlanBuilder, product: DesiredProduct, inputSkus: SkuSet): void {
  const { sku, loc } = product;
  const productRef: Ref = { entity: 'product', key: sku };
  const listed = new Set<string>([
    ...product.images.map((url) => taskId('asset', assetKey(sku, url))),
    ...product.barcodes.map(({ type, value }) => taskId('barcode', barcodeKey(sku, type, value))),
    ...product.related.map((link) => taskId('relatedLink', relatedLinkKey(sku, link.type, link.sku))),
  ]);
  for (const entity of PRUNED) {
    for (const [id, entry] of plan.writtenUnder(entity, `${sku}|`)) {
      if (entry.hash !== CREATED_HASH || listed.has(id)) continue;
      const key = id.slice(entity.length + 1);
      const rest = key.slice(sku.length + 1);
      const head = rest.slice(0, Math.max(0, rest.indexOf('|')));
      // The entry belongs to a SKU that starts with this one and a "|" ("A|B" is under "A|").
      if (head !== '' && (inputSkus.has(`${sku}|${head}`) || plan.written('product', `${sku}|${head}`))) continue;
      const removal = removalOf(plan, entity, rest, entry.id, productRef);
      if (!removal) {
        plan.note(
          `--prune: cannot remove ${ENTITY_LABELS[entity]} ${describe(entity, rest)} of ${sku}: its Jasper ids are not known (push with --reconcile first)`,
        );
        continue;
      }
      plan.task(entity, key, 'delete', removal, [productRef], [loc], PRESENCE_HASH);
    }
  }
}

/** The delete's payload, with the Jasper ids it needs from the plan or the change cache (the row no longer names them). */
function removalOf(plan: PlanBuilder, entity: Pruned, rest: string, id: number | undefined, product: Ref): RemovalPayload | undefined {
  const what = `${product.key}: ${ENTITY_LABELS[entity]} ${describe(entity, rest)}`;
  if (entity !== 'relatedLink') return id ? { entity: 'removal', of: entity, product, id, what } : undefined;
  const bar = rest.indexOf('|');
  const [type, relatedSku] = [rest.slice(0, bar), rest.slice(bar + 1)];
  const relatedId = plan.idOf('product', relatedSku) ?? plan.knownId('product', relatedSku) ?? plan.written('product', relatedSku)?.id;
  const relationTypeId = plan.idOf('relationType', type) ?? plan.written('relationType', type)?.id;
  if (!relatedId || !relationTypeId) return undefined;
  return { entity: 'removal', of: 'relatedLink', product, relatedId, relationTypeId, what };
}

/** The key after the SKU, as users read it: a URL, `EAN 4006381333931`, `accessories → CAP-1`. */
function describe(entity: Pruned, rest: string): string {
  if (entity === 'asset') return rest;
  const bar = rest.indexOf('|');
  return entity === 'barcode' ? `${rest.slice(0, bar)} ${rest.slice(bar + 1)}` : `${rest.slice(0, bar)} → ${rest.slice(bar + 1)}`;
}
