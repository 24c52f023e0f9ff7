// A sandbox's catalog as plain data keyed by names and SKUs instead of ids, so two tenants
// filled by different paths (push --from, or convert then push) can be compared with toEqual.
import type { SandboxState } from '../../src/sandbox/index.js';

export interface ProductDigest {
  name: string;
  parent: string | null;
  enabled: number;
  visible: number;
  texts: (string | null)[];
  options: Record<string, string>;
  prices: string[];
  inventory: string[];
  attributes: Record<string, string[]>;
  categories: string[];
  relations: string[];
  /** Image URLs in their sort order, the thumbnail (main image) marked with a leading `*`. */
  images: string[];
  /** `TYPE:value`, sorted. */
  barcodes: string[];
}

export function stateDigest(state: SandboxState): {
  products: Record<string, ProductDigest>;
  attributes: Record<string, string>;
  options: Record<string, string[]>;
  categories: string[];
} {
  const categoryPath = new Map<number, string>();
  const pathOf = (id: number): string => {
    const known = categoryPath.get(id);
    if (known !== undefined) return known;
    const category = state.categories.find((candidate) => candidate.id === id)!;
    const path = category.parent_id ? `${pathOf(category.parent_id)} > ${category.name}` : category.name;
    categoryPath.set(id, path);
    return path;
  };
  const skuOf = new Map(state.products.map((product) => [product.id, product.sku]));
  const optionName = new Map(state.options.map((option) => [option.id, option.name]));
  const optionValue = new Map(state.options.flatMap((option) => option.values.map((value) => [value.id, value.value] as const)));
  const attributeName = new Map(state.attributes.map((attribute) => [attribute.id, attribute.name]));
  const relationName = new Map(state.relationTypes.map((type) => [type.id, type.name]));
  const products: Record<string, ProductDigest> = {};
  for (const product of state.products) {
    products[product.sku] = {
      name: product.name,
      parent: product.parent_id ? (skuOf.get(product.parent_id) ?? null) : null,
      enabled: product.enabled,
      visible: product.is_visible,
      texts: [product.desc_short, product.desc_long, product.product_url, product.page_title],
      options: Object.fromEntries(product.option_values.map((ref) => [optionName.get(ref.option_id)!, optionValue.get(ref.option_value_id)!])),
      prices: product.prices.map((price) => `${price.base}:${price.msrp}/${price.sell_price}/${price.cost}/${price.map}`).sort(),
      inventory: product.inventory.map((stock) => `${stock.location}=${stock.count_on_hand}`).sort(),
      attributes: Object.fromEntries(product.attributes.map((held) => [attributeName.get(held.attribute_id)!, held.values.map((value) => value.value).sort()])),
      categories: product.categories.map((assignment) => pathOf(assignment.category_id)).sort(),
      relations: product.relations.map((relation) => `${relationName.get(relation.relation_type_id)}:${skuOf.get(relation.related_id)}`).sort(),
      images: [...product.assets].sort((a, b) => a.sort_order - b.sort_order || a.id - b.id).map((asset) => `${asset.thumbnail ? '*' : ''}${asset.uri}`),
      barcodes: product.barcodes.map((code) => `${code.type}:${code.barcode}`).sort(),
    };
  }
  return {
    products,
    attributes: Object.fromEntries(state.attributes.map((attribute) => [attribute.name, attribute.type])),
    options: Object.fromEntries(state.options.map((option) => [option.name, option.values.map((value) => value.value).sort()])),
    categories: state.categories.map((category) => pathOf(category.id)).sort(),
  };
}
