// Rules that need more than one row, run once every file of the push has been read:
// uniqueness across files and the variant/parent relation. They add issues to the rows
// concerned, so the collector can still tell valid rows from rejected ones.

import { addIssue, type CollectedEntries, type Entry, type InventoryFacts, type ProductFacts } from './collector.js';
import { categoryPathKey, formatLocation, type Issue } from './types.js';

function report(entry: Entry<unknown>, severity: Issue['severity'], column: string | undefined, message: string): void {
  addIssue(entry, { location: entry.loc, ...(column === undefined ? {} : { column }), message, severity });
}

/** Runs every cross-row rule; the second and later occurrences get the issue. */
export function runCrossChecks(entries: CollectedEntries<ProductFacts, InventoryFacts>): void {
  const { products, categories, inventory, options, attributes } = entries;
  checkSkus(products);
  checkParents(products);
  uniqueBy(
    categories,
    (c) => (c.path.length > 0 ? categoryPathKey(c.path) : undefined),
    'path',
    (key) => `duplicate category path "${key}"`,
  );
  uniqueBy(
    options,
    (o) => o.name,
    'name',
    (name) => `option "${name}" is declared twice`,
  );
  uniqueBy(
    attributes,
    (a) => a.name,
    'name',
    (name) => `attribute "${name}" is declared twice`,
  );
  checkInventoryCounts(products, inventory);
}

/** An inventory row may not set a count that a product row (inventory:<Location>) also sets. */
function checkInventoryCounts(products: Entry<ProductFacts>[], inventory: Entry<InventoryFacts>[]): void {
  if (inventory.length === 0) return;
  const stockKey = (sku: string, location: string): string => `${sku}\n${location}`;
  // Only the counts an inventory row also sets can conflict; the rest need no memory.
  const rowKeys = new Set(inventory.map((entry) => stockKey(entry.value.sku, entry.value.location)));
  const counts = new Map<string, Entry<unknown>>();
  for (const entry of products) {
    for (const stock of entry.value.inventory) {
      const key = stockKey(entry.value.sku, stock.location);
      if (rowKeys.has(key)) counts.set(key, entry);
    }
  }
  for (const entry of inventory) {
    const { sku, location } = entry.value;
    if (sku === '' || location === '') continue;
    const key = stockKey(sku, location);
    const first = counts.get(key);
    if (first === undefined) counts.set(key, entry);
    else report(entry, 'error', undefined, `SKU "${sku}" at location "${location}" is also set at ${formatLocation(first.loc)}`);
  }
}

function checkSkus(products: Entry<ProductFacts>[]): void {
  const bySku = new Map<string, Entry<ProductFacts>>();
  const byFoldedSku = new Map<string, Entry<ProductFacts>>();
  for (const entry of products) {
    const { sku } = entry.value;
    if (sku === '') continue;
    const first = bySku.get(sku);
    if (first !== undefined) {
      report(entry, 'error', 'sku', `duplicate SKU "${sku}": first at ${formatLocation(first.loc)}`);
      continue;
    }
    bySku.set(sku, entry);
    const folded = sku.toLowerCase();
    const similar = byFoldedSku.get(folded);
    if (similar === undefined) byFoldedSku.set(folded, entry);
    else {
      const where = formatLocation(similar.loc);
      report(entry, 'warning', 'sku', `SKU "${sku}" differs only in case from "${similar.value.sku}" at ${where}; check they are meant to be two products`);
    }
  }
}

/** Variants cannot be nested: a variant's parent must not itself be a variant. */
function checkParents(products: Entry<ProductFacts>[]): void {
  const bySku = new Map<string, Entry<ProductFacts>>();
  for (const entry of products) {
    if (entry.value.sku !== '' && !bySku.has(entry.value.sku)) bySku.set(entry.value.sku, entry);
  }
  for (const entry of products) {
    const { parentSku, sku } = entry.value;
    if (parentSku === undefined || parentSku === sku) continue;
    const parent = bySku.get(parentSku);
    if (parent?.value.parentSku === undefined) continue;
    const where = formatLocation(parent.loc);
    report(entry, 'error', 'parent_sku', `parent "${parentSku}" is itself a variant (of "${parent.value.parentSku}", ${where}); variants cannot be nested`);
  }
}

function uniqueBy<T>(entries: Entry<T>[], keyOf: (value: T) => string | undefined, column: string, describe: (key: string) => string): void {
  const seen = new Map<string, Entry<T>>();
  for (const entry of entries) {
    const key = keyOf(entry.value);
    if (key === undefined) continue;
    const first = seen.get(key);
    if (first === undefined) seen.set(key, entry);
    else report(entry, 'error', column, `${describe(key)}: first at ${formatLocation(first.loc)}`);
  }
}
