// The first read of a Magento push: a parent row comes after the children it lists, and the
// link files name products of the product file, so before any row is handed on the files are
// read once for a compact index: each child's parent and option values, the attribute codes
// that hold several values somewhere, and the links per SKU.

import { isLinkHeader, linkedSkus, LINK_COLUMNS, relationOfFile } from './links.js';
import { M } from './columns.js';
import { parseVariations, splitPairs } from './variations.js';
import { readSourceTable, type SourceRecord } from '../source-table.js';
import type { HeaderRenames } from '../catalog-api.js';

export interface ChildOf {
  parent: string;
  /** Axis code → value. */
  values: [string, string][];
  /** The parent's price, for a child without one of its own. */
  parentPrice: string;
}

export interface MagentoIndex {
  children: Map<string, ChildOf>;
  /** Attribute codes given several `|`-separated values in some row: multiselect everywhere. */
  multiselect: Set<string>;
  /** SKUs of the product files, so a link file row for another SKU is reported. */
  skus: Set<string>;
  /** Links from the link files: SKU → relation type → linked SKUs. */
  links: Map<string, Map<string, string[]>>;
}

export async function indexMagentoFiles(files: string[], renames: HeaderRenames): Promise<MagentoIndex> {
  const index: MagentoIndex = { children: new Map(), multiselect: new Set(), skus: new Set(), links: new Map() };
  for (const file of files) {
    let kind: 'products' | 'links' | undefined;
    const relation = relationOfFile(file);
    for await (const event of readSourceTable(file, renames)) {
      if (event.type === 'fatal') break;
      if (event.type === 'header') {
        kind = isLinkHeader(event.header.names) ? 'links' : event.index.has(M.sku) ? 'products' : undefined;
        if (kind === undefined || (kind === 'links' && relation === undefined)) break;
        continue;
      }
      if (kind === 'products') indexProduct(index, event.record);
      else if (relation !== undefined) indexLinks(index, event.record, relation);
    }
  }
  return index;
}

function indexProduct(index: MagentoIndex, record: SourceRecord): void {
  const sku = record.cell(M.sku);
  if (sku === '' || record.cell(M.storeView) !== '') return;
  index.skus.add(sku);
  for (const [code, value] of splitPairs(record.cell(M.additional))) if (value.includes('|')) index.multiselect.add(code);
  if (record.cell(M.type) !== 'configurable') return;
  for (const variation of parseVariations(record.cell(M.variations))) {
    if (!index.children.has(variation.sku)) {
      index.children.set(variation.sku, { parent: sku, values: variation.values, parentPrice: record.cell(M.price) });
    }
  }
}

function indexLinks(index: MagentoIndex, record: SourceRecord, relation: string): void {
  const sku = record.cell(LINK_COLUMNS.sku);
  if (sku === '') return;
  let byType = index.links.get(sku);
  if (!byType) index.links.set(sku, (byType = new Map()));
  const list = byType.get(relation) ?? [];
  for (const linked of linkedSkus(record.raw(LINK_COLUMNS.linked))) if (!list.includes(linked)) list.push(linked);
  byType.set(relation, list);
}
