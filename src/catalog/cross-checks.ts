// Rules that need more than one row, run once every file of the push has been read:
// uniqueness across files and the variant/parent relation. They add issues to the rows
// concerned, so the collector can still tell valid rows from rejected ones.

import type { CatalogCollector, Entry } from './collector.js';
import { categoryPathKey, formatLocation, type Issue, type ProductInput } from './types.js';

function addIssue(entry: Entry<unknown>, severity: Issue['severity'], column: string | undefined, message: string): void {
  entry.issues.push({ location: entry.loc, ...(column === undefined ? {} : { column }), message, severity });
}

/** Runs every cross-row rule; the second and later occurrences get the issue. */
export function runCrossChecks(collector: CatalogCollector): void {
  const { products, categories, inventory, options, attributes } = collector.entries;
  checkSkus(collector);
  checkParents(collector);
  uniqueBy(categories, (c) => (c.path.length > 0 ? categoryPathKey(c.path) : undefined), 'path', (key) => `duplicate category path "${key}"`);
  uniqueBy(options, (o) => o.name, 'name', (name) => `option "${name}" is declared twice`);
  uniqueBy(attributes, (a) => a.name, 'name', (name) => `attribute "${name}" is declared twice`);

  // An inventory row may not set a count that a product row (inventory:<Location>) also sets.
  const counts = new Map<string, Entry<unknown>>();
  for (const entry of products) {
    for (const stock of entry.value.inventory) counts.set(`${entry.value.sku}\n${stock.location}`, entry);
  }
  for (const entry of inventory) {
    const { sku, location } = entry.value;
    if (sku === '' || location === '') continue;
    const key = `${sku}\n${location}`;
    const first = counts.get(key);
    if (first === undefined) counts.set(key, entry);
    else addIssue(entry, 'error', undefined, `SKU "${sku}" at location "${location}" is also set at ${formatLocation(first.loc)}`);
  }
}

function checkSkus(collector: CatalogCollector): void {
  const bySku = new Map<string, Entry<ProductInput>>();
  const byFoldedSku = new Map<string, Entry<ProductInput>>();
  for (const entry of collector.entries.products) {
    const { sku } = entry.value;
    if (sku === '') continue;
    const first = bySku.get(sku);
    if (first !== undefined) {
      addIssue(entry, 'error', 'sku', `duplicate SKU "${sku}": first at ${formatLocation(first.loc)}`);
      continue;
    }
    bySku.set(sku, entry);
    const folded = sku.toLowerCase();
    const similar = byFoldedSku.get(folded);
    if (similar === undefined) byFoldedSku.set(folded, entry);
    else {
      const where = formatLocation(similar.loc);
      addIssue(entry, 'warning', 'sku', `SKU "${sku}" differs only in case from "${similar.value.sku}" at ${where}; check they are meant to be two products`);
    }
  }
}

/** Variants cannot be nested: a variant's parent must not itself be a variant. */
function checkParents(collector: CatalogCollector): void {
  const bySku = new Map<string, Entry<ProductInput>>();
  for (const entry of collector.entries.products) {
    if (entry.value.sku !== '' && !bySku.has(entry.value.sku)) bySku.set(entry.value.sku, entry);
  }
  for (const entry of collector.entries.products) {
    const { parentSku, sku } = entry.value;
    if (parentSku === undefined || parentSku === sku) continue;
    const parent = bySku.get(parentSku);
    if (parent?.value.parentSku === undefined) continue;
    const where = formatLocation(parent.loc);
    addIssue(entry, 'error', 'parent_sku', `parent "${parentSku}" is itself a variant (of "${parent.value.parentSku}", ${where}); variants cannot be nested`);
  }
}

function uniqueBy<T>(entries: Entry<T>[], keyOf: (value: T) => string | undefined, column: string, describe: (key: string) => string): void {
  const seen = new Map<string, Entry<T>>();
  for (const entry of entries) {
    const key = keyOf(entry.value);
    if (key === undefined) continue;
    const first = seen.get(key);
    if (first === undefined) seen.set(key, entry);
    else addIssue(entry, 'error', column, `${describe(key)}: first at ${formatLocation(first.loc)}`);
  }
}
