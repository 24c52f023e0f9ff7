// Rules that need more than one row, run once every file of the push has been read:
// uniqueness across files and the variant/parent relation. They add issues to the rows
// concerned, so the collector can still tell valid rows from rejected ones. The second and
// later occurrences get the issue. Product and inventory rows are found by the row index's
// queries; the small sections are checked in memory.

import { addIssue, type CatalogCollector, type Entry } from './collector.js';
import { categoryPathKey, formatLocation, type Issue } from './types.js';

export function runCrossChecks(collector: CatalogCollector): void {
  const { index, entries } = collector;
  index.seal();
  const flag = (section: 'products' | 'inventory', order: number, severity: Issue['severity'], column: string | undefined, message: string, key: string) => {
    const location = index.locAt(order);
    collector.flag(order, section, { location, ...(column === undefined ? {} : { column }), message, severity }, key || undefined);
  };
  // Duplicates and case-only differences are reported row by row in input order; a duplicate is not also compared by case.
  for (const { order, sku, first } of index.duplicateSkus()) {
    flag('products', order, 'error', 'sku', `duplicate SKU "${sku}": first at ${formatLocation(first)}`, sku);
  }
  for (const { order, sku, first, similarSku } of index.caseOnlySkus()) {
    const message = `SKU "${sku}" differs only in case from "${similarSku}" at ${formatLocation(first)}; check they are meant to be two products`;
    flag('products', order, 'warning', 'sku', message, sku);
  }
  for (const { order, sku, first, parentSku, grandparentSku } of index.nestedVariants()) {
    const message = `parent "${parentSku}" is itself a variant (of "${grandparentSku}", ${formatLocation(first)}); variants cannot be nested`;
    flag('products', order, 'error', 'parent_sku', message, sku);
  }
  uniqueBy(
    entries.categories,
    (c) => (c.path.length > 0 ? categoryPathKey(c.path) : undefined),
    'path',
    (key) => `duplicate category path "${key}"`,
  );
  uniqueBy(
    entries.options,
    (o) => o.name,
    'name',
    (name) => `option "${name}" is declared twice`,
  );
  uniqueBy(
    entries.attributes,
    (a) => a.name,
    'name',
    (name) => `attribute "${name}" is declared twice`,
  );
  // An inventory row may not set a count that a product row (inventory:<Location>) also sets.
  for (const { order, first, sku, location } of index.repeatedCounts()) {
    flag('inventory', order, 'error', undefined, `SKU "${sku}" at location "${location}" is also set at ${formatLocation(first)}`, sku);
  }
}

function uniqueBy<T>(entries: Entry<T>[], keyOf: (value: T) => string | undefined, column: string, describe: (key: string) => string): void {
  const seen = new Map<string, Entry<T>>();
  for (const entry of entries) {
    const key = keyOf(entry.value);
    if (key === undefined) continue;
    const first = seen.get(key);
    if (first === undefined) seen.set(key, entry);
    else {
      const message = `${describe(key)}: first at ${formatLocation(first.loc)}`;
      addIssue(entry, { location: entry.loc, column, message, severity: 'error' });
    }
  }
}
