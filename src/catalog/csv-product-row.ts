// One products.csv row → ProductInput, with the row's own issues. Rules that need other
// rows (unique SKUs, variant parents) are in product-checks.ts.

import { attributeFromText } from './attribute-values.js';
import { checkWidth, type Column, type CsvLayout } from './csv-columns.js';
import type { CsvRecord } from './csv-records.js';
import { emptyProduct, RowIssues, unique, type RowResult } from './row-issues.js';
import { categoryPathKey, type CategoryPath, type PriceInput, type ProductInput } from './types.js';
import { checkBarcode, parseBoolean, parseCategoryPath, parseCount, parseImageUrl, parsePrice, splitMulti } from './values.js';

export function productFromCsv(record: CsvRecord, layout: CsvLayout, file: string): RowResult<ProductInput> {
  const loc = { file, line: record.line };
  const issues = new RowIssues(loc);
  const cell = (index: number | undefined): string => (index === undefined ? '' : (record.cells[index] ?? '').trim());
  const product = emptyProduct(loc, cell(layout.fieldIndex.get('sku')));
  const key = product.sku === '' ? {} : { key: product.sku };

  if (!checkWidth(record, layout, issues)) return { value: product, ...key, issues: issues.list };
  const prices = new Map<string, PriceInput>();
  const categories = new Map<string, CategoryPath>();
  for (const column of layout.columns) {
    const text = cell(column.index);
    if (text !== '') readCell(product, column, text, issues, prices, categories);
  }
  product.prices = [...prices.values()];
  product.categories = [...categories.values()];
  checkProductRow(product, layout, issues);
  compactLists(product);
  return { value: product, ...key, issues: issues.list };
}

/** Arrays grown by push keep spare capacity; over 100,000 rows that is tens of megabytes. */
function compactLists(product: ProductInput): void {
  product.options = product.options.slice();
  product.categories = product.categories.slice();
  product.prices = product.prices.slice();
  product.attributes = product.attributes.slice();
  product.inventory = product.inventory.slice();
  product.related = product.related.slice();
  if (product.images) product.images = product.images.slice();
  if (product.barcodes) product.barcodes = product.barcodes.slice();
}

function readCell(
  product: ProductInput,
  column: Column,
  text: string,
  issues: RowIssues,
  prices: Map<string, PriceInput>,
  categories: Map<string, CategoryPath>,
): void {
  const fail = (message: string): void => issues.error(column.label, message);
  switch (column.use) {
    case 'field':
      return readField(product, column.name, text, fail, categories);
    case 'price': {
      const parsed = parsePrice(text);
      if (!parsed.ok) return fail(parsed.message);
      const price = prices.get(column.base) ?? { base: column.base };
      price[column.field] = parsed.value;
      prices.set(column.base, price);
      return;
    }
    case 'option':
      product.options.push({ name: column.name, value: text });
      return;
    case 'attr': {
      const attribute = attributeFromText(column.name, text, column.hint);
      if (attribute.values.length > 0) product.attributes.push(attribute);
      return;
    }
    case 'inventory': {
      const parsed = parseCount(text);
      if (!parsed.ok) return fail(parsed.message);
      product.inventory.push({ location: column.location, count_on_hand: parsed.value });
      return;
    }
    case 'related': {
      const skus = unique(splitMulti(text));
      if (skus.length > 0) product.related.push({ type: column.relation, skus });
      return;
    }
    case 'barcode':
      // Several codes of one type (a case pack and a unit) share the cell, `|`-separated.
      for (const code of unique(splitMulti(text))) {
        const parsed = checkBarcode(column.barcodeType, code);
        if (!parsed.ok) fail(parsed.message);
        else (product.barcodes ??= []).push({ type: column.barcodeType, value: parsed.value });
      }
      return;
  }
}

function readField(product: ProductInput, name: string, text: string, fail: (message: string) => void, categories: Map<string, CategoryPath>): void {
  switch (name) {
    case 'sku':
      return;
    case 'name':
      product.name = text;
      return;
    case 'parent_sku':
      product.parentSku = text;
      return;
    case 'categories':
      for (const pathText of splitMulti(text)) {
        const parsed = parseCategoryPath(pathText);
        if (parsed.ok) categories.set(categoryPathKey(parsed.value), parsed.value);
        else fail(parsed.message);
      }
      return;
    case 'images':
      for (const url of unique(splitMulti(text))) {
        const parsed = parseImageUrl(url);
        if (parsed.ok) (product.images ??= []).push(parsed.value);
        else fail(parsed.message);
      }
      return;
    case 'enabled':
    case 'is_visible': {
      const parsed = parseBoolean(text);
      if (parsed.ok) product.fields[name] = parsed.value;
      else fail(parsed.message);
      return;
    }
    default:
      // The remaining product columns are text passed through to the body.
      product.fields[name as 'desc_short'] = text;
  }
}

function checkProductRow(product: ProductInput, layout: CsvLayout, issues: RowIssues): void {
  const label = (name: string): string => layout.columns.find((c) => c.use === 'field' && c.name === name)?.label ?? name;
  if (product.sku === '') issues.error(label('sku'), 'sku is empty; every row needs a SKU');
  if (product.parentSku !== undefined) {
    if (product.parentSku === product.sku) issues.error(label('parent_sku'), 'a product cannot be its own parent');
    if (product.options.length === 0) issues.error(undefined, 'a variant needs at least one option:<Name> value');
  } else if (product.options.length > 0) {
    const names = product.options.map((option) => `option:${option.name}`).join(', ');
    issues.warning(undefined, `${names} ignored: option values only apply to variants (rows with parent_sku)`);
    product.options = [];
  }
  for (const relation of product.related) {
    if (product.sku !== '' && relation.skus.includes(product.sku)) {
      const column = layout.columns.find((c) => c.use === 'related' && c.relation === relation.type);
      issues.error(column?.label, 'a product cannot be related to itself');
    }
  }
}
