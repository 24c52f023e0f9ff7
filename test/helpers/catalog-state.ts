// Checks that a sandbox holds exactly a catalog: every entity there, each exactly once.
// Returns a list of problems (empty = exact), so a failing test says what is wrong.
import type { Catalog } from '../../src/catalog/types.js';
import type { SandboxState } from '../../src/sandbox/index.js';

const norm = (text: string) => text.trim().toLowerCase();

/** The sandbox's id of the category at `path` (names compared as Jasper does), or undefined. */
export function categoryIdByPath(state: SandboxState, path: string[]): number | undefined {
  let parent: number | null = null;
  let id: number | undefined;
  for (const name of path) {
    id = state.categories.find((category) => (category.parent_id ?? null) === parent && norm(category.name) === norm(name))?.id;
    if (id === undefined) return undefined;
    parent = id;
  }
  return id;
}

export function catalogProblems(state: SandboxState, catalog: Catalog, variantMode: 'relation' | 'parent' = 'relation'): string[] {
  const problems: string[] = [];
  const duplicates = <T>(what: string, items: T[], key: (item: T) => string) => {
    const seen = new Map<string, number>();
    for (const item of items) seen.set(key(item), (seen.get(key(item)) ?? 0) + 1);
    for (const [name, count] of seen) if (count > 1) problems.push(`${what} "${name}" exists ${count} times`);
  };

  duplicates('category', state.categories, (category) => `${category.parent_id ?? 0}/${norm(category.name)}`);
  duplicates('option', state.options, (option) => norm(option.name));
  for (const option of state.options) duplicates(`value of option ${option.name}`, option.values, (value) => value.value);
  duplicates('option set', state.optionSets, (set) => norm(set.name));
  duplicates('attribute', state.attributes, (attribute) => norm(attribute.name));
  for (const attribute of state.attributes) duplicates(`type value of ${attribute.name}`, attribute.typeValues, (value) => value.value);
  duplicates('relation type', state.relationTypes, (type) => norm(type.name));
  duplicates('product', state.products, (product) => product.sku);

  const categoryId = (path: string[]) => categoryIdByPath(state, path);
  for (const category of catalog.categories) {
    if (categoryId(category.path) === undefined) problems.push(`category "${category.path.join(' > ')}" is missing`);
  }

  const bySku = new Map(state.products.map((product) => [product.sku, product]));
  const relationType = (name: string) => state.relationTypes.find((type) => norm(type.name) === norm(name));
  for (const input of catalog.products) {
    const product = bySku.get(input.sku);
    if (!product) {
      problems.push(`product ${input.sku} is missing`);
      continue;
    }
    if (input.name && product.name !== input.name) problems.push(`product ${input.sku}: name "${product.name}" ≠ "${input.name}"`);
    for (const price of input.prices) {
      const rows = product.prices.filter((candidate) => candidate.base.toUpperCase() === price.base.toUpperCase());
      if (rows.length !== 1) problems.push(`product ${input.sku}: ${rows.length} prices for base ${price.base}`);
      for (const field of ['msrp', 'map', 'cost', 'sell_price'] as const) {
        if (price[field] !== undefined && rows[0] && Number(rows[0][field]) !== price[field]) {
          problems.push(`product ${input.sku}: ${price.base} ${field} ${rows[0][field]} ≠ ${price[field]}`);
        }
      }
    }
    for (const inventory of input.inventory) {
      const rows = product.inventory.filter((candidate) => norm(candidate.location) === norm(inventory.location));
      if (rows.length !== 1) problems.push(`product ${input.sku}: ${rows.length} inventory rows at ${inventory.location}`);
      else if (rows[0]!.count_on_hand !== inventory.count_on_hand)
        problems.push(`product ${input.sku}: ${inventory.location} count ${rows[0]!.count_on_hand} ≠ ${inventory.count_on_hand}`);
    }
    for (const attribute of input.attributes) {
      const definition = state.attributes.find((candidate) => norm(candidate.name) === norm(attribute.name));
      const held = product.attributes.find((candidate) => candidate.attribute_id === definition?.id);
      const values = (held?.values ?? []).map((value) => value.value).sort();
      if (JSON.stringify(values) !== JSON.stringify([...attribute.values].sort())) {
        problems.push(`product ${input.sku}: attribute ${attribute.name} = ${JSON.stringify(values)}, expected ${JSON.stringify(attribute.values)}`);
      }
    }
    for (const path of input.categories) {
      const id = categoryId(path);
      const count = product.categories.filter((assignment) => assignment.category_id === id).length;
      if (count !== 1) problems.push(`product ${input.sku}: assigned to "${path.join(' > ')}" ${count} times`);
    }
    if (input.parentSku) {
      const parent = bySku.get(input.parentSku);
      if (variantMode === 'parent') {
        if (product.parent_id !== parent?.id) problems.push(`variant ${input.sku}: parent_id ${product.parent_id} ≠ ${parent?.id}`);
      } else {
        const type = relationType('Variant');
        const links = (parent?.relations ?? []).filter((relation) => relation.related_id === product.id && relation.relation_type_id === type?.id);
        if (links.length !== 1) problems.push(`variant ${input.sku}: ${links.length} variant links from ${input.parentSku}`);
      }
      if (product.option_values.length !== input.options.length) problems.push(`variant ${input.sku}: ${product.option_values.length} option values`);
    }
    for (const related of input.related) {
      const type = relationType(related.type);
      for (const sku of related.skus) {
        const target = bySku.get(sku);
        const links = product.relations.filter((relation) => relation.related_id === target?.id && relation.relation_type_id === type?.id);
        if (links.length !== 1) problems.push(`product ${input.sku}: ${links.length} "${related.type}" links to ${sku}`);
      }
    }
    for (const url of input.images ?? []) {
      const count = (product.assets ?? []).filter((asset) => asset.uri === url).length;
      if (count !== 1) problems.push(`product ${input.sku}: ${count} images ${url}`);
    }
    (input.images ?? []).forEach((url, index) => {
      const asset = (product.assets ?? []).find((candidate) => candidate.uri === url);
      if (asset && index === 0 && !asset.thumbnail) problems.push(`product ${input.sku}: the main image ${url} is not the thumbnail`);
    });
    for (const code of input.barcodes ?? []) {
      const count = (product.barcodes ?? []).filter((barcode) => barcode.type === code.type && barcode.barcode === code.value).length;
      if (count !== 1) problems.push(`product ${input.sku}: ${count} ${code.type} barcodes ${code.value}`);
    }
  }
  for (const row of catalog.inventory) {
    const product = bySku.get(row.sku);
    const rows = product?.inventory.filter((candidate) => norm(candidate.location) === norm(row.location)) ?? [];
    if (rows.length !== 1) problems.push(`inventory ${row.sku}@${row.location}: ${rows.length} rows`);
    else if (rows[0]!.count_on_hand !== row.count_on_hand)
      problems.push(`inventory ${row.sku}@${row.location}: ${rows[0]!.count_on_hand} ≠ ${row.count_on_hand}`);
  }
  return problems;
}

/** Writes (POST/PUT/DELETE) the sandbox received. */
export function writeCount(requests: { method: string }[]): number {
  return requests.filter((request) => request.method !== 'GET').length;
}
