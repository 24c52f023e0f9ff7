// The catalog model: what the readers produce and the planner consumes.
// Everything here is plain data, independent of the input format it came from.

export type CatalogKind = 'products' | 'categories' | 'inventory';

export const ATTRIBUTE_TYPES = ['text', 'textarea', 'date', 'selectbox', 'multiselect'] as const;
export type AttributeType = (typeof ATTRIBUTE_TYPES)[number];

/** Where an input row came from: a CSV line, or a JSON path. */
export interface SourceLocation {
  file: string;
  /** 1-based physical line where the CSV record starts. */
  line?: number;
  /** JSON path of the object, e.g. `products[3].variants[0]`. */
  path?: string;
}

export interface Issue {
  location: SourceLocation;
  column?: string;
  message: string;
  severity: 'error' | 'warning';
}

/** Category path as trimmed levels, e.g. ["Apparel", "Shirts"]. */
export type CategoryPath = string[];

export const CATEGORY_PATH_SEPARATOR = ' > ';

/** Names match case-insensitively and trimmed ("Size" = "size "): options, sets, attributes, categories, locations. */
export function nameKey(name: string): string {
  return name.trim().toLowerCase();
}

export function categoryPathKey(path: CategoryPath): string {
  return path.join(CATEGORY_PATH_SEPARATOR);
}

export interface CategoryInput {
  loc: SourceLocation;
  path: CategoryPath;
  desc?: string;
  slug?: string;
  is_visible?: boolean;
  seo_meta_title?: string;
  seo_meta_desc?: string;
  seo_meta_keywords?: string;
  search_keywords?: string;
}

export interface OptionInput {
  name: string;
  values: string[];
}

export interface AttributeDefinitionInput {
  name: string;
  type: AttributeType;
  values: string[];
}

export const PRICE_FIELDS = ['msrp', 'map', 'cost', 'sell_price'] as const;
export type PriceField = (typeof PRICE_FIELDS)[number];

export interface PriceInput {
  base: string;
  msrp?: number;
  map?: number;
  cost?: number;
  sell_price?: number;
}

export interface InventoryInput {
  location: string;
  count_on_hand: number;
  site?: string;
  bin?: string;
  type?: string;
  count_on_hold?: number;
  source?: string;
}

export interface AttributeValueInput {
  name: string;
  /** Type named in the header (`attr:Country[multiselect]`) or the JSON `attributes` section. */
  type?: AttributeType;
  values: string[];
}

/** Barcode types of §3's `barcode:<TYPE>` columns. */
export const BARCODE_TYPES = ['UPC-A', 'GTIN-13', 'EAN', 'ITF-14', 'Custom'] as const;
export type BarcodeType = (typeof BARCODE_TYPES)[number];

export interface BarcodeInput {
  type: BarcodeType;
  value: string;
}

/** The barcode type a source's unlabelled code has, by its digit count (§10): `Custom` otherwise. */
export function barcodeTypeOf(value: string): BarcodeType {
  if (!/^\d+$/.test(value)) return 'Custom';
  switch (value.length) {
    case 12:
      return 'UPC-A';
    case 13:
      return 'GTIN-13';
    case 14:
      return 'ITF-14';
    default:
      return 'Custom';
  }
}

export interface RelatedInput {
  type: string;
  skus: string[];
}

/** Product body fields passed through as they are. */
export interface ProductFields {
  enabled?: boolean;
  is_visible?: boolean;
  desc_short?: string;
  desc_long?: string;
  product_url?: string;
  style_id?: string;
  brand_id?: string;
  page_title?: string;
}

export const PRODUCT_TEXT_FIELDS = ['desc_short', 'desc_long', 'product_url', 'style_id', 'brand_id', 'page_title'] as const;
export const PRODUCT_BOOLEAN_FIELDS = ['enabled', 'is_visible'] as const;

export interface ProductInput {
  loc: SourceLocation;
  sku: string;
  name?: string;
  parentSku?: string;
  /** Variant option values in column order, e.g. [{ name: "Size", value: "M" }]. */
  options: { name: string; value: string }[];
  categories: CategoryPath[];
  fields: ProductFields;
  prices: PriceInput[];
  attributes: AttributeValueInput[];
  inventory: InventoryInput[];
  related: RelatedInput[];
  /** Image URLs, the main image first (§3 `images`); each becomes a product asset matched by URL. */
  images?: string[];
  /** §3 `barcode:<TYPE>` columns, matched by type and value. */
  barcodes?: BarcodeInput[];
}

export interface InventoryRowInput extends InventoryInput {
  loc: SourceLocation;
  sku: string;
}

export interface Catalog {
  categories: CategoryInput[];
  /** Declared options (JSON `options` section); options used by variants are added by the planner. */
  options: OptionInput[];
  /** Declared attributes (JSON `attributes` section). */
  attributes: AttributeDefinitionInput[];
  products: ProductInput[];
  inventory: InventoryRowInput[];
}

/** An input row that failed validation, kept so it can be reported and written to the failures file. */
export interface RejectedRow {
  loc: SourceLocation;
  /** The match key when one could be read (sku, path), for the results file. */
  key?: string;
  issues: Issue[];
}

export interface ReadResult {
  catalog: Catalog;
  /** Errors and warnings, in file order. */
  issues: Issue[];
  /** Rows with at least one error; their entities are not in `catalog`. */
  rejected: RejectedRow[];
  /** Data rows read (CSV records, or JSON objects that stand for a row). */
  rowCount: number;
  /**
   * Files with an error that concerns the whole file (cannot be read, empty, bad header,
   * invalid UTF-8, CSV/JSON syntax error, wrong top-level shape). None of their rows are in
   * `catalog` or `rejected`, so `--skip-invalid` cannot push around them.
   */
  unreadableFiles: string[];
}

export function emptyCatalog(): Catalog {
  return { categories: [], options: [], attributes: [], products: [], inventory: [] };
}

export function formatLocation(loc: SourceLocation): string {
  if (loc.line !== undefined) return `${loc.file}:${loc.line}`;
  if (loc.path !== undefined) return `${loc.file}: ${loc.path}`;
  return loc.file;
}

/** `products.csv:14: column msrp: "12,5" is not a number` */
export function formatIssue(issue: Issue): string {
  const column = issue.column ? `column ${issue.column}: ` : '';
  return `${formatLocation(issue.location)}: ${column}${issue.message}`;
}
