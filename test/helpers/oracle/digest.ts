// The shape both sides of the oracle are brought to: a Jasper tenant's catalog keyed by names,
// paths and SKUs instead of ids, every documented field spelled out. The expected side is built
// from the input files (expected.ts); the actual side from the sandbox's data (actual.ts).

export interface CategoryDigest {
  desc: string | null;
  slug: string | null;
  is_visible: boolean;
  seo_meta_title: string | null;
  seo_meta_desc: string | null;
  seo_meta_keywords: string | null;
  search_keywords: string | null;
}

export interface PriceDigest {
  msrp: number | null;
  map: number | null;
  cost: number | null;
  sell_price: number | null;
}

export interface InventoryDigest {
  count_on_hand: number;
  count_on_hold: number | null;
  site: string | null;
  bin: string | null;
  type: string | null;
  source: string | null;
}

export const PRODUCT_TEXTS = ['desc_short', 'desc_long', 'product_url', 'style_id', 'brand_id', 'page_title'] as const;
export type ProductText = (typeof PRODUCT_TEXTS)[number];

export interface ProductDigest extends Record<ProductText, string | number | null> {
  name: string;
  /** The parent's SKU (variant mode `parent`), else null. */
  parent: string | null;
  /** The options of the product's option set, sorted; null without a set. */
  option_set: string[] | null;
  options: Record<string, string>;
  enabled: 0 | 1;
  is_visible: 0 | 1;
  prices: Record<string, PriceDigest>;
  inventory: Record<string, InventoryDigest>;
  attributes: Record<string, string[]>;
  /** Category paths, sorted; an assignment made twice is listed twice. */
  categories: string[];
  /** Image URLs in their sort order, and which of them are thumbnails. */
  images: string[];
  thumbnails: string[];
  /** `TYPE value`, sorted. */
  barcodes: string[];
  /** `Relation Type → SKU`, sorted; variant links (mode `relation`) are `Variant → SKU`. */
  relations: string[];
}

export interface StateDigest {
  categories: Record<string, CategoryDigest>;
  /** Option name → its values, sorted. */
  options: Record<string, string[]>;
  /** Attribute name → type and its type values, sorted. */
  attributes: Record<string, { type: string; values: string[] }>;
  relationTypes: string[];
  products: Record<string, ProductDigest>;
}

/** Every difference between two digests, as `where: actual …, expected …` lines; [] when equal. */
export function differences(actual: unknown, expected: unknown, where = ''): string[] {
  if (isRecord(actual) && isRecord(expected)) {
    const problems: string[] = [];
    for (const key of Object.keys(expected)) {
      const at = where ? `${where}.${key}` : key;
      if (!(key in actual)) problems.push(`${at}: missing (expected ${show(expected[key])})`);
      else problems.push(...differences(actual[key], expected[key], at));
    }
    for (const key of Object.keys(actual)) {
      if (!(key in expected)) problems.push(`${where ? `${where}.${key}` : key}: unexpected ${show(actual[key])}`);
    }
    return problems;
  }
  return JSON.stringify(actual) === JSON.stringify(expected) ? [] : [`${where}: ${show(actual)}, expected ${show(expected)}`];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function show(value: unknown): string {
  const text = JSON.stringify(value);
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}
