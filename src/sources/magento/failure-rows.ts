// A failed Magento row copied to the failures file carries the links the link files gave it,
// in the export's own related_skus / upsell_skus / crosssell_skus columns, so the failures file
// pushes back on its own (with --from magento) and retries those links too.

import { RELATION } from '../product-draft.js';
import type { MagentoIndex } from './index-pass.js';
import { linkedSkus } from './links.js';
import { M } from './columns.js';

const COLUMN_OF: Record<string, string> = { [RELATION.related]: M.related, [RELATION.upsell]: M.upsell, [RELATION.crosssell]: M.crosssell };

export function withLinkColumns(header: readonly string[], cells: readonly string[], index: MagentoIndex | undefined): { header: string[]; cells: string[] } {
  const completed = { header: [...header], cells: [...cells] };
  const skuAt = header.indexOf(M.sku);
  const links = skuAt < 0 ? undefined : index?.links.get((cells[skuAt] ?? '').trim());
  if (!links) return completed;
  while (completed.cells.length < completed.header.length) completed.cells.push('');
  for (const [relation, skus] of links) {
    const column = COLUMN_OF[relation];
    if (column === undefined) continue;
    let at = completed.header.indexOf(column);
    if (at < 0) {
      completed.header.push(column);
      completed.cells.push('');
      at = completed.header.length - 1;
    }
    completed.cells[at] = [...new Set([...linkedSkus(completed.cells[at] ?? ''), ...skus])].join(',');
  }
  return completed;
}
