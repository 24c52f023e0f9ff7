// The first read of a WooCommerce push: products point at each other by SKU or by `id:N`
// (Parent, Grouped products, Upsells, Cross-sells), a variation may come before its parent,
// and whether an attribute of a variable product is a variation axis is said only by its
// variations. The index keeps what resolving those needs.

import type { HeaderRenames } from '../catalog-api.js';
import { readSourceTable, type SourceRecord } from '../source-table.js';
import { openScratchDatabase, ScratchMap } from '../../scratch-db.js';
import { ATTRIBUTE_NAME_COLUMN, attributeValueColumn, splitWooList, typesOf, W } from './columns.js';

export interface WooIndex {
  /** Product ID → SKU, for `id:N` references. */
  skuById: ScratchMap;
  /** Parent SKU → the attribute names its variations vary by. */
  axes: { get(parentSku: string): ReadonlySet<string> | undefined };
  /** Parent SKU → its prices, for a variation without its own. */
  parentPrices: { get(parentSku: string): { regular: string; sale: string } | undefined };
  /** Attributes given several values somewhere other than as a variation axis: multiselect everywhere. */
  multiselect: Set<string>;
  /** Ends the pass: what was kept per product is forgotten. */
  close(): void;
}

const SEPARATOR = '\u0000';

/**
 * What the index keeps per product (IDs, parents' prices and axes, the rows to settle once every
 * ID is known) is on disk: an export may have millions of rows.
 */
export async function indexWooFiles(files: string[], renames: HeaderRenames): Promise<WooIndex> {
  const db = openScratchDatabase();
  const skuById = new ScratchMap(db, 'sku_by_id');
  const prices = new ScratchMap(db, 'parent_prices');
  const axesByParent = new ScratchMap(db, 'axes');
  // Variations name their parent by a reference that may point further down (id:N): their axes are
  // gathered per reference, then per parent once every ID is known.
  const axesByRef = new ScratchMap(db, 'axes_by_ref');
  // Products giving an attribute several values: a multiselect unless that is one of its axes.
  const listed = new ScratchMap(db, 'listed');
  const namesOf = (map: ScratchMap, key: string) => {
    const packed = map.get(key);
    return new Set(packed ? packed.split(SEPARATOR) : []);
  };
  const addNames = (map: ScratchMap, key: string, names: Iterable<string>) => {
    const all = namesOf(map, key);
    for (const name of names) all.add(name);
    map.set(key, [...all].join(SEPARATOR));
  };
  const index: WooIndex = {
    skuById,
    axes: { get: (parent) => (axesByParent.has(parent) ? namesOf(axesByParent, parent) : undefined) },
    parentPrices: {
      get: (parent) => {
        const packed = prices.get(parent);
        if (packed === undefined) return undefined;
        const [regular = '', sale = ''] = packed.split(SEPARATOR);
        return { regular, sale };
      },
    },
    multiselect: new Set(),
    close: () => db.close(),
  };
  try {
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
        if (id !== '' && sku !== '') skuById.set(id, sku);
        const types = typesOf(record.cell(W.type));
        const attributes = attributesOf(record, attributeNumbers);
        if (types.has('variation')) {
          // Keyed by the reference as written, so a variation without attributes still marks its parent.
          const ref = record.cell(W.parent);
          if (ref.trim() !== '')
            addNames(
              axesByRef,
              ref,
              attributes.map(({ name }) => name),
            );
          continue;
        }
        if (types.has('variable') && sku !== '') prices.set(sku, `${record.cell(W.regularPrice)}${SEPARATOR}${record.cell(W.salePrice)}`);
        const several = attributes.filter(({ values }) => values.length > 1).map(({ name }) => name);
        if (several.length > 0) addNames(listed, sku, several);
      }
    }
    for (const ref of axesByRef.keys()) {
      const parent = resolveRef(ref, index);
      if (parent === undefined) continue;
      addNames(axesByParent, parent, namesOf(axesByRef, ref));
    }
    for (const sku of listed.keys()) {
      const axes = index.axes.get(sku);
      for (const name of namesOf(listed, sku)) if (!axes?.has(name)) index.multiselect.add(name);
    }
  } catch (error) {
    db.close();
    throw error;
  }
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
export function resolveRef(ref: string, index: { skuById: { get(id: string): string | undefined } }): string | undefined {
  const match = /^id:(\d+)$/i.exec(ref.trim());
  if (!match) return ref.trim() === '' ? undefined : ref.trim();
  return index.skuById.get(match[1]!);
}
