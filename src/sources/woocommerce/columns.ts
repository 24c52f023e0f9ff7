// The columns of WooCommerce's built-in product CSV exporter that jasper-push reads (normalised names).
export const W = {
  id: 'id',
  type: 'type',
  sku: 'sku',
  name: 'name',
  published: 'published',
  visibility: 'visibility in catalog',
  shortDescription: 'short description',
  description: 'description',
  salePrice: 'sale price',
  regularPrice: 'regular price',
  categories: 'categories',
  tags: 'tags',
  images: 'images',
  parent: 'parent',
  grouped: 'grouped products',
  upsells: 'upsells',
  crosssells: 'cross-sells',
  externalUrl: 'external url',
  stock: 'stock',
  gtin: 'gtin, upc, ean, or isbn',
} as const;

export const REQUIRED_COLUMNS = [W.type, W.sku, W.name] as const;

/** `Weight (lbs)`, `Length (in)`…: kept as attributes named as the file names them. */
export const DIMENSION_COLUMN = /^(weight|length|width|height) \(.+\)$/;

/** `Attribute 3 name` → 3. */
export const ATTRIBUTE_NAME_COLUMN = /^attribute (\d+) name$/;

export const attributeValueColumn = (n: string): string => `attribute ${n} value(s)`;

/** WooCommerce writes list items `, `-separated and escapes a comma inside an item as `\,`. */
export function splitWooList(text: string): string[] {
  return text
    .split(/(?<!\\),/)
    .map((part) => part.replace(/\\,/g, ',').trim())
    .filter((part) => part !== '');
}

/** The types of a row: a cell can hold several (`simple, downloadable, virtual`). */
export function typesOf(text: string): Set<string> {
  return new Set(splitWooList(text.toLowerCase()));
}
