// Match keys and content hashes of every entity, shared by the planner and by the run layer,
// which uses them to decide what it must read from Jasper before planning.
import { type CatalogKind, type InventoryInput, type InventoryRowInput, PRICE_FIELDS, type PriceInput } from '../catalog/types.js';
import type { DesiredProduct, DesiredState, VariantMode } from './desired.js';
import { contentHash, nameKey } from './hash.js';
import type { CacheView } from './remote.js';
import { type EntityKind, taskId } from './types.js';

/** Hash of entities whose key is their whole content (links, assignments, option values). */
export const PRESENCE_HASH = 'present';

export const SELECT_TYPES = new Set(['selectbox', 'multiselect']);

export interface EntityRef {
  entity: EntityKind;
  key: string;
  hash: string;
}

export const priceKey = (sku: string, base: string) => `${sku}|${base.toUpperCase()}`;
export const inventoryKey = (sku: string, location: string) => `${sku}|${nameKey(location)}`;
export const assignmentKey = (sku: string, category: string) => `${sku}|${category}`;
export const variantLinkKey = (parentSku: string, childSku: string) => `${parentSku}>${childSku}`;
export const relatedLinkKey = (sku: string, type: string, relatedSku: string) => `${sku}|${type}|${relatedSku}`;
/** Select values match exactly: Jasper compares them case-sensitively. */
export const typeValueKey = (attribute: string, value: string) => `${attribute}=${value.trim()}`;

export function priceHash(price: PriceInput): string {
  const fields: Record<string, number> = {};
  for (const field of PRICE_FIELDS) if (price[field] !== undefined) fields[field] = price[field]!;
  return contentHash(fields);
}

export function inventoryHash(inventory: InventoryInput): string {
  return contentHash({ ...inventory, location: nameKey(inventory.location) });
}

export function productHash(product: DesiredProduct, variantMode: VariantMode): string {
  return contentHash({
    body: product.body,
    parent: variantMode === 'parent' ? product.parentSku : undefined,
    options: product.parentSku ? product.options : undefined,
    optionSet: product.optionSet,
  });
}

export function attributeValuesHash(product: DesiredProduct): string {
  const values = [...product.attributes].sort((a, b) => (a.attribute < b.attribute ? -1 : 1));
  return contentHash(values);
}

/** The product and everything written per product, with keys and hashes. */
export function productEntities(product: DesiredProduct, variantMode: VariantMode): EntityRef[] {
  const { sku } = product;
  const entities: EntityRef[] = [{ entity: 'product', key: sku, hash: productHash(product, variantMode) }];
  for (const price of product.prices) entities.push({ entity: 'price', key: priceKey(sku, price.base), hash: priceHash(price) });
  if (product.attributes.length > 0) entities.push({ entity: 'attributeValues', key: sku, hash: attributeValuesHash(product) });
  for (const inventory of product.inventory) {
    entities.push({ entity: 'inventory', key: inventoryKey(sku, inventory.location), hash: inventoryHash(inventory) });
  }
  for (const category of product.categories) {
    entities.push({ entity: 'categoryAssignment', key: assignmentKey(sku, category), hash: PRESENCE_HASH });
  }
  if (variantMode === 'relation' && product.parentSku) {
    entities.push({ entity: 'variantLink', key: variantLinkKey(product.parentSku, sku), hash: PRESENCE_HASH });
  }
  for (const link of product.related) {
    entities.push({ entity: 'relatedLink', key: relatedLinkKey(sku, link.type, link.sku), hash: PRESENCE_HASH });
  }
  return entities;
}

export function categoryHash(name: string, parentKey: string | undefined, fields: Record<string, unknown>): string {
  return contentHash({ name, parent: parentKey, fields });
}

/** Which of Jasper's lists and which products must be read before planning, given the cache. */
export interface ReadNeeds {
  categories: boolean;
  options: boolean;
  attributes: boolean;
  relationTypes: boolean;
  /** SKUs whose current state in Jasper is needed (with prices, inventory, attributes, links). */
  productDetail: Set<string>;
  /** SKUs referenced but not in the input (parents, related products, inventory rows): existence only. */
  productExistence: Set<string>;
}

type Hit = (entity: EntityKind, key: string, hash?: string) => boolean;

function cacheHits(cache: CacheView | undefined): { hit: Hit; present: (entity: EntityKind, key: string) => boolean } {
  return {
    hit: (entity, key, hash) => {
      const entry = cache?.get(taskId(entity, key));
      return entry !== undefined && entry.id !== undefined && (hash === undefined || entry.hash === hash);
    },
    present: (entity, key) => cache?.get(taskId(entity, key)) !== undefined,
  };
}

/** Which list endpoints must be read: those answering for a shared entity the cache cannot vouch for. */
export function sharedReadNeeds(desired: DesiredState, cache: CacheView | undefined): ReadNeeds {
  const { hit } = cacheHits(cache);
  const needs: ReadNeeds = {
    categories: desired.categories.some((category) => !hit('category', category.key, categoryHash(category.name, category.parentKey, category.fields))),
    options:
      [...desired.options.keys()].some((key) => !hit('option', key)) ||
      [...desired.optionValues.keys()].some((key) => !hit('optionValue', key)) ||
      [...desired.optionSets.keys()].some((key) => !hit('optionSet', key)),
    attributes: false,
    relationTypes: [...desired.relationTypes.keys()].some((key) => !hit('relationType', key)),
    productDetail: new Set(),
    productExistence: new Set(),
  };
  for (const [key, attribute] of desired.attributes) {
    const entry = cache?.get(taskId('attribute', key));
    if (!entry?.id) {
      needs.attributes = true;
      continue;
    }
    const type = entry.hash ?? attribute.type; // an attribute's cache hash is its type
    if (type && SELECT_TYPES.has(type)) {
      for (const value of desired.attributeValuesUsed.get(key) ?? []) {
        if (!hit('typeValue', typeValueKey(key, value))) needs.attributes = true;
      }
    }
  }
  return needs;
}

/**
 * Adds the products one input product needs read: itself unless the cache vouches for all it
 * writes, and the SKUs outside the input it references (existence only).
 */
export function addProductNeeds(needs: Pick<ReadNeeds, 'productDetail' | 'productExistence'>, product: DesiredProduct, cache: CacheView | undefined, variantMode: VariantMode, inInput: SkuSet): void {
  const { hit, present } = cacheHits(cache);
  const complete = productEntities(product, variantMode).every((entity) =>
    entity.hash === PRESENCE_HASH ? present(entity.entity, entity.key) : present(entity.entity, entity.key) && hit(entity.entity, entity.key),
  );
  if (!complete) needs.productDetail.add(product.sku);
  const external = (sku: string) => {
    if (!inInput.has(sku) && !hit('product', sku)) needs.productExistence.add(sku);
  };
  if (product.parentSku) external(product.parentSku);
  for (const link of product.related) external(link.sku);
}

/** Variant links live on the parent: read it whenever one of its variants is read. */
export function addParentNeeds(needs: ReadNeeds, variants: Iterable<{ sku: string; parentSku?: string | undefined }>, variantMode: VariantMode, inInput: SkuSet): void {
  if (variantMode !== 'relation') return;
  for (const { sku, parentSku } of variants) {
    if (parentSku && needs.productDetail.has(sku) && inInput.has(parentSku)) needs.productDetail.add(parentSku);
  }
}

/** An inventory row for a product outside the input is read unless the cache knows the product and the row. */
export function addInventoryRowNeeds(needs: Pick<ReadNeeds, 'productDetail'>, row: InventoryRowInput, cache: CacheView | undefined, inInput: SkuSet): void {
  if (inInput.has(row.sku)) return;
  const { hit } = cacheHits(cache);
  const cached = hit('product', row.sku) && hit('inventory', inventoryKey(row.sku, row.location), undefined);
  if (!cached) needs.productDetail.add(row.sku);
}

export interface SkuSet {
  has(sku: string): boolean;
}

/** Everything to read before planning the whole catalog at once. */
export function readNeeds(desired: DesiredState, cache: CacheView | undefined, variantMode: VariantMode, kind: CatalogKind): ReadNeeds {
  const needs = sharedReadNeeds(desired, cache);
  const inInput = new Set(desired.products.map((product) => product.sku));
  for (const product of desired.products) addProductNeeds(needs, product, cache, variantMode, inInput);
  addParentNeeds(needs, desired.products, variantMode, inInput);
  for (const row of desired.inventoryRows) addInventoryRowNeeds(needs, row, cache, inInput);
  if (kind === 'categories') needs.productDetail.clear();
  return needs;
}
