// Match keys and content hashes of every entity, shared by the planner and by the run layer,
// which uses them to decide what it must read from Jasper before planning.
import { type CatalogKind, type InventoryInput, type InventoryRowInput, type PriceInput, nameKey } from '../catalog/types.js';
import { inventoryBody, priceBody } from './bodies.js';
import type { DesiredProduct, DesiredState, VariantMode } from './desired.js';
import { compareFields, type FieldComparison, fieldHashes } from './field-hash.js';
import { contentHash } from './hash.js';
import type { CacheView } from './remote.js';
import { type Body, type EntityKind, taskId } from './types.js';

/** Hash of entities whose key is their whole content (links, assignments, option values). */
export const PRESENCE_HASH = 'present';
/** A product's cache hash once a feed disabled it (SPEC §12): any row for it again differs, and re-enables it. */
export const DISABLED_HASH = 'disabled';

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
/** An image is matched by its URL, exactly: two spellings of a URL may be two files. */
export const assetKey = (sku: string, url: string) => `${sku}|${url}`;
export const optionSetMemberKey = (optionSet: string, option: string) => `${optionSet}|${option}`;
export const barcodeKey = (sku: string, type: string, value: string) => `${sku}|${type}|${value}`;
/**
 * Hash of a link, image or barcode this tool created (rather than found in Jasper): --prune
 * removes only these. A found one is cached with PRESENCE_HASH.
 */
export const CREATED_HASH = 'created';
/** Select values match exactly: Jasper compares them case-sensitively. */
export const typeValueKey = (attribute: string, value: string) => `${attribute}=${value.trim()}`;

// Per-field hashes (field-hash.ts): two inputs may describe the same entity with different fields.
// Each hashes the body its write sends (bodies.ts), less the match key (a price's base, an
// inventory row's location), so nothing else (a row's file and line) can make a row differ.

export function priceHash(price: PriceInput): string {
  return fieldHashes(priceFields(price));
}

export function inventoryHash(inventory: InventoryInput): string {
  const { location: _location, ...fields } = inventoryBody(inventory);
  return fieldHashes(fields);
}

export function productHash(product: DesiredProduct, variantMode: VariantMode, options = sortedOptions(product.options)): string {
  // Body fields by their names; the links a create or update carries under names no body field has.
  // A variant's option values are a set: the order of its option columns is presentation.
  return fieldHashes({
    ...product.body,
    __parent: variantMode === 'parent' ? product.parentSku : undefined,
    __options: product.parentSku ? options : undefined,
    __optionSet: product.optionSet,
  });
}

/**
 * How a product compares with its cache entry. A cache written before option values were hashed
 * as a set holds them in column order: that still counts as unchanged (and is stored in the new
 * form), so the upgrade rewrites no variant.
 */
export function compareProduct(cached: string | undefined, product: DesiredProduct, variantMode: VariantMode): FieldComparison {
  const wanted = productHash(product, variantMode);
  const comparison = compareFields(cached, wanted, legacyProductHash(product, variantMode));
  if (comparison.same || !product.parentSku || product.options.length < 2) return comparison;
  const inColumnOrder = compareFields(cached, productHash(product, variantMode, product.options));
  return inColumnOrder.same ? { same: true, hash: comparison.hash } : comparison;
}

/** One field per attribute: the collection PUT replaces the values of the attributes it names and leaves the others. */
export function attributeValuesHash(product: DesiredProduct): string {
  return fieldHashes(Object.fromEntries(product.attributes.map(({ attribute, values }) => [attribute, [...values].sort()])));
}

export function categoryHash(name: string, parentKey: string | undefined, fields: Record<string, unknown>): string {
  return fieldHashes({ ...fields, __name: name, __parent: parentKey ?? null });
}

// The whole-content hashes earlier versions cached, recognised once so an upgrade rewrites nothing.

export function legacyPriceHash(price: PriceInput): string {
  return contentHash(priceFields(price));
}

export function legacyInventoryHash(inventory: InventoryInput): string {
  return contentHash({ ...inventoryBody(inventory), location: nameKey(inventory.location) });
}

export function legacyProductHash(product: DesiredProduct, variantMode: VariantMode): string {
  return contentHash({
    body: product.body,
    parent: variantMode === 'parent' ? product.parentSku : undefined,
    options: product.parentSku ? product.options : undefined,
    optionSet: product.optionSet,
  });
}

export function legacyAttributeValuesHash(product: DesiredProduct): string {
  return contentHash([...product.attributes].sort((a, b) => (a.attribute < b.attribute ? -1 : 1)));
}

export function legacyCategoryHash(name: string, parentKey: string | undefined, fields: Record<string, unknown>): string {
  return contentHash({ name, parent: parentKey, fields });
}

function sortedOptions(options: DesiredProduct['options']): DesiredProduct['options'] {
  return options.length < 2 ? options : [...options].sort((a, b) => (a.option < b.option ? -1 : a.option > b.option ? 1 : 0));
}

function priceFields(price: PriceInput): Body {
  const { base: _base, ...fields } = priceBody(price);
  return fields;
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
  for (const url of product.images) entities.push({ entity: 'asset', key: assetKey(sku, url), hash: PRESENCE_HASH });
  for (const code of product.barcodes) entities.push({ entity: 'barcode', key: barcodeKey(sku, code.type, code.value), hash: PRESENCE_HASH });
  for (const link of product.related) {
    entities.push({ entity: 'relatedLink', key: relatedLinkKey(sku, link.type, link.sku), hash: PRESENCE_HASH });
  }
  return entities;
}

/** Which of Jasper's lists and which products must be read before planning, given the cache. */
export interface ReadNeeds {
  categories: boolean;
  options: boolean;
  attributes: boolean;
  relationTypes: boolean;
  /** SKUs whose current state in Jasper is needed (with prices, inventory, attributes, links). */
  productDetail: SkuList;
  /** SKUs referenced but not in the input (parents, related products, inventory rows): existence only. */
  productExistence: SkuList;
  /** Of `productDetail`, the SKUs with images or barcodes in the input: their assets and barcodes are read too. */
  media: SkuList;
}

/** A set of SKUs: a Set, or one on disk for a catalog too large to list in memory (run/scratch-store.ts). */
export interface SkuList extends Iterable<string> {
  has(sku: string): boolean;
  add(sku: string): unknown;
  clear(): void;
  readonly size: number;
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

export interface SkuSet {
  has(sku: string): boolean;
}

/**
 * Works out what must be read from Jasper, one input row at a time (a streamed push never
 * holds them all): the products whose state the cache cannot vouch for, the SKUs outside the
 * input that rows reference, and, once the shared entities are known, the list endpoints.
 */
export class ReadNeedsCollector {
  private readonly productDetail: SkuList;
  private readonly productExistence: SkuList;
  private readonly media: SkuList;
  private readonly hits: ReturnType<typeof cacheHits>;

  constructor(
    private readonly cache: CacheView | undefined,
    private readonly variantMode: VariantMode,
    /** SKUs of every valid product row of the push. */
    private readonly inInput: SkuSet,
    newSkuList: () => SkuList = () => new Set<string>(),
  ) {
    this.hits = cacheHits(cache);
    this.productDetail = newSkuList();
    this.productExistence = newSkuList();
    this.media = newSkuList();
  }

  /** Itself unless the cache vouches for everything it writes; parents and related SKUs outside the input. */
  product(product: DesiredProduct): void {
    const { hit } = this.hits;
    const complete = productEntities(product, this.variantMode).every((entity) => {
      const entry = this.cache?.get(taskId(entity.entity, entity.key));
      return entry !== undefined && (entity.hash === PRESENCE_HASH || entry.id !== undefined);
    });
    if (!complete) this.productDetail.add(product.sku);
    if (!complete && (product.images.length > 0 || product.barcodes.length > 0)) this.media.add(product.sku);
    const external = (sku: string) => {
      if (!this.inInput.has(sku) && !hit('product', sku)) this.productExistence.add(sku);
    };
    if (product.parentSku) external(product.parentSku);
    for (const link of product.related) external(link.sku);
  }

  /** An inventory row for a product outside the input: read unless the cache knows the product and the row. */
  inventoryRow(row: InventoryRowInput): void {
    if (this.inInput.has(row.sku)) return;
    const { hit } = this.hits;
    if (!(hit('product', row.sku) && hit('inventory', inventoryKey(row.sku, row.location)))) this.productDetail.add(row.sku);
  }

  /** Everything to read, once every row has been given and the shared entities are known. */
  finish(desired: DesiredState, variants: Iterable<{ sku: string; parentSku?: string | undefined }>, kind: CatalogKind): ReadNeeds {
    const needs = { ...this.sharedNeeds(desired), productDetail: this.productDetail, productExistence: this.productExistence, media: this.media };
    // Variant links live on the parent: read it whenever one of its variants is read.
    if (this.variantMode === 'relation') {
      for (const { sku, parentSku } of variants) {
        if (parentSku && needs.productDetail.has(sku) && this.inInput.has(parentSku)) needs.productDetail.add(parentSku);
      }
    }
    if (kind === 'categories') needs.productDetail.clear();
    return needs;
  }

  /** The list endpoints answering for a shared entity the cache cannot vouch for. */
  private sharedNeeds(desired: DesiredState): Omit<ReadNeeds, 'productDetail' | 'productExistence' | 'media'> {
    const { hit } = this.hits;
    const needs = {
      categories: desired.categories.some((category) => {
        const entry = this.cache?.get(taskId('category', category.key));
        if (entry?.id === undefined) return true;
        const { name, parentKey, fields } = category;
        return !compareFields(entry.hash, categoryHash(name, parentKey, fields), legacyCategoryHash(name, parentKey, fields)).same;
      }),
      options:
        [...desired.options.keys()].some((key) => !hit('option', key)) ||
        [...desired.optionValues.keys()].some((key) => !hit('optionValue', key)) ||
        [...desired.optionSets.keys()].some((key) => !hit('optionSet', key)),
      attributes: false,
      relationTypes: [...desired.relationTypes.keys()].some((key) => !hit('relationType', key)),
    };
    for (const [key, attribute] of desired.attributes) {
      const entry = this.cache?.get(taskId('attribute', key));
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
}
