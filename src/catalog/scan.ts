// The catalog of a push too large to hold at once. scanCatalog reads every file and runs
// every check, as readCatalog does, but keeps of each product and inventory row only what
// the rules spanning rows need; validEntries (valid-entries.ts) then reads the files again
// and hands the valid rows over in batches.

import { stat } from 'node:fs/promises';
import { hasUntypedValues } from './attribute-values.js';
import { CatalogCollector, hasError, type CollectedEntries, type CollectedFile, type InventoryFacts, type ProductFacts, type RowKeeper } from './collector.js';
import { collectCatalog } from './read-catalog.js';
import type {
  AttributeDefinitionInput,
  AttributeType,
  CategoryInput,
  InventoryRowInput,
  Issue,
  OptionInput,
  ProductInput,
  ReadOptions,
  RejectedRow,
  SourceLocation,
} from './types.js';

/** A valid product row, compact: what later passes need before they see the row again. */
export interface ProductSummary {
  sku: string;
  parentSku?: string;
  loc: SourceLocation;
}

/** One file of the push as the scan read it, so a later pass can re-read exactly that. */
export interface ScannedFile {
  file: string;
  /** Size and modification time before the scan read it; undefined when the file could not be found. */
  stamp?: { size: number; mtimeMs: number };
  /** False when the file as a whole could not be read: none of its rows count. */
  readable: boolean;
  /** The CSV lines or JSON paths of the product and inventory rows the scan rejected. */
  rejectedRows: Set<number | string>;
}

export interface CatalogScan {
  // Exactly what readCatalog reports for the same files and options.
  issues: Issue[];
  rejected: RejectedRow[];
  rowCount: number;
  unreadableFiles: string[];
  // The valid rows of the sections that stay small, whole, as in readCatalog's catalog.
  categories: CategoryInput[];
  options: OptionInput[];
  attributes: AttributeDefinitionInput[];
  /** Valid product rows, compact, in input order (the order of readCatalog's catalog.products). */
  products: ProductSummary[];
  /** For each parent SKU, the trimmed option names its valid variants use (union, first-seen order). */
  variantOptions: Map<string, string[]>;
  /** Valid inventory rows (the `inventory` section / inventory CSV). */
  inventoryRows: number;
  /** Inventory records in product rows (sum of product.inventory.length over valid products). */
  productInventoryRecords: number;
  /** Each attribute's push-wide type: declared, or multiselect when given several values. */
  attributeTypes: ReadonlyMap<string, AttributeType>;
  /** The files in the order given, for validEntries. */
  files: ScannedFile[];
}

export async function scanCatalog(files: string[], options: ReadOptions): Promise<CatalogScan> {
  // Taken before reading, so a change made while the scan reads is caught on the re-read.
  const stamps = await Promise.all(files.map(stampOf));
  const collector = new CatalogCollector(new CompactRows());
  const attributeTypes = await collectCatalog(files, options, collector);
  const rejectedRows = rejectedRowsByFile(collector.entries, collector.files);
  const { valid, ...read } = collector.result();
  return {
    ...read,
    categories: valid.categories,
    options: valid.options,
    attributes: valid.attributes,
    products: valid.products.map(summarize),
    variantOptions: variantOptionsOf(valid.products),
    inventoryRows: valid.inventory.length,
    productInventoryRecords: valid.products.reduce((sum, product) => sum + product.inventory.length, 0),
    attributeTypes,
    files: collector.files.map(({ file, readable }, index) => {
      const stamp = stamps[index];
      return { file, ...(stamp ? { stamp } : {}), readable, rejectedRows: rejectedRows[index] ?? new Set() };
    }),
  };
}

async function stampOf(file: string): Promise<ScannedFile['stamp']> {
  try {
    const { size, mtimeMs } = await stat(file);
    return { size, mtimeMs };
  } catch {
    // The reader reports the file it cannot read.
    return undefined;
  }
}

const NONE: readonly never[] = Object.freeze([]);

/**
 * Keeps product and inventory rows as the facts the rules spanning rows read. The lists
 * that repeat from row to row (the option and inventory columns a CSV row fills) are shared.
 */
class CompactRows implements RowKeeper<ProductFacts, InventoryFacts> {
  private readonly optionLists = new Map<string, readonly { name: string }[]>();
  private readonly stockLists = new Map<string, readonly { location: string }[]>();
  private readonly locations = new Map<string, string>();

  product(value: ProductInput): ProductFacts {
    return {
      loc: value.loc,
      sku: value.sku,
      parentSku: value.parentSku,
      options: shared(
        this.optionLists,
        value.options.map((option) => option.name),
        (name) => ({ name }),
      ),
      inventory: shared(
        this.stockLists,
        value.inventory.map((stock) => stock.location),
        (location) => ({ location }),
      ),
      attributes: value.attributes.some(hasUntypedValues) ? value.attributes.filter(hasUntypedValues) : NONE,
    };
  }

  inventory(value: InventoryRowInput): InventoryFacts {
    let location = this.locations.get(value.location);
    if (location === undefined) this.locations.set(value.location, (location = value.location));
    return { loc: value.loc, sku: value.sku, location };
  }
}

function shared<T>(lists: Map<string, readonly T[]>, names: string[], make: (name: string) => T): readonly T[] {
  if (names.length === 0) return NONE;
  const key = JSON.stringify(names);
  let list = lists.get(key);
  if (list === undefined) lists.set(key, (list = Object.freeze(names.map(make))));
  return list;
}

function summarize({ sku, parentSku, loc }: ProductFacts): ProductSummary {
  return parentSku === undefined ? { sku, loc } : { sku, parentSku, loc };
}

/** Per parent SKU, the trimmed option names its variants use, first seen first; every parent of a variant has an entry. */
export function variantOptionsOf(products: Iterable<Pick<ProductFacts, 'parentSku' | 'options'>>): Map<string, string[]> {
  const names = new Map<string, string[]>();
  for (const product of products) {
    if (!product.parentSku) continue;
    let list = names.get(product.parentSku);
    if (list === undefined) names.set(product.parentSku, (list = []));
    for (const option of product.options) {
      const name = option.name.trim();
      if (!list.includes(name)) list.push(name);
    }
  }
  return names;
}

/** A row's identity within its file: the CSV line or JSON path where it starts. */
export const rowKey = (loc: SourceLocation): number | string => loc.line ?? loc.path ?? '';

/** For each file, the rows of the sections validEntries yields that have an error. */
function rejectedRowsByFile(entries: CollectedEntries<ProductFacts, InventoryFacts>, files: CollectedFile[]): Set<number | string>[] {
  const sets = files.map(() => new Set<number | string>());
  for (const section of ['products', 'inventory'] as const) {
    // Entries and files are both in read order, so one pass finds each entry's file.
    let index = 0;
    for (const entry of entries[section]) {
      while ((files[index + 1]?.firstOrder ?? Infinity) <= entry.order) index++;
      if (hasError(entry.issues)) sets[index]?.add(rowKey(entry.loc));
    }
  }
  return sets;
}
