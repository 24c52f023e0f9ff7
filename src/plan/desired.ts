// Catalog → what Jasper should hold, keyed by match keys. Pure; knows nothing of Jasper's state.
import {
  type AttributeType,
  type Catalog,
  type CategoryInput,
  type CategoryPath,
  type InventoryInput,
  type InventoryRowInput,
  type PriceInput,
  type ProductInput,
  PRODUCT_BOOLEAN_FIELDS,
  PRODUCT_TEXT_FIELDS,
  type SourceLocation,
  categoryPathKey,
} from '../catalog/types.js';
import { nameKey } from './hash.js';
import type { Body } from './types.js';

/** The relation type that links a parent to its variants in `--variant-mode relation`. */
export const VARIANT_RELATION_TYPE = 'Variant';

export type VariantMode = 'relation' | 'parent';

export interface DesiredCategory {
  key: string;
  name: string;
  parentKey: string | undefined;
  depth: number;
  fields: Body;
  rows: SourceLocation[];
}

export interface DesiredProduct {
  sku: string;
  loc: SourceLocation;
  /** Product body fields given in the input (name included when given). */
  body: Body;
  hasName: boolean;
  parentSku: string | undefined;
  options: { option: string; value: string }[];
  /** Option set key when this product is the parent of variants in the input. */
  optionSet: string | undefined;
  categories: string[];
  prices: PriceInput[];
  attributes: { attribute: string; values: string[] }[];
  inventory: InventoryInput[];
  related: { type: string; sku: string }[];
}

export interface DesiredState {
  categories: DesiredCategory[];
  options: Map<string, { name: string }>;
  optionValues: Map<string, { option: string; value: string }>;
  optionSets: Map<string, { name: string; options: string[] }>;
  attributes: Map<string, { name: string; type: AttributeType | undefined }>;
  /** Every value used per attribute; type values are needed only where the attribute is a select. */
  attributeValuesUsed: Map<string, Set<string>>;
  relationTypes: Map<string, { name: string }>;
  products: DesiredProduct[];
  inventoryRows: InventoryRowInput[];
}

export function optionValueKey(option: string, value: string): string {
  return `${option}=${value}`;
}

export function desiredState(catalog: Catalog, variantMode: VariantMode): DesiredState {
  const state: DesiredState = {
    categories: [],
    options: new Map(),
    optionValues: new Map(),
    optionSets: new Map(),
    attributes: new Map(),
    attributeValuesUsed: new Map(),
    relationTypes: new Map(),
    products: [],
    inventoryRows: catalog.inventory,
  };
  const categories = new Map<string, DesiredCategory>();
  const addCategory = (path: CategoryPath, input?: CategoryInput): string => {
    let parentKey: string | undefined;
    path.forEach((name, index) => {
      const key = categoryPathKey(path.slice(0, index + 1).map(nameKey));
      let category = categories.get(key);
      if (!category) {
        category = { key, name, parentKey, depth: index, fields: {}, rows: [] };
        categories.set(key, category);
      }
      parentKey = key;
    });
    const leaf = categories.get(parentKey!)!;
    if (input) {
      leaf.fields = categoryFields(input);
      leaf.rows.push(input.loc);
    }
    return leaf.key;
  };
  for (const category of catalog.categories) addCategory(category.path, category);

  const addOption = (name: string): string => {
    const key = nameKey(name);
    if (!state.options.has(key)) state.options.set(key, { name: name.trim() });
    return key;
  };
  for (const option of catalog.options) {
    const key = addOption(option.name);
    for (const value of option.values) state.optionValues.set(optionValueKey(key, value.trim()), { option: key, value: value.trim() });
  }

  const addAttribute = (name: string, type: AttributeType | undefined): string => {
    const key = nameKey(name);
    const existing = state.attributes.get(key);
    if (!existing) state.attributes.set(key, { name: name.trim(), type });
    else if (!existing.type && type) existing.type = type;
    return key;
  };
  const useAttributeValue = (key: string, value: string) => {
    const used = state.attributeValuesUsed.get(key) ?? new Set<string>();
    used.add(value);
    state.attributeValuesUsed.set(key, used);
  };
  for (const attribute of catalog.attributes) {
    const key = addAttribute(attribute.name, attribute.type);
    for (const value of attribute.values) useAttributeValue(key, value.trim());
  }

  const addRelationType = (name: string): string => {
    const key = nameKey(name);
    if (!state.relationTypes.has(key)) state.relationTypes.set(key, { name: name.trim() });
    return key;
  };

  const parentSkus = new Set(catalog.products.flatMap((product) => (product.parentSku ? [product.parentSku] : [])));
  const variantOptions = new Map<string, Set<string>>();
  for (const product of catalog.products) {
    if (!product.parentSku) continue;
    const names = variantOptions.get(product.parentSku) ?? new Set<string>();
    for (const option of product.options) names.add(option.name.trim());
    variantOptions.set(product.parentSku, names);
  }
  if (variantMode === 'relation' && parentSkus.size > 0) addRelationType(VARIANT_RELATION_TYPE);

  for (const product of catalog.products) {
    const options = product.parentSku
      ? product.options.map(({ name, value }) => {
          const option = addOption(name);
          state.optionValues.set(optionValueKey(option, value.trim()), { option, value: value.trim() });
          return { option, value: value.trim() };
        })
      : [];
    let optionSet: string | undefined;
    const setOptions = variantOptions.get(product.sku);
    if (setOptions && setOptions.size > 0) {
      const names = [...setOptions].sort((a, b) => a.localeCompare(b));
      const name = names.join(' / ');
      optionSet = nameKey(name);
      state.optionSets.set(optionSet, { name, options: names.map(addOption) });
    }
    const attributes = product.attributes.map(({ name, type, values }) => {
      const key = addAttribute(name, type);
      for (const value of values) useAttributeValue(key, value);
      return { attribute: key, values };
    });
    state.products.push({
      sku: product.sku,
      loc: product.loc,
      body: productBody(product),
      hasName: Boolean(product.name && product.name.trim() !== ''),
      parentSku: product.parentSku,
      options,
      optionSet,
      categories: product.categories.map((path) => addCategory(path)),
      prices: mergePrices(product.prices),
      attributes,
      inventory: product.inventory,
      related: product.related.flatMap(({ type, skus }) => {
        const typeKey = addRelationType(type);
        return skus.map((sku) => ({ type: typeKey, sku }));
      }),
    });
  }
  state.categories = [...categories.values()].sort((a, b) => a.depth - b.depth);
  return state;
}

function categoryFields(input: CategoryInput): Body {
  const fields: Body = {};
  for (const field of ['desc', 'slug', 'is_visible', 'seo_meta_title', 'seo_meta_desc', 'seo_meta_keywords', 'search_keywords'] as const) {
    if (input[field] !== undefined) fields[field] = input[field];
  }
  return fields;
}

function productBody(product: ProductInput): Body {
  const body: Body = {};
  if (product.name !== undefined && product.name.trim() !== '') body.name = product.name;
  for (const field of PRODUCT_TEXT_FIELDS) {
    if (product.fields[field] !== undefined) body[field] = product.fields[field];
  }
  for (const field of PRODUCT_BOOLEAN_FIELDS) {
    if (product.fields[field] !== undefined) body[field] = product.fields[field];
  }
  return body;
}

/** Two columns of one base (msrp, then price:US:cost) make one price. */
function mergePrices(prices: PriceInput[]): PriceInput[] {
  const byBase = new Map<string, PriceInput>();
  for (const price of prices) {
    const base = price.base.trim().toUpperCase();
    byBase.set(base, { ...(byBase.get(base) ?? {}), ...price, base });
  }
  return [...byBase.values()];
}
