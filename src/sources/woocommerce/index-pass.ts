// The first read of a WooCommerce push: products point at each other by SKU or by `id:N`
// (Parent, Grouped products, Upsells, Cross-sells), a variation may come before its parent,
// and whether an attribute of a variable product is a variation axis is said only by its
// variations. The index keeps what resolving those needs.

import type { HeaderRenames } from '../catalog-api.js';
import { readSourceTable, type SourceRecord } from '../source-table.js';
import { ATTRIBUTE_NAME_COLUMN, attributeValueColumn, splitWooList, typesOf, W } from './columns.js';

export interface WooIndex {
  /** Product ID → SKU, for `id:N` references. */
  skuById: Map<string, string>;
  /** Parent SKU → the attribute names its variations vary by. */
  axes: Map<string, Set<string>>;
  /** Parent SKU → its prices, for a variation without its own. */
  parentPrices: Map<string, { regular: string; sale: string }>;
  /** Attributes given several values somewhere other than as a variation axis: multiselect everywhere. */
  multiselect: Set<string>;
}

export async function indexWooFiles(files: string[], renames: HeaderRenames): Promise<WooIndex> {
  const index: WooIndex = { skuById: new Map(), axes: new Map(), parentPrices: new Map(), multiselect: new Set() };
  const parentRefs: { ref: string; names: string[] }[] = [];
  const listed: { sku: string; name: string }[] = [];
  for (const file of files) {
    let attributeNumbers: string[] = [];
    for await (const event of readSourceTable(file, renames)) {
      if (event.type === 'fatal') break;
      if (event.type === 'header') {
        attributeNumbers = attributeNumbersOf(event.header.names);
        continue;
      }
      const { record } = event;
      const sku = record.cell(W.sku);
      const id = record.cell(W.id);
      if (id !== '' && sku !== '') index.skuById.set(id, sku);
      const types = typesOf(record.cell(W.type));
      const attributes = attributesOf(record, attributeNumbers);
      if (types.has('variation')) {
        parentRefs.push({ ref: record.cell(W.parent), names: attributes.map(({ name }) => name) });
        continue;
      }
      if (types.has('variable') && sku !== '') index.parentPrices.set(sku, { regular: record.cell(W.regularPrice), sale: record.cell(W.salePrice) });
      for (const { name, values } of attributes) if (values.length > 1) listed.push({ sku, name });
    }
  }
  for (const { ref, names } of parentRefs) {
    const parent = resolveRef(ref, index);
    if (parent === undefined) continue;
    let axes = index.axes.get(parent);
    if (!axes) index.axes.set(parent, (axes = new Set()));
    for (const name of names) axes.add(name);
  }
  for (const { sku, name } of listed) if (!index.axes.get(sku)?.has(name)) index.multiselect.add(name);
  return index;
}

/** The attribute numbers a header has (`Attribute 1 name`, `Attribute 2 name`, …). */
export function attributeNumbersOf(names: readonly string[]): string[] {
  return names.map((name) => ATTRIBUTE_NAME_COLUMN.exec(name)?.[1]).filter((n): n is string => n !== undefined);
}

interface WooAttribute {
  n: string;
  name: string;
  values: string[];
}

export function attributesOf(record: SourceRecord, numbers: readonly string[]): WooAttribute[] {
  const found: WooAttribute[] = [];
  for (const n of numbers) {
    const name = record.cell(`attribute ${n} name`);
    if (name === '') continue;
    found.push({ n, name, values: splitWooList(record.cell(attributeValueColumn(n))) });
  }
  return found;
}

/** A reference as WooCommerce writes it: a SKU, or `id:N` for a product without one. */
export function resolveRef(ref: string, index: Pick<WooIndex, 'skuById'>): string | undefined {
  const match = /^id:(\d+)$/i.exec(ref.trim());
  if (!match) return ref.trim() === '' ? undefined : ref.trim();
  return index.skuById.get(match[1]!);
}
