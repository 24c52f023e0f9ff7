// Every table of a sandbox as plain data keyed by natural keys (SKUs, category paths, names),
// never ids or timestamps, so the state before a run and after its undo compare with toEqual.
import type { SandboxState } from '../../src/sandbox/index.js';

export function tenantTables(state: SandboxState) {
  const pathOf = (id: number): string => {
    const category = state.categories.find((candidate) => candidate.id === id)!;
    return category.parent_id ? `${pathOf(category.parent_id)} > ${category.name}` : category.name;
  };
  const skuOf = new Map(state.products.map((product) => [product.id, product.sku]));
  const optionName = new Map(state.options.map((option) => [option.id, option.name]));
  const optionValue = new Map(state.options.flatMap((option) => option.values.map((value) => [value.id, value.value] as const)));
  const attributeName = new Map(state.attributes.map((attribute) => [attribute.id, attribute.name]));
  const relationName = new Map(state.relationTypes.map((type) => [type.id, type.name]));
  const byKey = <T>(entries: [string, T][]) => Object.fromEntries(entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  const strip = <T extends object>(row: T, ...drop: string[]) =>
    Object.fromEntries(Object.entries(row).filter(([field]) => !['id', 'created_at', 'updated_at', 'product_id', ...drop].includes(field)));
  return {
    categories: byKey(state.categories.map((category) => [pathOf(category.id), strip(category, 'parent_id')])),
    options: byKey(state.options.map((option) => [option.name, option.values.map((value) => `${value.value}/${value.label}`).sort()])),
    optionSets: byKey(
      state.optionSets.map((set) => [set.name, set.options.map((member) => `${optionName.get(member.option_id)}#${member.sort_order}`).sort()]),
    ),
    attributes: byKey(
      state.attributes.map((attribute) => [attribute.name, { type: attribute.type, values: attribute.typeValues.map((value) => value.value).sort() }]),
    ),
    relationTypes: state.relationTypes.map((type) => type.name).sort(),
    products: byKey<Record<string, unknown>>(
      state.products.map((product) => [
        product.sku,
        {
          ...strip(
            product,
            'prices',
            'inventory',
            'attributes',
            'categories',
            'relations',
            'assets',
            'barcodes',
            'option_values',
            'parent_id',
            'option_set_id',
          ),
          parent: product.parent_id ? skuOf.get(product.parent_id) : null,
          optionSet: product.option_set_id ? state.optionSets.find((set) => set.id === product.option_set_id)?.name : null,
          options: product.option_values.map((ref) => `${optionName.get(ref.option_id)}=${optionValue.get(ref.option_value_id)}`).sort(),
          prices: byKey(product.prices.map((price) => [price.base, strip(price)])),
          inventory: byKey(product.inventory.map((row) => [row.location, strip(row)])),
          // An attribute left with no values reads as not assigned.
          attributes: byKey(
            product.attributes
              .filter((held) => held.values.length > 0)
              .map((held) => [attributeName.get(held.attribute_id)!, held.values.map((value) => value.value).sort()]),
          ),
          categories: product.categories.map((assignment) => pathOf(assignment.category_id)).sort(),
          relations: product.relations.map((relation) => `${relationName.get(relation.relation_type_id)}:${skuOf.get(relation.related_id)}`).sort(),
          assets: product.assets.map((asset) => `${asset.sort_order}:${asset.uri}:${asset.thumbnail}`).sort(),
          barcodes: product.barcodes.map((code) => `${code.type}:${code.barcode}`).sort(),
        },
      ]),
    ),
  };
}
