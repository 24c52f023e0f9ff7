// Reads section 3 input files (products, categories, inventory; CSV or JSON) into plain rows, by
// the SPEC's words alone: header names trimmed and case-insensitive, `_` columns ignored, blank
// cells meaning "not given", `|` between values and ` > ` between category levels.
import fs from 'node:fs';
import { parse } from 'csv-parse/sync';
import type { CategoryDigest, InventoryDigest, PriceDigest, ProductText } from './digest.js';
import { PRODUCT_TEXTS } from './digest.js';

export type InputKind = 'products' | 'categories' | 'inventory';

export interface InputCategory {
  path: string[];
  fields: Partial<CategoryDigest>;
}

export interface InputInventory extends Partial<InventoryDigest> {
  location: string;
}

export interface InputProduct {
  sku: string;
  name?: string;
  parentSku?: string;
  options: Record<string, string>;
  enabled?: boolean;
  is_visible?: boolean;
  texts: Partial<Record<ProductText, string | number>>;
  prices: Record<string, Partial<PriceDigest>>;
  inventory: InputInventory[];
  attributes: { name: string; type?: string; values: string[] }[];
  categories: string[][];
  images: string[];
  barcodes: { type: string; value: string }[];
  related: { type: string; skus: string[] }[];
}

export interface InputCatalog {
  categories: InputCategory[];
  options: { name: string; values: string[] }[];
  attributes: { name: string; type: string; values: string[] }[];
  products: InputProduct[];
  inventory: (InputInventory & { sku: string })[];
}

export interface ReadOptions {
  /** The base of the shorthand price columns (`--price-base`). */
  priceBase?: string;
  /** `--map`: input header → section 3 header. */
  map?: Record<string, string>;
}

const PRICE_FIELDS = ['msrp', 'map', 'cost', 'sell_price'] as const;
const CATEGORY_TEXTS = ['desc', 'slug', 'seo_meta_title', 'seo_meta_desc', 'seo_meta_keywords', 'search_keywords'] as const;
const INVENTORY_TEXTS = ['site', 'bin', 'type', 'source'] as const;
const BARCODE_TYPES = ['UPC-A', 'GTIN-13', 'EAN', 'ITF-14', 'Custom'];

const splitPath = (path: string): string[] => path.split('>').map((level) => level.trim());
const splitValues = (cell: string): string[] => cell.split('|').map((value) => value.trim());
const bool = (cell: string | boolean): boolean => (typeof cell === 'boolean' ? cell : ['true', '1', 'yes'].includes(cell.trim().toLowerCase()));

function emptyCatalog(): InputCatalog {
  return { categories: [], options: [], attributes: [], products: [], inventory: [] };
}

export function readInput(kind: InputKind, file: string, options: ReadOptions = {}): InputCatalog {
  const text = fs.readFileSync(file, 'utf8');
  if (file.toLowerCase().endsWith('.json')) return readJson(JSON.parse(text) as JsonCatalog);
  const catalog = emptyCatalog();
  for (const row of csvRows(text, options.map ?? {})) {
    if (kind === 'categories') catalog.categories.push(categoryRow(row));
    else if (kind === 'inventory') catalog.inventory.push({ sku: row.get('sku')!, ...inventoryFields(row, row.get('location')!) });
    else catalog.products.push(productRow(row, options.priceBase ?? 'US'));
  }
  return catalog;
}

/** Rows as header → non-blank cell, headers trimmed, lower-cased up to the name after a `prefix:`. */
function csvRows(text: string, map: Record<string, string>): Map<string, string>[] {
  const [header, ...records] = parse(text, { bom: true, skip_empty_lines: true });
  const renames = new Map(Object.entries(map).map(([from, to]) => [from.trim().toLowerCase(), to]));
  const names = header!.map((raw) => {
    const name = (renames.get(raw.trim().toLowerCase()) ?? raw).trim();
    const colon = name.indexOf(':');
    return colon < 0 ? name.toLowerCase() : name.slice(0, colon).toLowerCase() + name.slice(colon);
  });
  return records.map((record) => {
    const row = new Map<string, string>();
    record.forEach((cell, index) => {
      const name = names[index]!;
      if (!name.startsWith('_') && cell.trim() !== '') row.set(name, cell.trim());
    });
    return row;
  });
}

function categoryRow(row: Map<string, string>): InputCategory {
  const fields: Partial<CategoryDigest> = {};
  for (const field of CATEGORY_TEXTS) if (row.has(field)) fields[field] = row.get(field)!;
  if (row.has('is_visible')) fields.is_visible = bool(row.get('is_visible')!);
  return { path: splitPath(row.get('path')!), fields };
}

function inventoryFields(row: Map<string, string>, location: string): InputInventory {
  const out: InputInventory = { location };
  if (row.has('count_on_hand')) out.count_on_hand = Number(row.get('count_on_hand'));
  if (row.has('count_on_hold')) out.count_on_hold = Number(row.get('count_on_hold'));
  for (const field of INVENTORY_TEXTS) if (row.has(field)) out[field] = row.get(field)!;
  return out;
}

function productRow(row: Map<string, string>, priceBase: string): InputProduct {
  const product = blankProduct(row.get('sku')!);
  for (const [header, cell] of row) {
    const [prefix, ...rest] = header.split(':');
    const name = rest.join(':');
    if (header === 'name') product.name = cell;
    else if (header === 'parent_sku') product.parentSku = cell;
    else if (header === 'enabled' || header === 'is_visible') product[header] = bool(cell);
    else if ((PRODUCT_TEXTS as readonly string[]).includes(header)) product.texts[header as ProductText] = cell;
    else if ((PRICE_FIELDS as readonly string[]).includes(header)) price(product, priceBase, header, cell);
    else if (header === 'categories') product.categories.push(...splitValues(cell).map(splitPath));
    else if (header === 'images') product.images.push(...splitValues(cell));
    else if (prefix === 'price') price(product, name.slice(0, name.lastIndexOf(':')), name.slice(name.lastIndexOf(':') + 1).toLowerCase(), cell);
    else if (prefix === 'option') product.options[name] = cell;
    else if (prefix === 'inventory') product.inventory.push({ location: name, count_on_hand: Number(cell) });
    else if (prefix === 'related') product.related.push({ type: name, skus: splitValues(cell) });
    else if (prefix === 'barcode') product.barcodes.push({ type: barcodeType(name), value: cell });
    else if (prefix === 'attr') {
      const typed = /^(.*)\[(\w+)\]$/.exec(name);
      const type = typed?.[2]?.toLowerCase();
      const multi = type === 'multiselect';
      product.attributes.push({ name: (typed?.[1] ?? name).trim(), ...(type ? { type } : {}), values: multi ? splitValues(cell) : [cell] });
    }
  }
  return product;
}

function blankProduct(sku: string): InputProduct {
  return { sku, options: {}, texts: {}, prices: {}, inventory: [], attributes: [], categories: [], images: [], barcodes: [], related: [] };
}

function price(product: InputProduct, base: string, field: string, cell: string | number): void {
  product.prices[base] = { ...product.prices[base], [field]: Number(cell) };
}

function barcodeType(name: string): string {
  return BARCODE_TYPES.find((type) => type.toLowerCase() === name.toLowerCase()) ?? name;
}

// ---- JSON ------------------------------------------------------------------------------------

type JsonValue = string | number | boolean;
interface JsonProduct {
  sku: string;
  name?: string;
  enabled?: JsonValue;
  is_visible?: JsonValue;
  options?: Record<string, string>;
  categories?: (string | string[])[];
  prices?: ({ base: string } & Partial<PriceDigest>)[];
  attributes?: Record<string, string | string[]>;
  inventory?: InputInventory[];
  images?: string[];
  barcodes?: { type: string; value: string }[];
  related?: Record<string, string[]>;
  variants?: JsonProduct[];
  [text: string]: unknown;
}
interface JsonCatalog {
  categories?: ({ path: string | string[] } & Partial<CategoryDigest>)[];
  options?: { name: string; values?: string[] }[];
  attributes?: { name: string; type?: string; values?: string[] }[];
  products?: JsonProduct[];
  inventory?: (InputInventory & { sku: string })[];
}

function readJson(json: JsonCatalog): InputCatalog {
  const catalog = emptyCatalog();
  for (const { path, ...fields } of json.categories ?? []) {
    const visible = fields.is_visible;
    catalog.categories.push({
      path: Array.isArray(path) ? path : splitPath(path),
      fields: { ...fields, ...(visible === undefined ? {} : { is_visible: bool(visible) }) },
    });
  }
  catalog.options = (json.options ?? []).map(({ name, values }) => ({ name, values: values ?? [] }));
  catalog.attributes = (json.attributes ?? []).map(({ name, type, values }) => ({ name, type: type ?? 'text', values: values ?? [] }));
  const add = (item: JsonProduct, parentSku?: string) => {
    const product = blankProduct(item.sku);
    if (item.name !== undefined) product.name = item.name;
    if (parentSku) product.parentSku = parentSku;
    if (item.enabled !== undefined) product.enabled = bool(item.enabled as string | boolean);
    if (item.is_visible !== undefined) product.is_visible = bool(item.is_visible as string | boolean);
    for (const field of PRODUCT_TEXTS) if (typeof item[field] === 'string' || typeof item[field] === 'number') product.texts[field] = item[field];
    product.options = { ...item.options };
    product.categories = (item.categories ?? []).map((path) => (Array.isArray(path) ? path : splitPath(path)));
    for (const { base, ...fields } of item.prices ?? []) product.prices[base] = fields;
    product.attributes = Object.entries(item.attributes ?? {}).map(([name, value]) => ({ name, values: Array.isArray(value) ? value : [value] }));
    product.inventory = item.inventory ?? [];
    product.images = item.images ?? [];
    product.barcodes = (item.barcodes ?? []).map(({ type, value }) => ({ type: barcodeType(type), value }));
    product.related = Object.entries(item.related ?? {}).map(([type, skus]) => ({ type, skus }));
    catalog.products.push(product);
    for (const variant of item.variants ?? []) add(variant, item.sku);
  };
  for (const item of json.products ?? []) add(item);
  catalog.inventory = json.inventory ?? [];
  return catalog;
}
