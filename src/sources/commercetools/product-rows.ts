// One commercetools product projection → §3 products.csv rows (SPEC §10, §11). A product with
// one variant is one row with that variant's SKU; with several, a parent row (SKU: the product's
// key, else its slug in --locale) and one row per variant, told apart by the variant axes.
// Pure: the product, its type, the category paths and the variants' stock in; rows out.
import type { AttributeDefinition, ProductProjection, ProductVariant } from '@commercetools/platform-sdk';
import { barcodeTypeOf } from '../../catalog/types.js';
import { attributeLabel, cleanName, displayValues, findAttribute, isBarcodeAttribute, jasperType, type Localize, TypeAttributes } from './attributes.js';
import { type PriceCounts, variantPrices } from './prices.js';

/** One products.csv row: §3 header → cell. Attribute headers carry their type: `attr:Color[selectbox]`. */
export type ExportRow = Record<string, string>;

/** Stock of one SKU: location (supply channel key, or Default) → quantity on stock. */
export type SkuStock = ReadonlyMap<string, number>;

export interface MappingContext {
  localize: Localize;
  /** Category id → its path of names from the root. */
  categoryPaths: ReadonlyMap<string, string[]>;
  productType: (id: string) => TypeAttributes;
  priceBaseMap: ReadonlyMap<string, string>;
  stock: (sku: string) => SkuStock | undefined;
  staged: boolean;
  now: Date;
}

export interface ProductCounts {
  prices: PriceCounts;
  /** Variants without a SKU: Jasper matches by SKU, so they cannot be pushed. */
  variantsWithoutSku: number;
}

/** Name of the synthetic axis when a product's variants differ in no attribute. */
export const FALLBACK_AXIS = 'Variant';
export const MULTI_VALUE_SEPARATOR = '|';

export function productRows(product: ProductProjection, context: MappingContext, counts: ProductCounts): ExportRow[] {
  const { localize } = context;
  const type = context.productType(product.productType.id);
  const all = [product.masterVariant, ...product.variants];
  const variants = all.filter((variant) => {
    if (variant.sku && variant.sku.trim() !== '') return true;
    counts.variantsWithoutSku++;
    return false;
  });
  if (variants.length === 0) return [];
  const name = cleanName(localize(product.name) ?? product.key ?? product.id);
  const common = productFields(product, context, name);

  if (all.length === 1) {
    return [{ sku: variants[0]!.sku!.trim(), ...common, ...variantCells(variants[0]!, type, new Set(), context, counts) }];
  }
  const axes = type.axes(all);
  const axisNames = new Set(axes.map((axis) => axis.name));
  const parentSku = cleanName(product.key ?? localize(product.slug) ?? product.id);
  const parent: ExportRow = { sku: parentSku, ...common, ...sharedAttributes(variants, type, axisNames, localize) };
  const images = imageUrls(product.masterVariant);
  if (images) parent['images'] = images;
  const rows = [parent];
  for (const variant of variants) {
    const options = optionCells(variant, axes, type, localize);
    const shown = Object.values(options);
    rows.push({
      sku: variant.sku!.trim(),
      name: shown.length > 0 ? `${name} – ${shown.join(' / ')}` : name,
      parent_sku: parentSku,
      enabled: common['enabled']!,
      ...options,
      ...variantCells(variant, type, axisNames, context, counts),
    });
  }
  return rows;
}

function productFields(product: ProductProjection, context: MappingContext, name: string): ExportRow {
  const { localize } = context;
  const row: ExportRow = { name, enabled: String(context.staged ? Boolean(product.published) : true) };
  const categories = product.categories
    .map((reference) => context.categoryPaths.get(reference.id))
    .filter((path): path is string[] => path !== undefined && path.length > 0)
    .map((path) => path.join(' > '));
  if (categories.length > 0) row['categories'] = [...new Set(categories)].join(MULTI_VALUE_SEPARATOR);
  const description = localize(product.description);
  if (description) row['desc_long'] = description;
  const slug = localize(product.slug);
  if (slug) row['product_url'] = slug;
  const title = localize(product.metaTitle);
  if (title) row['page_title'] = title;
  return row;
}

/** A variant's own cells: prices, attributes (not its axes), stock, images, barcodes. */
function variantCells(variant: ProductVariant, type: TypeAttributes, axes: ReadonlySet<string>, context: MappingContext, counts: ProductCounts): ExportRow {
  const row: ExportRow = {};
  for (const [base, amount] of variantPrices(variant.prices, context.priceBaseMap, counts.prices, context.now)) {
    row[`price:${base}:msrp`] = String(amount);
  }
  for (const attribute of variant.attributes ?? []) {
    if (axes.has(attribute.name)) continue;
    const definition = type.get(attribute.name);
    const values = displayValues(definition?.type, attribute.value, context.localize)
      .map(cleanValue)
      .filter((value) => value !== '');
    if (values.length === 0) continue;
    if (isBarcodeAttribute(attribute.name)) {
      for (const value of values) row[`barcode:${barcodeTypeOf(value)}`] ??= value;
      continue;
    }
    row[attributeHeader(definition, attribute.name, context.localize)] = values.join(MULTI_VALUE_SEPARATOR);
  }
  for (const [location, quantity] of context.stock(variant.sku!.trim()) ?? []) row[`inventory:${location}`] = String(quantity);
  const images = imageUrls(variant);
  if (images) row['images'] = images;
  return row;
}

/** The parent carries the attributes every variant shares, with the same value. */
function sharedAttributes(variants: readonly ProductVariant[], type: TypeAttributes, axes: ReadonlySet<string>, localize: Localize): ExportRow {
  const row: ExportRow = {};
  const first = variants[0]!;
  for (const attribute of first.attributes ?? []) {
    if (axes.has(attribute.name) || isBarcodeAttribute(attribute.name)) continue;
    const same = variants.every((variant) => JSON.stringify(findAttribute(variant, attribute.name)?.value) === JSON.stringify(attribute.value));
    if (!same) continue;
    const definition = type.get(attribute.name);
    const values = displayValues(definition?.type, attribute.value, localize)
      .map(cleanValue)
      .filter((value) => value !== '');
    if (values.length > 0) row[attributeHeader(definition, attribute.name, localize)] = values.join(MULTI_VALUE_SEPARATOR);
  }
  return row;
}

function optionCells(variant: ProductVariant, axes: readonly AttributeDefinition[], type: TypeAttributes, localize: Localize): ExportRow {
  const row: ExportRow = {};
  if (axes.length === 0) {
    row[`option:${FALLBACK_AXIS}`] = cleanValue(variant.sku!.trim());
    return row;
  }
  for (const axis of axes) {
    const value = displayValues(axis.type, findAttribute(variant, axis.name)?.value, localize).map(cleanValue).join(' ');
    if (value !== '') row[`option:${attributeLabel(type.get(axis.name), axis.name, localize)}`] = value;
  }
  return row;
}

function attributeHeader(definition: AttributeDefinition | undefined, name: string, localize: Localize): string {
  const label = attributeLabel(definition, name, localize);
  const type = jasperType(definition?.type);
  return type === 'text' ? `attr:${label}` : `attr:${label}[${type}]`;
}

function imageUrls(variant: ProductVariant): string | undefined {
  const urls = (variant.images ?? []).map((image) => image.url.trim()).filter((url) => /^https?:\/\//i.test(url));
  return urls.length > 0 ? [...new Set(urls)].join(MULTI_VALUE_SEPARATOR) : undefined;
}

function cleanValue(text: string): string {
  return text.replace(/\|/g, '/').trim();
}
