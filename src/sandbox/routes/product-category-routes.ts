// Category assignments. POST does NOT deduplicate: assigning the same category twice
// stores two assignments. The real API's behaviour is undocumented, and storing both lets
// tests catch a client that double-posts.

import { invalidField } from '../http-errors.js';
import { asObject, Input } from '../input.js';
import { productCategories } from '../product-view.js';
import { created, ok, route, type Route, type RouteContext } from '../router.js';
import { viewCategory } from '../views.js';
import { requireProduct } from './product-routes.js';

function assignCategory({ store, params, body }: RouteContext) {
  const product = requireProduct(store, params.id);
  const input = new Input(asObject(body));
  const categoryId = input.ref('category_id', (id) => store.category(id) !== undefined, { required: true });
  input.check();
  const category = categoryId == null ? undefined : store.category(categoryId);
  if (!category) throw invalidField('category_id', 'The selected category id is invalid.');
  product.categories.push({ id: store.nextId('productCategory'), category_id: category.id });
  return created({ product_categories: viewCategory(category) });
}

export const productCategoryRoutes: Route[] = [
  route('GET', '/products/:id/categories', ({ store, params }) => ok({ product_categories: productCategories(store, requireProduct(store, params.id)) })),
  route('POST', '/products/:id/categories', assignCategory),
];
