// Rows of categories.csv and inventory.csv: a handful of plain columns each.

import { checkWidth, type CsvLayout } from './csv-columns.js';
import type { CsvRecord } from './csv-records.js';
import { RowIssues, type RowResult } from './row-issues.js';
import { categoryPathKey, type CategoryInput, type InventoryRowInput } from './types.js';
import { parseBoolean, parseCategoryPath, parseCount } from './values.js';

const CATEGORY_TEXT = ['desc', 'slug', 'seo_meta_title', 'seo_meta_desc', 'seo_meta_keywords', 'search_keywords'] as const;
const INVENTORY_TEXT = ['site', 'bin', 'type', 'source'] as const;

/** Reads the plain field cells of a row by name, reporting problems under the column's header. */
function rowReader(record: CsvRecord, layout: CsvLayout, issues: RowIssues) {
  const labelOf = (name: string): string => layout.columns.find((column) => column.use === 'field' && column.name === name)?.label ?? name;
  return {
    text(name: string): string {
      const index = layout.fieldIndex.get(name);
      return index === undefined ? '' : (record.cells[index] ?? '').trim();
    },
    fail(name: string, message: string): void {
      issues.error(labelOf(name), message);
    },
  };
}

export function categoryFromCsv(record: CsvRecord, layout: CsvLayout, file: string): RowResult<CategoryInput> {
  const loc = { file, line: record.line };
  const issues = new RowIssues(loc);
  const row = rowReader(record, layout, issues);
  const pathText = row.text('path');
  const category: CategoryInput = { loc, path: [] };
  const key = pathText === '' ? {} : { key: pathText };
  if (!checkWidth(record, layout, issues)) return { value: category, ...key, issues: issues.list };

  if (pathText === '') row.fail('path', 'path is empty; every row needs a category path');
  else {
    const parsed = parseCategoryPath(pathText);
    if (parsed.ok) category.path = parsed.value;
    else row.fail('path', parsed.message);
  }
  const visible = row.text('is_visible');
  if (visible !== '') {
    const parsed = parseBoolean(visible);
    if (parsed.ok) category.is_visible = parsed.value;
    else row.fail('is_visible', parsed.message);
  }
  for (const name of CATEGORY_TEXT) {
    const text = row.text(name);
    if (text !== '') category[name] = text;
  }
  const pathKey = category.path.length > 0 ? { key: categoryPathKey(category.path) } : key;
  return { value: category, ...pathKey, issues: issues.list };
}

export function inventoryFromCsv(record: CsvRecord, layout: CsvLayout, file: string): RowResult<InventoryRowInput> {
  const loc = { file, line: record.line };
  const issues = new RowIssues(loc);
  const row = rowReader(record, layout, issues);
  const sku = row.text('sku');
  const inventory: InventoryRowInput = { loc, sku, location: row.text('location'), count_on_hand: 0 };
  const key = sku === '' ? {} : { key: sku };
  if (!checkWidth(record, layout, issues)) return { value: inventory, ...key, issues: issues.list };

  if (sku === '') row.fail('sku', 'sku is empty; every row needs a SKU');
  if (inventory.location === '') row.fail('location', 'location is empty; every row needs a location');
  const onHand = row.text('count_on_hand');
  if (onHand === '') row.fail('count_on_hand', 'count_on_hand is empty; every row needs a count');
  else {
    const parsed = parseCount(onHand);
    if (parsed.ok) inventory.count_on_hand = parsed.value;
    else row.fail('count_on_hand', parsed.message);
  }
  const onHold = row.text('count_on_hold');
  if (onHold !== '') {
    const parsed = parseCount(onHold);
    if (parsed.ok) inventory.count_on_hold = parsed.value;
    else row.fail('count_on_hold', parsed.message);
  }
  for (const name of INVENTORY_TEXT) {
    const text = row.text(name);
    if (text !== '') inventory[name] = text;
  }
  return { value: inventory, ...key, issues: issues.list };
}
