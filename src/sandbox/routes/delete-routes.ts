// The DELETE routes of the reference for what a push creates (the product's links, images and
// barcodes have theirs beside their other routes). Like the API's database, a delete takes the
// rows that belong to what it deletes with it, and refuses (422) while something else still
// uses it: a product with variants, a category with subcategories, an option, value, option set,
// attribute, type value or relation type that products still hold.
import { invalidField, notFound } from '../http-errors.js';
import { parseId } from '../input.js';
import { ok, route, type Route, type RouteContext } from '../router.js';
import type { Store } from '../store.js';
import type { SandboxProduct } from '../types.js';
import { requireAttribute, requireTypeValue } from './attribute-routes.js';
import { requireCategory } from './category-routes.js';
import { requireInventory } from './inventory-routes.js';
import { requireOption, requireValue } from './option-routes.js';
import { requireOptionSet } from './option-set-routes.js';
import { requireProduct } from './product-routes.js';
import { requireRelationType } from './relation-type-routes.js';

const DELETED = { message: 'Deleted.' };

function refuseWhileUsed(store: Store, field: string, what: string, uses: (product: SandboxProduct) => boolean): void {
  const user = store.data.products.find(uses);
  if (user) throw invalidField(field, `The ${what} is still used by product ${user.sku}.`);
}

function deleteProduct({ store, params }: RouteContext) {
  const product = requireProduct(store, params.id);
  if (store.childrenOf(product.id).length > 0) throw invalidField('id', 'The product has variants: delete them first.');
  store.removeProduct(product);
  return ok(DELETED);
}

function deleteCategory({ store, params }: RouteContext) {
  const category = requireCategory(store, params.id);
  if (store.data.categories.some((child) => child.parent_id === category.id)) throw invalidField('id', 'The category has subcategories: delete them first.');
  store.data.categories = store.data.categories.filter((candidate) => candidate !== category);
  for (const product of store.data.products) product.categories = product.categories.filter((assignment) => assignment.category_id !== category.id);
  return ok(DELETED);
}

function deleteOption({ store, params }: RouteContext) {
  const option = requireOption(store, params.id);
  refuseWhileUsed(store, 'id', 'option', (product) => product.option_values.some((value) => value.option_id === option.id));
  store.data.options = store.data.options.filter((candidate) => candidate !== option);
  for (const set of store.data.optionSets) set.options = set.options.filter((member) => member.option_id !== option.id);
  return ok(DELETED);
}

function deleteOptionValue({ store, params }: RouteContext) {
  const option = requireOption(store, params.id);
  const value = requireValue(option, params.valueId);
  refuseWhileUsed(store, 'id', 'option value', (product) => product.option_values.some((held) => held.option_value_id === value.id));
  option.values = option.values.filter((candidate) => candidate !== value);
  return ok(DELETED);
}

function deleteOptionSet({ store, params }: RouteContext) {
  const set = requireOptionSet(store, params.id);
  refuseWhileUsed(store, 'id', 'option set', (product) => product.option_set_id === set.id);
  store.data.optionSets = store.data.optionSets.filter((candidate) => candidate !== set);
  return ok(DELETED);
}

/** The reference's ID here is the option's id, as POST takes option_id. */
function deleteOptionSetOption({ store, params }: RouteContext) {
  const set = requireOptionSet(store, params.id);
  const optionId = parseId(params.optionId);
  if (!set.options.some((member) => member.option_id === optionId)) throw notFound('Option set option');
  set.options = set.options.filter((member) => member.option_id !== optionId);
  return ok(DELETED);
}

function deleteAttribute({ store, params }: RouteContext) {
  const attribute = requireAttribute(store, params.id);
  refuseWhileUsed(store, 'id', 'attribute', (product) => product.attributes.some((held) => held.attribute_id === attribute.id && held.values.length > 0));
  store.data.attributes = store.data.attributes.filter((candidate) => candidate !== attribute);
  for (const product of store.data.products) product.attributes = product.attributes.filter((held) => held.attribute_id !== attribute.id);
  return ok(DELETED);
}

function deleteTypeValue({ store, params }: RouteContext) {
  const attribute = requireAttribute(store, params.id);
  const typeValue = requireTypeValue(attribute, params.valueId);
  refuseWhileUsed(store, 'id', 'attribute type value', (product) =>
    product.attributes.some((held) => held.attribute_id === attribute.id && held.values.some((value) => value.value === typeValue.value)),
  );
  attribute.typeValues = attribute.typeValues.filter((candidate) => candidate !== typeValue);
  return ok(DELETED);
}

function deleteRelationType({ store, params }: RouteContext) {
  const type = requireRelationType(store, params.id);
  refuseWhileUsed(store, 'id', 'relation type', (product) => product.relations.some((relation) => relation.relation_type_id === type.id));
  store.data.relationTypes = store.data.relationTypes.filter((candidate) => candidate !== type);
  return ok(DELETED);
}

function deleteInventory({ store, params }: RouteContext) {
  const product = requireProduct(store, params.id);
  const row = requireInventory(product, params.inventoryId);
  product.inventory = product.inventory.filter((candidate) => candidate !== row);
  return ok(DELETED);
}

/** One value of one attribute on a product; the attribute stays assigned (with no values) when it was the last. */
function deleteAttributeValue({ store, params }: RouteContext) {
  const product = requireProduct(store, params.id);
  const attribute = requireAttribute(store, params.attributeId);
  const valueId = parseId(params.valueId);
  const held = product.attributes.find((entry) => entry.attribute_id === attribute.id);
  if (!held?.values.some((value) => value.id === valueId)) throw notFound('Product attribute value');
  held.values = held.values.filter((value) => value.id !== valueId);
  return ok(DELETED);
}

export const deleteRoutes: Route[] = [
  route('DELETE', '/categories/:id', deleteCategory),
  route('DELETE', '/options/:id', deleteOption),
  route('DELETE', '/options/:id/values/:valueId', deleteOptionValue),
  route('DELETE', '/option_sets/:id', deleteOptionSet),
  route('DELETE', '/option_sets/:id/options/:optionId', deleteOptionSetOption),
  route('DELETE', '/attributes/:id', deleteAttribute),
  route('DELETE', '/attributes/:id/type_values/:valueId', deleteTypeValue),
  route('DELETE', '/product-relation-types/:id', deleteRelationType),
  route('DELETE', '/products/:id', deleteProduct),
  route('DELETE', '/products/:id/inventory/:inventoryId', deleteInventory),
  route('DELETE', '/products/:id/attributes/:attributeId/values/:valueId', deleteAttributeValue),
];
