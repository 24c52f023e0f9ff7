// The input rows a batch serves, as the row ledger first meets them: where each row is and what
// it is. A batch's writes are traced back to these through the locations their tasks carry.
import type { CategoryInput, InventoryRowInput, ProductInput, SourceLocation } from '../catalog/types.js';

/** What an input row is: product, category or inventory. */
export type RowKind = 'product' | 'category' | 'inventory';

export interface InputRow {
  loc: SourceLocation;
  kind: RowKind;
  key: string;
}

export const categoryRow = (category: CategoryInput): InputRow => ({ loc: category.loc, kind: 'category', key: category.path.join(' > ') });
export const productRow = (product: Pick<ProductInput, 'loc' | 'sku'>): InputRow => ({ loc: product.loc, kind: 'product', key: product.sku });
export const inventoryRow = (row: InventoryRowInput): InputRow => ({ loc: row.loc, kind: 'inventory', key: `${row.sku}@${row.location}` });

/** One key per input row: its file and its line (CSV) or path (JSON). */
export function locationKey(loc: SourceLocation): string {
  return `${loc.file}\u0000${loc.line ?? loc.path ?? ''}`;
}
