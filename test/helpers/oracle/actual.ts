// The actual side: a Jasper tenant's data (the sandbox's `state()`, whose shape mirrors the API's
// resources) brought to a digest. Only the fields read here are declared, so nothing is shared
// with the code under test; entities held twice are reported as problems of their own.
import { type CategoryDigest, PRODUCT_TEXTS, type ProductDigest, type StateDigest } from './digest.js';

interface Named {
  id: number;
  name: string;
}

export interface JasperState {
  categories: (Named & { parent_id: number | null } & CategoryDigest)[];
  options: (Named & { values: { id: number; value: string }[] })[];
  optionSets: { id: number; options: { option_id: number }[] }[];
  attributes: (Named & { type: string; typeValues: { value: string }[] })[];
  relationTypes: Named[];
  products: {
    id: number;
    sku: string;
    name: string;
    parent_id: number | null;
    option_set_id: number | null;
    option_values: { option_id: number; option_value_id: number }[];
    enabled: 0 | 1;
    is_visible: 0 | 1;
    desc_short: string | null;
    desc_long: string | null;
    product_url: string | null;
    style_id: string | number | null;
    brand_id: string | number | null;
    page_title: string | null;
    prices: { base: string; msrp: number | null; map: number | null; cost: number | null; sell_price: number | null }[];
    inventory: {
      location: string;
      count_on_hand: number;
      count_on_hold: number | null;
      site: string | null;
      bin: string | null;
      type: string | null;
      source: string | null;
    }[];
    attributes: { attribute_id: number; values: { value: string }[] }[];
    categories: { category_id: number }[];
    relations: { related_id: number; relation_type_id: number }[];
    assets: { id: number; uri: string; sort_order: number; thumbnail: boolean }[];
    barcodes: { type: string; barcode: string }[];
  }[];
}

/** The state's digest, and the entities it holds more than once (which a digest keyed by name would hide). */
export function actualDigest(state: JasperState): { digest: StateDigest; duplicates: string[] } {
  const duplicates: string[] = [];
  const keyed = <T, V>(what: string, items: T[], key: (item: T) => string, value: (item: T) => V): Record<string, V> => {
    const out: Record<string, V> = {};
    for (const item of items) {
      const name = key(item);
      if (name in out) duplicates.push(`${what} "${name}" is held more than once`);
      out[name] = value(item);
    }
    return out;
  };
  const names = <T>(what: string, items: T[], key: (item: T) => string) => Object.keys(keyed(what, items, key, () => true)).sort();

  const byId = <T extends { id: number }>(items: T[]) => new Map(items.map((item) => [item.id, item]));
  const categories = byId(state.categories);
  const pathOf = (id: number): string => {
    const category = categories.get(id);
    if (!category) return `#${id} (no such category)`;
    return category.parent_id === null ? category.name : `${pathOf(category.parent_id)} > ${category.name}`;
  };
  const options = byId(state.options);
  const optionValues = new Map(state.options.flatMap((option) => option.values.map((value) => [value.id, value.value] as const)));
  const optionSets = byId(state.optionSets);
  const attributes = byId(state.attributes);
  const relationTypes = byId(state.relationTypes);
  const products = byId(state.products);
  const name = (map: Map<number, Named>, id: number) => map.get(id)?.name ?? `#${id}`;
  const sku = (id: number) => products.get(id)?.sku ?? `#${id}`;

  const digestOf = (product: JasperState['products'][number]): ProductDigest => {
    const what = `product ${product.sku}`;
    const assets = [...product.assets].sort((a, b) => a.sort_order - b.sort_order || a.id - b.id);
    return {
      name: product.name,
      parent: product.parent_id === null ? null : sku(product.parent_id),
      option_set:
        product.option_set_id === null
          ? null
          : (optionSets
              .get(product.option_set_id)
              ?.options.map((option) => name(options, option.option_id))
              .sort() ?? [`#${product.option_set_id}`]),
      options: keyed(
        `${what}: option`,
        product.option_values,
        (ref) => name(options, ref.option_id),
        (ref) => optionValues.get(ref.option_value_id) ?? `#${ref.option_value_id}`,
      ),
      enabled: product.enabled,
      is_visible: product.is_visible,
      ...Object.fromEntries(PRODUCT_TEXTS.map((field) => [field, product[field]])),
      prices: keyed(
        `${what}: price base`,
        product.prices,
        (price) => price.base,
        ({ msrp, map, cost, sell_price }) => ({ msrp, map, cost, sell_price }),
      ),
      inventory: keyed(
        `${what}: inventory location`,
        product.inventory,
        (row) => row.location,
        ({ count_on_hand, count_on_hold, site, bin, type, source }) => ({ count_on_hand, count_on_hold, site, bin, type, source }),
      ),
      attributes: keyed(
        `${what}: attribute`,
        product.attributes,
        (held) => name(attributes, held.attribute_id),
        (held) => held.values.map((value) => value.value).sort(),
      ),
      categories: product.categories.map((assignment) => pathOf(assignment.category_id)).sort(),
      images: assets.map((asset) => asset.uri),
      thumbnails: assets.filter((asset) => asset.thumbnail).map((asset) => asset.uri),
      barcodes: product.barcodes.map((code) => `${code.type} ${code.barcode}`).sort(),
      relations: product.relations.map((relation) => `${name(relationTypes, relation.relation_type_id)} → ${sku(relation.related_id)}`).sort(),
    } as ProductDigest;
  };

  const digest: StateDigest = {
    categories: keyed(
      'category',
      state.categories,
      (category) => pathOf(category.id),
      ({ desc, slug, is_visible, seo_meta_title, seo_meta_desc, seo_meta_keywords, search_keywords }) => ({
        desc,
        slug,
        is_visible,
        seo_meta_title,
        seo_meta_desc,
        seo_meta_keywords,
        search_keywords,
      }),
    ),
    options: keyed(
      'option',
      state.options,
      (option) => option.name,
      (option) => names(`value of option ${option.name}`, option.values, (value) => value.value),
    ),
    attributes: keyed(
      'attribute',
      state.attributes,
      (attribute) => attribute.name,
      (attribute) => ({ type: attribute.type, values: names(`type value of ${attribute.name}`, attribute.typeValues, (value) => value.value) }),
    ),
    relationTypes: names('relation type', state.relationTypes, (type) => type.name),
    products: keyed('product', state.products, (product) => product.sku, digestOf),
  };
  return { digest, duplicates };
}
