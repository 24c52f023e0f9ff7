// What each write sends (SPEC §4): only the properties the Jasper API reference documents for its
// resource, picked by name. An input object is never passed on as it came: it carries more than
// its resource (an inventory row its file, line and SKU). The change cache hashes these same
// bodies (keys.ts), so where a row came from cannot make a write differ.
//
// The ids a write refers to (parent_id, option_set_id, option_values, category_ids, a product's
// sku on create) are resolved when it runs (run/perform.ts), from the same lists. The other
// writes (options, values, sets, attributes, type values, relation types, assignments, links,
// images, barcodes, attribute values) have fixed bodies in jasper/client.ts.
import { type CategoryInput, type InventoryInput, PRICE_FIELDS, type PriceInput } from '../catalog/types.js';
import type { Body } from './types.js';

/** Category properties an input can give (reference: Category and Product Categories properties); `parent_id` is resolved at run time. */
export const CATEGORY_FIELDS = ['name', 'desc', 'slug', 'is_visible', 'seo_meta_title', 'seo_meta_desc', 'seo_meta_keywords', 'search_keywords'] as const;

/**
 * Product properties an input can give (reference: Product properties; `page_title` is in every
 * product the reference shows and SPEC §3 passes it through). The ids are added at run time.
 */
export const PRODUCT_FIELDS = ['name', 'desc_short', 'desc_long', 'product_url', 'style_id', 'brand_id', 'page_title', 'enabled', 'is_visible'] as const;

/** Price properties an input can give; `base` is the match key (reference: Product Price properties). */
export const PRICE_BODY_FIELDS = ['base', ...PRICE_FIELDS] as const;

/** Inventory properties an input can give; `location` (a name) is the match key (SPEC §4, the singular path). */
export const INVENTORY_FIELDS = ['location', 'count_on_hand', 'site', 'bin', 'type', 'count_on_hold', 'source'] as const;

/** The named fields of `source` that have a value, in the list's order. */
export function pick(source: object, fields: readonly string[]): Body {
  const record = source as Record<string, unknown>;
  const body: Body = {};
  for (const field of fields) if (record[field] !== undefined) body[field] = record[field];
  return body;
}

/** A category's own fields, without its name (the name comes from its path). */
export function categoryFields(input: CategoryInput): Body {
  return pick(input, CATEGORY_FIELDS.slice(1));
}

export function priceBody(price: PriceInput): Body {
  return pick(price, PRICE_BODY_FIELDS);
}

export function inventoryBody(inventory: InventoryInput): Body {
  return pick(inventory, INVENTORY_FIELDS);
}

/** The fields a product row gives: its name when it has one, and the product fields it names. */
export function productFields(name: string | undefined, fields: object): Body {
  const body = pick(fields, PRODUCT_FIELDS.slice(1));
  return name !== undefined && name.trim() !== '' ? { name, ...body } : body;
}
