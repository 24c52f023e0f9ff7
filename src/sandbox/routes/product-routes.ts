// Products: the paginated listing (Laravel's products/links/meta envelope), lookup by id
// and by SKU, create and partial update. Embedded collections are read-only here; they
// are written through the product sub-resources.

import { invalidField, notFound } from '../http-errors.js';
import { parseId, timestamp, toInteger } from '../input.js';
import { readProduct, type ProductInput } from '../product-input.js';
import { viewProduct } from '../product-view.js';
import { created, ok, route, type Route, type RouteContext } from '../router.js';
import type { Store } from '../store.js';
import type { SandboxProduct } from '../types.js';

export const DEFAULT_PAGE_SIZE = 25;
export const MAX_PAGE_SIZE = 1000;

export function requireProduct(store: Store, raw: string | undefined): SandboxProduct {
  const id = parseId(raw);
  const p = id === undefined ? undefined : store.product(id);
  if (!p) throw notFound('Product');
  return p;
}

function listProducts({ store, query, apiRoot }: RouteContext) {
  const type = query.get('type') ?? 'all';
  if (type !== 'all' && type !== 'parents') throw invalidField('type', 'The selected type is invalid.');
  const sku = query.get('sku');
  const requested = toInteger(query.get('limit') ?? undefined);
  const limit = requested === undefined || requested < 1 ? DEFAULT_PAGE_SIZE : Math.min(requested, MAX_PAGE_SIZE);
  const pageAsked = toInteger(query.get('page') ?? undefined);
  const page = pageAsked === undefined || pageAsked < 1 ? 1 : pageAsked;

  const candidates = sku === null ? store.data.products : [store.productBySku(sku)].filter((p) => p !== undefined);
  const matching = type === 'all' ? candidates : candidates.filter((p) => p.parent_id === null);
  const total = matching.length;
  const lastPage = Math.max(1, Math.ceil(total / limit));
  const slice = matching.slice((page - 1) * limit, page * limit);

  // Links keep the other query parameters so a client can follow `next` as it is.
  const path = `${apiRoot}/products`;
  const kept = new URLSearchParams();
  for (const [k, v] of query) if (k !== 'page') kept.append(k, v);
  const link = (n: number) => {
    const q = new URLSearchParams(kept);
    q.set('page', String(n));
    return `${path}?${q.toString()}`;
  };
  return ok({
    products: slice.map((p) => viewProduct(store, p)),
    links: {
      first: link(1),
      last: link(lastPage),
      prev: page > 1 ? link(page - 1) : null,
      next: page < lastPage ? link(page + 1) : null,
    },
    meta: {
      current_page: page,
      from: slice.length > 0 ? (page - 1) * limit + 1 : null,
      last_page: lastPage,
      path,
      per_page: limit,
      to: slice.length > 0 ? (page - 1) * limit + slice.length : null,
      total,
    },
  });
}

function applyProduct(store: Store, p: SandboxProduct, input: ProductInput): void {
  if (input.name !== undefined) p.name = input.name;
  if (input.sku !== undefined && input.sku !== p.sku) store.changeSku(p, input.sku);
  if (input.parent_id !== undefined) store.setParent(p, input.parent_id);
  if (input.option_values !== undefined) p.option_values = input.option_values;
  if (input.option_set_id !== undefined) p.option_set_id = input.option_set_id;
  if (input.enabled !== undefined) p.enabled = input.enabled;
  if (input.is_visible !== undefined) p.is_visible = input.is_visible;
  Object.assign(p, input.text, input.passthrough);
  if (input.category_ids !== undefined) {
    // category_ids on the product body states the full set of assignments.
    p.categories = input.category_ids.map((id) => ({ id: store.nextId('productCategory'), category_id: id }));
  }
  p.updated_at = timestamp();
}

function createProduct({ store, body }: RouteContext) {
  const input = readProduct(store, body);
  const now = timestamp();
  const product: SandboxProduct = {
    id: store.nextId('product'),
    name: input.name ?? '',
    sku: input.sku ?? '',
    parent_id: null,
    option_set_id: null,
    option_values: [],
    enabled: 1,
    is_visible: 1,
    desc_short: null,
    desc_long: null,
    product_url: null,
    style_id: null,
    brand_id: null,
    page_title: null,
    created_at: now,
    updated_at: now,
    prices: [],
    inventory: [],
    attributes: [],
    categories: [],
    relations: [],
    assets: [],
    barcodes: [],
  };
  // Indexed first, so applying the parent link files it under the parent's children.
  store.addProduct(product);
  applyProduct(store, product, input);
  return created({ product: viewProduct(store, product) });
}

function updateProduct({ store, params, body }: RouteContext) {
  const product = requireProduct(store, params.id);
  applyProduct(store, product, readProduct(store, body, product));
  return ok({ product: viewProduct(store, product) });
}

function productBySku({ store, params }: RouteContext) {
  const product = store.productBySku(params.sku ?? '');
  if (!product) throw notFound('Product');
  return ok({ product: viewProduct(store, product) });
}

export const productRoutes: Route[] = [
  route('GET', '/products', listProducts),
  route('POST', '/products', createProduct),
  route('GET', '/products/sku/:sku', productBySku),
  route('GET', '/products/:id', ({ store, params }) => ok({ product: viewProduct(store, requireProduct(store, params.id)) })),
  route('PUT', '/products/:id', updateProduct),
];
