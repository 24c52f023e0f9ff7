// Product prices. A price needs a base and at least one of msrp/cost/map/sell_price.
// POST never deduplicates (two POSTs with the same base make two rows) and there is no
// DELETE: the API cannot delete prices, so the router answers 405.

import { notFound } from '../http-errors.js';
import { asObject, Input, parseId, timestamp } from '../input.js';
import { created, ok, route, type Route, type RouteContext } from '../router.js';
import type { SandboxPrice, SandboxProduct } from '../types.js';
import { viewPrice } from '../views.js';
import { requireProduct } from './product-routes.js';

const AMOUNTS = ['msrp', 'map', 'cost', 'sell_price'] as const;
export const PRICE_AMOUNT_REQUIRED = 'When creating a price, you must have at least one value for msrp, cost, map or sell_price.';

function requirePrice(product: SandboxProduct, raw: string | undefined): SandboxPrice {
  const id = parseId(raw);
  const price = product.prices.find((p) => p.id === id);
  if (!price) throw notFound('Product price');
  return price;
}

function readAmounts(input: Input): Partial<Record<(typeof AMOUNTS)[number], number | null>> {
  const out: Partial<Record<(typeof AMOUNTS)[number], number | null>> = {};
  for (const f of AMOUNTS) {
    const v = input.number(f);
    if (v !== undefined) out[f] = v;
  }
  return out;
}

function createPrice({ store, params, body }: RouteContext) {
  const product = requireProduct(store, params.id);
  const input = new Input(asObject(body));
  const base = input.requiredString('base');
  const amounts = readAmounts(input);
  const anyAmount = AMOUNTS.some((f) => amounts[f] != null || input.errors[f]);
  if (!anyAmount) input.fail('msrp', PRICE_AMOUNT_REQUIRED);
  input.check();
  const now = timestamp();
  const price: SandboxPrice = {
    id: store.nextId('price'),
    product_id: product.id,
    base,
    msrp: amounts.msrp ?? null,
    map: amounts.map ?? null,
    cost: amounts.cost ?? null,
    sell_price: amounts.sell_price ?? null,
    created_at: now,
    updated_at: now,
  };
  product.prices.push(price);
  return created({ product_price: viewPrice(price) });
}

function updatePrice({ store, params, body }: RouteContext) {
  const price = requirePrice(requireProduct(store, params.id), params.priceId);
  const input = new Input(asObject(body));
  const base = input.has('base') ? input.requiredString('base') : undefined;
  const amounts = readAmounts(input);
  input.check();
  if (base !== undefined) price.base = base;
  Object.assign(price, amounts);
  price.updated_at = timestamp();
  return ok({ product_price: viewPrice(price) });
}

export const priceRoutes: Route[] = [
  route('GET', '/products/:id/prices', ({ store, params }) => ok({ product_prices: requireProduct(store, params.id).prices.map(viewPrice) })),
  route('POST', '/products/:id/prices', createPrice),
  route('GET', '/products/:id/prices/:priceId', ({ store, params }) =>
    ok({ product_price: viewPrice(requirePrice(requireProduct(store, params.id), params.priceId)) }),
  ),
  route('PUT', '/products/:id/prices/:priceId', updatePrice),
];
