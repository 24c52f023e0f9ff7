// Product inventory on the singular `/inventory` path with `location` (a name) and
// `count_on_hand`, which is what the running API accepts (the reference documents a plural
// path with location_id/quantity). POST never deduplicates by location.

import { notFound } from '../http-errors.js';
import { asObject, Input, parseId, timestamp } from '../input.js';
import { created, ok, route, type Route, type RouteContext } from '../router.js';
import type { SandboxInventory, SandboxProduct } from '../types.js';
import { viewInventory } from '../views.js';
import { requireProduct } from './product-routes.js';

const TEXT_FIELDS = ['site', 'bin', 'type', 'source'] as const;

export function requireInventory(product: SandboxProduct, raw: string | undefined): SandboxInventory {
  const id = parseId(raw);
  const row = product.inventory.find((i) => i.id === id);
  if (!row) throw notFound('Product inventory');
  return row;
}

function createInventory({ store, params, body }: RouteContext) {
  const product = requireProduct(store, params.id);
  const input = new Input(asObject(body));
  const location = input.requiredString('location');
  const onHand = input.integer('count_on_hand', { required: true, min: 0 });
  const onHold = input.integer('count_on_hold', { min: 0 });
  const text = Object.fromEntries(TEXT_FIELDS.map((f) => [f, input.string(f) ?? null]));
  input.check();
  const now = timestamp();
  const row: SandboxInventory = {
    id: store.nextId('inventory'),
    product_id: product.id,
    location,
    count_on_hand: onHand ?? 0,
    count_on_hold: onHold ?? null,
    site: text.site ?? null,
    bin: text.bin ?? null,
    type: text.type ?? null,
    source: text.source ?? null,
    created_at: now,
    updated_at: now,
  };
  product.inventory.push(row);
  return created({ product_inventory: viewInventory(row) });
}

function updateInventory({ store, params, body }: RouteContext) {
  const row = requireInventory(requireProduct(store, params.id), params.inventoryId);
  const input = new Input(asObject(body));
  const location = input.has('location') ? input.requiredString('location') : undefined;
  const onHand = input.has('count_on_hand') ? input.integer('count_on_hand', { required: true, min: 0 }) : undefined;
  const onHold = input.integer('count_on_hold', { min: 0 });
  const text = TEXT_FIELDS.map((f) => [f, input.string(f)] as const);
  input.check();
  if (location !== undefined) row.location = location;
  if (onHand != null) row.count_on_hand = onHand;
  if (onHold !== undefined) row.count_on_hold = onHold;
  for (const [field, value] of text) if (value !== undefined) row[field] = value;
  row.updated_at = timestamp();
  return ok({ product_inventory: viewInventory(row) });
}

export const inventoryRoutes: Route[] = [
  route('GET', '/products/:id/inventory', ({ store, params }) => ok({ product_inventory: requireProduct(store, params.id).inventory.map(viewInventory) })),
  route('POST', '/products/:id/inventory', createInventory),
  route('GET', '/products/:id/inventory/:inventoryId', ({ store, params }) =>
    ok({ product_inventory: viewInventory(requireInventory(requireProduct(store, params.id), params.inventoryId)) }),
  ),
  route('PUT', '/products/:id/inventory/:inventoryId', updateInventory),
];
