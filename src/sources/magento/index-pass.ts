// The first read of a Magento push: a parent row comes after the children it lists, and the
// link files name products of the product file, so before any row is handed on the files are
// read once for a compact index: each child's parent and option values, the attribute codes
// that hold several values somewhere, and the links per SKU.

import { isLinkHeader, linkedSkus, LINK_COLUMNS, relationOfFile } from './links.js';
import { M } from './columns.js';
import { splitPairs } from './variations.js';
import { readSourceTable, type SourceRecord } from '../source-table.js';
import type { HeaderRenames } from '../catalog-api.js';
import { openScratchDatabase, ScratchMap } from '../../scratch-db.js';

interface ChildOf {
  parent: string;
  /** Axis code → value. */
  values: [string, string][];
  /** The parent's price, for a child without one of its own. */
  parentPrice: string;
}

/**
 * An export has tens of thousands of children, or millions: each is kept as one string (parent,
 * price and its part of configurable_variations), on disk, and unpacked when its row is read.
 */
export class Children {
  constructor(private readonly packed: ScratchMap) {}

  has(sku: string): boolean {
    return this.packed.has(sku);
  }

  add(sku: string, parent: string, parentPrice: string, variation: string): void {
    this.packed.set(sku, `${parent}\u0000${parentPrice}\u0000${variation}`);
  }

  get(sku: string): ChildOf | undefined {
    const packed = this.packed.get(sku);
    if (packed === undefined) return undefined;
    const [parent, parentPrice, variation] = packed.split('\u0000') as [string, string, string];
    return { parent, parentPrice, values: splitPairs(variation).filter(([code]) => code !== 'sku') };
  }

  get size(): number {
    return this.packed.size;
  }
}

export interface MagentoIndex {
  children: Children;
  /** Attribute codes given several `|`-separated values in some row: multiselect everywhere. */
  multiselect: Set<string>;
  /** SKUs of the product files (as keys), so a link file row for another SKU is reported; only kept when there are link files. */
  skus: ScratchMap;
  /** Links from the link files: SKU → relation type → linked SKUs (as many as the link files' rows; the failures file reads them after the pass). */
  links: Map<string, Map<string, string[]>>;
  /** Ends the pass: the children and SKUs are forgotten. */
  close(): void;
}

export async function indexMagentoFiles(files: string[], renames: HeaderRenames): Promise<MagentoIndex> {
  const db = openScratchDatabase();
  const index: MagentoIndex = {
    children: new Children(new ScratchMap(db, 'children')),
    multiselect: new Set(),
    skus: new ScratchMap(db, 'skus'),
    links: new Map(),
    close: () => db.close(),
  };
  const withLinks = files.some((file) => relationOfFile(file) !== undefined);
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
      if (kind === 'products') indexProduct(index, event.record, withLinks);
      else if (relation !== undefined) indexLinks(index, event.record, relation);
    }
  }
  return index;
}

function indexProduct(index: MagentoIndex, record: SourceRecord, withLinks: boolean): void {
  const sku = record.cell(M.sku);
  if (sku === '' || record.cell(M.storeView) !== '') return;
  if (withLinks) index.skus.set(sku, '');
  const attributes = record.cell(M.additional);
  if (attributes.includes('|')) for (const [code, value] of splitPairs(attributes)) if (value.includes('|')) index.multiselect.add(code);
  if (record.cell(M.type) !== 'configurable') return;
  for (const part of record.cell(M.variations).split('|')) {
    const childSku = splitPairs(part).find(([code]) => code === 'sku')?.[1];
    if (childSku && !index.children.has(childSku)) index.children.add(childSku, sku, record.cell(M.price), part);
  }
}

function indexLinks(index: MagentoIndex, record: SourceRecord, relation: string): void {
  const sku = record.cell(LINK_COLUMNS.sku);
  if (sku === '') return;
  let byType = index.links.get(sku);
  if (!byType) index.links.set(sku, (byType = new Map<string, string[]>()));
  const list = byType.get(relation) ?? [];
  for (const linked of linkedSkus(record.raw(LINK_COLUMNS.linked))) if (!list.includes(linked)) list.push(linked);
  byType.set(relation, list);
}
