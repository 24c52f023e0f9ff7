// The section 3 products.csv columns a set of catalog entries needs. Option, attribute,
// inventory, relation and barcode columns depend on the data, so a first read collects
// their names (a few per catalog, not per row) and a second writes the rows under them.

import { categoryPathKey, PRODUCT_BOOLEAN_FIELDS, PRODUCT_TEXT_FIELDS, type AttributeType, type PriceField, type ProductInput } from '../catalog/types.js';

// The product body fields come from the catalog's own lists, so a field added there is converted too.
const FIELD_COLUMNS = ['sku', 'name', 'parent_sku', ...PRODUCT_BOOLEAN_FIELDS, ...PRODUCT_TEXT_FIELDS, 'categories'] as const;
const PRICE_ORDER: readonly PriceField[] = ['msrp', 'sell_price', 'cost', 'map'];

/** Multi-value cells use `|` (§3). */
const MULTI = '|';

export class Section3Columns {
  private readonly priceColumns = new Map<string, { base: string; field: PriceField }>();
  private readonly options = new Set<string>();
  private readonly attributes = new Map<string, AttributeType | undefined>();
  private readonly locations = new Set<string>();
  private readonly relations = new Set<string>();
  private readonly barcodeTypes = new Set<string>();
  private hasImages = false;
  /** Category paths in first-seen order, for categories.csv. */
  readonly categories = new Map<string, string>();

  see(product: ProductInput): void {
    for (const price of product.prices) {
      for (const field of PRICE_ORDER) if (price[field] !== undefined) this.priceColumns.set(`price:${price.base}:${field}`, { base: price.base, field });
    }
    for (const option of product.options) this.options.add(option.name);
    for (const attribute of product.attributes) {
      if (!this.attributes.has(attribute.name) || attribute.type) this.attributes.set(attribute.name, attribute.type);
    }
    for (const stock of product.inventory) this.locations.add(stock.location);
    for (const relation of product.related) this.relations.add(relation.type);
    for (const barcode of product.barcodes ?? []) this.barcodeTypes.add(barcode.type);
    if ((product.images?.length ?? 0) > 0) this.hasImages = true;
    for (const path of product.categories) {
      const key = categoryPathKey(path);
      if (!this.categories.has(key)) this.categories.set(key, key);
    }
  }

  /** The header row. */
  header(): string[] {
    return [
      ...FIELD_COLUMNS,
      ...this.priceColumns.keys(),
      ...[...this.options].map((name) => `option:${name}`),
      ...[...this.attributes].map(([name, type]) => (type ? `attr:${name}[${type}]` : `attr:${name}`)),
      ...[...this.locations].map((location) => `inventory:${location}`),
      ...[...this.relations].map((type) => `related:${type}`),
      ...(this.hasImages ? ['images'] : []),
      ...[...this.barcodeTypes].map((type) => `barcode:${type}`),
    ];
  }

  /** One product as cells under `header()`. */
  row(product: ProductInput): string[] {
    const cells: string[] = [
      product.sku,
      product.name ?? '',
      product.parentSku ?? '',
      ...PRODUCT_BOOLEAN_FIELDS.map((field) => bool(product.fields[field])),
      ...PRODUCT_TEXT_FIELDS.map((field) => product.fields[field] ?? ''),
      product.categories.map(categoryPathKey).join(MULTI),
    ];
    for (const { base, field } of this.priceColumns.values()) {
      const value = product.prices.find((price) => price.base === base)?.[field];
      cells.push(value === undefined ? '' : String(value));
    }
    for (const name of this.options) cells.push(product.options.find((option) => option.name === name)?.value ?? '');
    for (const name of this.attributes.keys()) cells.push(product.attributes.find((attribute) => attribute.name === name)?.values.join(MULTI) ?? '');
    for (const location of this.locations) {
      const count = product.inventory.find((stock) => stock.location === location)?.count_on_hand;
      cells.push(count === undefined ? '' : String(count));
    }
    for (const type of this.relations) cells.push(product.related.find((relation) => relation.type === type)?.skus.join(MULTI) ?? '');
    if (this.hasImages) cells.push((product.images ?? []).join(MULTI));
    // §3 has one barcode column per type; a second code of the same type is left out.
    for (const type of this.barcodeTypes) cells.push(product.barcodes?.find((barcode) => barcode.type === type)?.value ?? '');
    return cells;
  }
}

function bool(value: boolean | undefined): string {
  return value === undefined ? '' : String(value);
}
