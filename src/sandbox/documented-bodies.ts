// The body each write may carry, as the API reference documents it for its resource
// (shared/reference/jasper-api-v1-reference.txt): the resource's property table, less the id
// Jasper assigns and what it marks read only, plus the names its request examples send
// (`image_url` for an asset, `category_id` to assign a category, `product_id` in an inventory
// create). A write carrying any other key is reported in the request log; a strict sandbox
// refuses it (SPEC §4: nothing internal may reach a tenant). Kept apart from the client's own
// body builders on purpose: the simulator checks them, it does not share their lists.

import { invalid } from './http-errors.js';
import type { Route } from './router.js';
import type { RequestRecord } from './types.js';

/** An object's documented keys; `nested` describes the items of a list field (or of the body itself when it is a list). */
interface Shape {
  keys: readonly string[];
  nested?: Record<string, Shape>;
}

const CATEGORY: Shape = {
  // `slug` is documented in the Product Categories properties, which describe the same category.
  keys: ['parent_id', 'name', 'desc', 'slug', 'attribute_sets', 'is_visible', 'seo_meta_desc', 'seo_meta_keywords', 'seo_meta_title', 'search_keywords'],
};
const OPTION: Shape = { keys: ['name'] };
const OPTION_VALUE: Shape = { keys: ['option_id', 'value', 'label', 'sort_order', 'is_default'] };
const OPTION_SET: Shape = { keys: ['name'] };
const OPTION_SET_OPTION: Shape = { keys: ['option_id', 'option_set_id', 'sort_order'] };
const ATTRIBUTE: Shape = { keys: ['name', 'type', 'note', 'display_group', 'sort_order', 'publish', 'version_id'] };
const TYPE_VALUE: Shape = { keys: ['attribute_id', 'value', 'version_id'] };
const RELATION_TYPE: Shape = { keys: ['name', 'description', 'child_label', 'parent_label', 'relationship_cardinality', 'label'] };
const PRODUCT: Shape = {
  keys: [
    'name',
    'sku',
    'product_url',
    'style_id',
    'brand_id',
    'parent_id',
    'option_set_id',
    'option_values',
    'is_bundle',
    'bundle_id',
    'category_ids',
    'is_visible',
    'enabled',
    'desc_short',
    'desc_long',
    // Not in the property table, but in every product the reference shows.
    'page_title',
  ],
  nested: { option_values: { keys: ['option_id', 'option_value_id'] } },
};
const PRODUCT_CATEGORY: Shape = { keys: ['category_id'] };
const PRICE: Shape = {
  keys: [
    'product_id',
    'msrp',
    'map',
    'cost',
    'sell_price',
    'from',
    'to',
    'currency_id',
    'tax_class_id',
    'author',
    'booktype',
    'batch_id',
    'sell_price_reason',
    'base',
  ],
};
const INVENTORY: Shape = { keys: ['product_id', 'site', 'bin', 'location', 'type', 'count_on_hand', 'count_on_hold', 'source', 'batch_id'] };
const ATTRIBUTE_VALUE: Shape = { keys: ['attribute_id', 'version_id', 'values'], nested: { values: { keys: ['value'] } } };
const ASSET: Shape = { keys: ['product_id', 'image_url', 'uri', 'sort_order', 'private', 'alttext', 'name', 'desc', 'type', 'thumbnail'] };
const BARCODE: Shape = { keys: ['product_id', 'type', 'barcode'] };
const BARCODE_UPSERT: Shape = { keys: ['barcodes'], nested: { barcodes: BARCODE } };
/** A relation is the URL alone: its body documents nothing. */
const RELATION: Shape = { keys: [] };
/** The key a list body's items are described under. */
const ITEMS = '*';

/** By `METHOD pattern`, as the routes name them. */
const DOCUMENTED: Record<string, Shape> = {
  'POST /categories': CATEGORY,
  'PUT /categories/:id': CATEGORY,
  'POST /options': OPTION,
  'PUT /options/:id': OPTION,
  'POST /options/:id/values': OPTION_VALUE,
  'PUT /options/:id/values/:valueId': OPTION_VALUE,
  'POST /option_sets': OPTION_SET,
  'PUT /option_sets/:id': OPTION_SET,
  'POST /option_sets/:id/options': OPTION_SET_OPTION,
  'POST /attributes': ATTRIBUTE,
  'PUT /attributes/:id': ATTRIBUTE,
  'POST /attributes/:id/type_values': TYPE_VALUE,
  'PUT /attributes/:id/type_values/:valueId': TYPE_VALUE,
  'POST /product-relation-types': RELATION_TYPE,
  'PUT /product-relation-types/:id': RELATION_TYPE,
  'POST /products': PRODUCT,
  'PUT /products/:id': PRODUCT,
  'POST /products/:id/categories': PRODUCT_CATEGORY,
  'POST /products/:id/prices': PRICE,
  'PUT /products/:id/prices/:priceId': PRICE,
  'POST /products/:id/inventory': INVENTORY,
  'PUT /products/:id/inventory/:inventoryId': INVENTORY,
  'POST /products/:id/attributes': ATTRIBUTE_VALUE,
  'PUT /products/:id/attributes': { keys: [], nested: { [ITEMS]: ATTRIBUTE_VALUE } },
  'POST /products/:id/relations/:relatedId/type/:typeId': RELATION,
  'POST /products/:id/assets': ASSET,
  'PUT /products/:id/assets/:assetId': ASSET,
  'POST /products/:id/barcodes': BARCODE,
  'PUT /products/:id/barcodes/:barcodeId': BARCODE,
  'POST /products/:id/barcodes/upsert': BARCODE_UPSERT,
  'PUT /products/:id/barcodes/upsert': BARCODE_UPSERT,
};

/** Whether the reference documents a body for this route (every POST and PUT route must have one). */
export function documentsBody(method: string, pattern: string): boolean {
  return DOCUMENTED[`${method} ${pattern}`] !== undefined;
}

/** Records the undocumented keys of a write's body in its log entry; strict, refuses the write (422 naming each key). */
export function documentedKeysOnly(route: Route, body: unknown, record: RequestRecord, strict: boolean): void {
  const keys = undocumentedKeys(route.method, route.pattern, body);
  if (keys.length === 0) return;
  record.undocumented = keys;
  if (strict) throw invalid(Object.fromEntries(keys.map((key) => [key, [`The ${key} field is not a documented property of this resource.`]])));
}

/**
 * The keys of `body` the reference does not document for the route, as Laravel names fields
 * (`loc`, `option_values.0.extra`, `0.values.1.extra` in a list body). A route without a
 * documented body has every key of its body reported.
 */
export function undocumentedKeys(method: string, pattern: string, body: unknown): string[] {
  const shape = DOCUMENTED[`${method} ${pattern}`] ?? { keys: [] };
  const found: string[] = [];
  if (Array.isArray(body)) listItems(body, shape.nested?.[ITEMS], '', found);
  else objectKeys(body, shape, '', found);
  return found;
}

function objectKeys(value: unknown, shape: Shape, at: string, found: string[]): void {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return;
  for (const [key, item] of Object.entries(value)) {
    if (!shape.keys.includes(key)) found.push(at + key);
    else if (shape.nested?.[key] && Array.isArray(item)) listItems(item, shape.nested[key], `${at}${key}.`, found);
  }
}

function listItems(list: unknown[], shape: Shape | undefined, at: string, found: string[]): void {
  list.forEach((item, index) => {
    if (shape) objectKeys(item, shape, `${at}${index}.`, found);
    else if (typeof item === 'object' && item !== null) found.push(`${at}${index}`);
  });
}
