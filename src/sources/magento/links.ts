// Magento sample data's link files: `sku,linked_sku`, where linked_sku holds newline-separated
// SKUs and the file's name says the relation (related.csv, upsell.csv, crosssell.csv).

import { basename } from 'node:path';
import { RELATION, splitList } from '../product-draft.js';

export const LINK_COLUMNS = { sku: 'sku', linked: 'linked_sku' } as const;

export function isLinkHeader(names: readonly string[]): boolean {
  return names.includes(LINK_COLUMNS.sku) && names.includes(LINK_COLUMNS.linked) && !names.includes('product_type');
}

/** The relation type a link file's name gives, or undefined when it names none. */
export function relationOfFile(file: string): string | undefined {
  const name = basename(file)
    .toLowerCase()
    .replace(/[-_\s]/g, '');
  if (name.includes('crosssell')) return RELATION.crosssell;
  if (name.includes('upsell')) return RELATION.upsell;
  if (name.includes('related')) return RELATION.related;
  return undefined;
}

export function linkedSkus(text: string): string[] {
  return splitList(text, /[\r\n,]+/);
}
