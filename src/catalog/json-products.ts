// The JSON `products` section → ProductInputs. Nested `variants` become their own
// ProductInputs with `parentSku` set, placed right after their parent, so JSON and CSV
// input reach the planner in the same flat shape.

import { attributeFromText } from './attribute-values.js';
import type { RowSink } from './collector.js';
import { describeJsonType, isJsonObject, JsonFields } from './json-fields.js';
import { emptyProduct, RowIssues, unique, type RowResult } from './row-issues.js';
import {
  categoryPathKey,
  PRICE_FIELDS,
  PRODUCT_BOOLEAN_FIELDS,
  PRODUCT_TEXT_FIELDS,
  BARCODE_TYPES,
  type BarcodeInput,
  type CategoryPath,
  type InventoryInput,
  type PriceInput,
  type ProductInput,
  type SourceLocation,
} from './types.js';
import { checkBarcode, checkCategoryLevels, parseCategoryPath, parseImageUrl, splitMulti } from './values.js';

const PRODUCT_KEYS: ReadonlySet<string> = new Set([
  'sku',
  'name',
  'parent_sku',
  'categories',
  'prices',
  'attributes',
  'inventory',
  'related',
  'options',
  'variants',
  'images',
  'barcodes',
  ...PRODUCT_TEXT_FIELDS,
  ...PRODUCT_BOOLEAN_FIELDS,
  ...PRICE_FIELDS,
]);
const PRICE_KEYS: ReadonlySet<string> = new Set(['base', ...PRICE_FIELDS]);
const BARCODE_KEYS: ReadonlySet<string> = new Set(['type', 'value']);
export const INVENTORY_KEYS: ReadonlySet<string> = new Set(['location', 'count_on_hand', 'site', 'bin', 'type', 'count_on_hold', 'source']);

export function readJsonProducts(list: unknown[], file: string, priceBase: string, batch: RowSink): void {
  list.forEach((item, index) => {
    const loc = { file, path: `products[${index}]` };
    const { row, variants } = readProduct(item, loc, priceBase, undefined);
    batch.add('products', row, loc);
    variants.forEach((variant, variantIndex) => {
      const variantLoc = { file, path: `${loc.path}.variants[${variantIndex}]` };
      batch.add('products', readProduct(variant, variantLoc, priceBase, row.value.sku).row, variantLoc);
    });
  });
}

/** `parentSku` is the SKU of the product a variant is nested in; undefined at the top level. */
function readProduct(item: unknown, loc: SourceLocation, priceBase: string, parentSku: string | undefined) {
  const issues = new RowIssues(loc);
  const product = emptyProduct(loc, '');
  const done = (variants: unknown[] = []): { row: RowResult<ProductInput>; variants: unknown[] } => ({
    row: { value: product, ...(product.sku === '' ? {} : { key: product.sku }), issues: issues.list },
    variants,
  });
  if (!isJsonObject(item)) {
    issues.error(undefined, `a product must be an object, not ${describeJsonType(item)}`);
    return done();
  }
  const fields = new JsonFields(item, issues);
  fields.warnUnknown(PRODUCT_KEYS);
  product.sku = fields.string('sku') ?? '';
  const rawSku = item['sku'];
  if (rawSku === undefined || rawSku === null) fields.fail('sku', 'sku is missing; every product needs a SKU');
  else if (typeof rawSku === 'string' && product.sku === '') fields.fail('sku', 'sku is empty; every product needs a SKU');
  const name = fields.string('name');
  if (name !== undefined) product.name = name;
  for (const key of PRODUCT_TEXT_FIELDS) {
    const text = fields.string(key);
    if (text !== undefined) product.fields[key] = text;
  }
  for (const key of PRODUCT_BOOLEAN_FIELDS) {
    const flag = fields.boolean(key);
    if (flag !== undefined) product.fields[key] = flag;
  }
  readParent(fields, product, parentSku);
  product.categories = readCategories(fields);
  product.prices = readPrices(fields, priceBase);
  readAttributes(fields, product);
  product.inventory = readInventoryList(fields);
  readRelated(fields, product);
  readOptions(fields, product);
  readImages(fields, product);
  readBarcodes(fields, product);

  const variants = fields.array('variants') ?? [];
  if (parentSku !== undefined && variants.length > 0) fields.fail('variants', 'a variant cannot have variants of its own');
  return done(parentSku === undefined ? variants : []);
}

function readParent(fields: JsonFields, product: ProductInput, nestedIn: string | undefined): void {
  const declared = fields.string('parent_sku');
  if (nestedIn === undefined) {
    if (declared !== undefined) product.parentSku = declared;
    if (declared === product.sku && declared !== undefined) fields.fail('parent_sku', 'a product cannot be its own parent');
    return;
  }
  if (nestedIn === '') fields.issues.error(undefined, 'the product this variant is nested in has no SKU');
  else if (declared !== undefined && declared !== nestedIn) {
    fields.fail('parent_sku', `"${declared}" does not match the product this variant is nested in ("${nestedIn}")`);
  }
  product.parentSku = nestedIn;
}

function readCategories(fields: JsonFields): CategoryPath[] {
  const paths = new Map<string, CategoryPath>();
  (fields.array('categories') ?? []).forEach((item, index) => {
    const column = `categories[${index}]`;
    const levels = Array.isArray(item) && item.every((level) => typeof level === 'string') ? item : undefined;
    const parsed = typeof item === 'string' ? parseCategoryPath(item) : levels ? checkCategoryLevels(levels) : undefined;
    if (parsed === undefined) fields.fail(column, `must be a path string or an array of levels, not ${describeJsonType(item)}`);
    else if (!parsed.ok) fields.fail(column, parsed.message);
    else paths.set(categoryPathKey(parsed.value), parsed.value);
  });
  return [...paths.values()];
}

function readPrices(fields: JsonFields, priceBase: string): PriceInput[] {
  const prices = new Map<string, PriceInput>();
  (fields.array('prices') ?? []).forEach((item, index) => {
    const column = `prices[${index}]`;
    if (!isJsonObject(item)) return fields.fail(column, `must be an object, not ${describeJsonType(item)}`);
    const entry = new JsonFields(item, fields.issues, `${column}.`);
    entry.warnUnknown(PRICE_KEYS);
    const base = entry.string('base');
    if (base === undefined) return entry.fail('base', 'a price needs a base, e.g. "US"');
    if (prices.has(base)) return fields.fail(column, `price base "${base}" is given twice`);
    const price: PriceInput = { base };
    for (const field of PRICE_FIELDS) {
      const value = entry.price(field);
      if (value !== undefined) price[field] = value;
    }
    const given = PRICE_FIELDS.some((field) => item[field] !== undefined && item[field] !== null);
    if (!given) fields.fail(column, `a price needs at least one of ${PRICE_FIELDS.join(', ')}`);
    prices.set(base, price);
  });
  // The shorthand fields belong to the --price-base base, as in CSV.
  for (const field of PRICE_FIELDS) {
    const value = fields.price(field);
    if (value === undefined) continue;
    const price = prices.get(priceBase) ?? { base: priceBase };
    if (price[field] !== undefined) fields.fail(field, `the ${priceBase} ${field} is also given in "prices"`);
    price[field] = value;
    prices.set(priceBase, price);
  }
  return [...prices.values()];
}

function readAttributes(fields: JsonFields, product: ProductInput): void {
  const attributes = fields.object('attributes') ?? {};
  for (const [name, value] of Object.entries(attributes)) {
    const column = `attributes.${name}`;
    if (value === null || value === undefined) continue;
    if (typeof value === 'string') {
      if (value.trim() !== '') product.attributes.push(attributeFromText(name, value.trim(), undefined));
    } else if (Array.isArray(value) && value.every((item) => typeof item === 'string')) {
      const values = unique(value.map((item) => item.trim()).filter((item) => item !== ''));
      if (values.length > 0) product.attributes.push({ name, values });
    } else {
      fields.fail(column, `must be a string or an array of strings, not ${describeJsonType(value)}`);
    }
  }
}

/** A product's `inventory` list: one entry per location. */
function readInventoryList(fields: JsonFields): InventoryInput[] {
  const byLocation = new Map<string, InventoryInput>();
  (fields.array('inventory') ?? []).forEach((item, index) => {
    const column = `inventory[${index}]`;
    if (!isJsonObject(item)) return fields.fail(column, `must be an object, not ${describeJsonType(item)}`);
    const stock = readInventoryFields(new JsonFields(item, fields.issues, `${column}.`));
    if (stock === undefined) return;
    if (byLocation.has(stock.location)) return fields.fail(column, `location "${stock.location}" is given twice`);
    byLocation.set(stock.location, stock);
  });
  return [...byLocation.values()];
}

/** The fields of one inventory object, shared with the top-level `inventory` section. */
export function readInventoryFields(entry: JsonFields): InventoryInput | undefined {
  entry.warnUnknown(entry.prefix === '' ? new Set([...INVENTORY_KEYS, 'sku']) : INVENTORY_KEYS);
  const location = entry.string('location');
  const onHand = entry.count('count_on_hand');
  if (location === undefined) entry.fail('location', 'location is missing');
  if (onHand === undefined && (entry.source['count_on_hand'] ?? null) === null) entry.fail('count_on_hand', 'count_on_hand is missing');
  if (location === undefined || onHand === undefined) return undefined;
  const stock: InventoryInput = { location, count_on_hand: onHand };
  const onHold = entry.count('count_on_hold');
  if (onHold !== undefined) stock.count_on_hold = onHold;
  for (const key of ['site', 'bin', 'type', 'source'] as const) {
    const text = entry.string(key);
    if (text !== undefined) stock[key] = text;
  }
  return stock;
}

function readRelated(fields: JsonFields, product: ProductInput): void {
  for (const [type, value] of Object.entries(fields.object('related') ?? {})) {
    const column = `related.${type}`;
    let skus: string[];
    if (typeof value === 'string') skus = splitMulti(value);
    else if (Array.isArray(value) && value.every((item) => typeof item === 'string')) skus = value.map((s) => s.trim()).filter((s) => s !== '');
    else if (value === null) continue;
    else {
      fields.fail(column, `must be an array of SKUs, not ${describeJsonType(value)}`);
      continue;
    }
    if (product.sku !== '' && skus.includes(product.sku)) fields.fail(column, 'a product cannot be related to itself');
    if (skus.length > 0) product.related.push({ type, skus: unique(skus) });
  }
}

function readOptions(fields: JsonFields, product: ProductInput): void {
  let invalid = false;
  for (const [name, value] of Object.entries(fields.object('options') ?? {})) {
    if (value === null) continue;
    if (typeof value === 'string') {
      if (value.trim() !== '') product.options.push({ name, value: value.trim() });
    } else {
      fields.fail(`options.${name}`, `must be a string, not ${describeJsonType(value)}`);
      invalid = true;
    }
  }
  if (product.parentSku !== undefined && product.options.length === 0 && !invalid) {
    fields.issues.error('options', 'a variant needs at least one option value, e.g. "options": { "Size": "M" }');
  }
  if (product.parentSku === undefined && product.options.length > 0) {
    fields.issues.warning('options', 'option values are ignored on a product that is not a variant');
    product.options = [];
  }
}

/** `"images": ["https://…/main.jpg", …]`, the main image first. */
function readImages(fields: JsonFields, product: ProductInput): void {
  const list = fields.array('images');
  if (list === undefined) return;
  const images: string[] = [];
  list.forEach((item, index) => {
    const column = `images[${index}]`;
    if (typeof item !== 'string') return fields.fail(column, `must be an image URL string, not ${describeJsonType(item)}`);
    if (item.trim() === '') return;
    const parsed = parseImageUrl(item);
    if (!parsed.ok) return fields.fail(column, parsed.message);
    if (!images.includes(parsed.value)) images.push(parsed.value);
  });
  if (images.length > 0) product.images = images;
}

/** `"barcodes": [{ "type": "UPC-A", "value": "012345678905" }]`, as a price list names its base. */
function readBarcodes(fields: JsonFields, product: ProductInput): void {
  const list = fields.array('barcodes');
  if (list === undefined) return;
  const barcodes: BarcodeInput[] = [];
  list.forEach((item, index) => {
    const column = `barcodes[${index}]`;
    if (!isJsonObject(item)) return fields.fail(column, `must be an object, not ${describeJsonType(item)}`);
    const entry = new JsonFields(item, fields.issues, `${column}.`);
    entry.warnUnknown(BARCODE_KEYS);
    const typeText = entry.string('type');
    const type = BARCODE_TYPES.find((candidate) => candidate.toLowerCase() === typeText?.toLowerCase());
    if (type === undefined) return entry.fail('type', `a barcode needs a type: one of ${BARCODE_TYPES.join(', ')}`);
    const raw = item['value'];
    const value = typeof raw === 'number' && Number.isSafeInteger(raw) ? String(raw) : entry.string('value');
    if (value === undefined) return entry.fail('value', 'a barcode needs a value');
    const parsed = checkBarcode(type, value);
    if (!parsed.ok) return entry.fail('value', parsed.message);
    if (!barcodes.some((code) => code.type === type && code.value === parsed.value)) barcodes.push({ type, value: parsed.value });
  });
  if (barcodes.length > 0) product.barcodes = barcodes;
}
