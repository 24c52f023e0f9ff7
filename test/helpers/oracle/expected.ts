// The expected side: what SPEC sections 3 and 4 say a tenant holds after the given pushes, from
// an empty tenant. Categories and every ancestor of a path exist once; options, option values,
// attributes (typed by the header or the JSON section, else text), select values and relation
// types are created when missing; products are matched by SKU, prices by base, inventory by
// location, images by URL, barcodes by type and value; variants are linked by relation or parent.
import { type CategoryDigest, type InventoryDigest, PRODUCT_TEXTS, type ProductDigest, type StateDigest } from './digest.js';
import type { InputCatalog, InputInventory, InputProduct } from './read.js';

export type VariantMode = 'relation' | 'parent';

/** The relation type variants are linked with in mode `relation`. */
const VARIANT_RELATION = 'Variant';
const SELECT_TYPES = ['selectbox', 'multiselect'];

/** A category created without a slug gets one made from its name, as Jasper does. */
const slugOf = (name: string) =>
  name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');

const blankCategory = (name: string): CategoryDigest => ({
  desc: null,
  slug: slugOf(name),
  is_visible: true,
  seo_meta_title: null,
  seo_meta_desc: null,
  seo_meta_keywords: null,
  search_keywords: null,
});

const blankInventory = (): Omit<InventoryDigest, 'count_on_hand'> => ({ count_on_hold: null, site: null, bin: null, type: null, source: null });

function blankProduct(sku: string): ProductDigest {
  return {
    name: sku,
    parent: null,
    option_set: null,
    options: {},
    enabled: 1,
    is_visible: 1,
    ...(Object.fromEntries(PRODUCT_TEXTS.map((field) => [field, null])) as Record<(typeof PRODUCT_TEXTS)[number], null>),
    prices: {},
    inventory: {},
    attributes: {},
    categories: [],
    images: [],
    thumbnails: [],
    barcodes: [],
    relations: [],
  };
}

const addOnce = (list: string[], item: string) => {
  if (!list.includes(item)) list.push(item);
};

export function expectedDigest(catalogs: InputCatalog[], variantMode: VariantMode = 'relation'): StateDigest {
  const digest: StateDigest = { categories: {}, options: {}, attributes: {}, relationTypes: [], products: {} };
  const category = (path: string[]): CategoryDigest => {
    let key = '';
    for (const level of path) {
      key = key ? `${key} > ${level}` : level;
      digest.categories[key] ??= blankCategory(level);
    }
    return digest.categories[key]!;
  };
  const optionValues = (name: string, values: string[]) => {
    const known = (digest.options[name] ??= []);
    for (const value of values) addOnce(known, value);
  };
  const attribute = (name: string, type: string | undefined, values: string[]) => {
    const known = (digest.attributes[name] ??= { type: type ?? 'text', values: [] });
    if (SELECT_TYPES.includes(known.type)) for (const value of values) addOnce(known.values, value);
  };
  const inventory = (product: ProductDigest, { location, ...fields }: InputInventory) => {
    const row = (product.inventory[location] ??= { count_on_hand: 0, ...blankInventory() });
    Object.assign(row, fields);
  };

  const variantsOf = new Map<string, InputProduct[]>();
  for (const catalog of catalogs) {
    for (const { path, fields } of catalog.categories) Object.assign(category(path), fields);
    for (const option of catalog.options) optionValues(option.name, option.values);
    for (const { name, type, values } of catalog.attributes) attribute(name, type, values);
    for (const input of catalog.products) {
      const product = (digest.products[input.sku] ??= blankProduct(input.sku));
      applyProduct(product, input);
      for (const path of input.categories) category(path);
      for (const { name, type, values } of input.attributes) attribute(name, type, values);
      for (const row of input.inventory) inventory(product, row);
      for (const { type } of input.related) addOnce(digest.relationTypes, type);
      if (input.parentSku) {
        variantsOf.set(input.parentSku, [...(variantsOf.get(input.parentSku) ?? []).filter((v) => v.sku !== input.sku), input]);
        for (const [name, value] of Object.entries(input.options)) optionValues(name, [value]);
      }
    }
    // An inventory row for a SKU in no product fails alone (section 3).
    for (const { sku, ...row } of catalog.inventory) if (digest.products[sku]) inventory(digest.products[sku], row);
  }

  for (const [parentSku, variants] of variantsOf) {
    const parent = digest.products[parentSku]!;
    parent.option_set = [...new Set(variants.flatMap((variant) => Object.keys(variant.options)))].sort();
    for (const variant of variants) {
      if (variantMode === 'parent') digest.products[variant.sku]!.parent = parentSku;
      else addOnce(parent.relations, `${VARIANT_RELATION} → ${variant.sku}`);
    }
    if (variantMode === 'relation') addOnce(digest.relationTypes, VARIANT_RELATION);
  }
  for (const name of Object.keys(digest.options)) digest.options[name]!.sort();
  for (const known of Object.values(digest.attributes)) known.values.sort();
  digest.relationTypes.sort();
  for (const product of Object.values(digest.products)) {
    product.categories.sort();
    product.barcodes.sort();
    product.relations.sort();
    product.thumbnails = product.images.slice(0, 1);
  }
  return digest;
}

/** One input row over what earlier rows or pushes gave the same SKU: what it gives replaces, lists grow. */
function applyProduct(product: ProductDigest, input: InputProduct): void {
  if (input.name !== undefined) product.name = input.name;
  if (input.enabled !== undefined) product.enabled = input.enabled ? 1 : 0;
  if (input.is_visible !== undefined) product.is_visible = input.is_visible ? 1 : 0;
  Object.assign(product, input.texts);
  product.options = { ...product.options, ...input.options };
  for (const [base, fields] of Object.entries(input.prices)) {
    product.prices[base] = { msrp: null, map: null, cost: null, sell_price: null, ...product.prices[base], ...fields };
  }
  for (const { name, values } of input.attributes) product.attributes[name] = [...values].sort();
  for (const path of input.categories) addOnce(product.categories, path.join(' > '));
  for (const url of input.images) addOnce(product.images, url);
  for (const { type, value } of input.barcodes) addOnce(product.barcodes, `${type} ${value}`);
  for (const { type, skus } of input.related) for (const sku of skus) addOnce(product.relations, `${type} → ${sku}`);
}
