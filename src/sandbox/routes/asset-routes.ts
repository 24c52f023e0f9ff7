// Product assets (images). POST takes `image_url` and answers the asset with `uri`; like every
// other sub-resource, POST never deduplicates (the same URL twice is two assets), so tests can
// catch a client that double-posts. The first asset of a product is its thumbnail.

import { notFound } from '../http-errors.js';
import { asObject, Input, parseId, timestamp } from '../input.js';
import { created, ok, route, type Route, type RouteContext } from '../router.js';
import type { SandboxAsset, SandboxProduct } from '../types.js';
import { viewAsset } from '../views.js';
import { requireProduct } from './product-routes.js';

const TEXT_FIELDS = ['alttext', 'name', 'desc', 'type'] as const;

function requireAsset(product: SandboxProduct, raw: string | undefined): SandboxAsset {
  const id = parseId(raw);
  const asset = product.assets.find((candidate) => candidate.id === id);
  if (!asset) throw notFound('Product asset');
  return asset;
}

/** Laravel's `url` rule: an absolute URL with a scheme and a host. */
function imageUrl(input: Input, required: boolean): string | undefined {
  const text = input.string('image_url', required);
  if (text === undefined || text === null) return undefined;
  try {
    const url = new URL(text);
    if ((url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '') return text;
  } catch {
    // reported below
  }
  input.fail('image_url', 'The image url must be a valid URL.');
  return undefined;
}

function createAsset({ store, params, body }: RouteContext) {
  const product = requireProduct(store, params.id);
  const input = new Input(asObject(body));
  const uri = imageUrl(input, true);
  const sortOrder = input.integer('sort_order', { min: 0 });
  const thumbnail = input.bool('thumbnail');
  const hidden = input.bool('private');
  const text = Object.fromEntries(TEXT_FIELDS.map((field) => [field, input.string(field) ?? null]));
  input.check();
  const now = timestamp();
  const asset: SandboxAsset = {
    id: store.nextId('asset'),
    product_id: product.id,
    uri: uri!,
    sort_order: sortOrder ?? product.assets.length + 1,
    private: hidden ?? false,
    alttext: text.alttext ?? null,
    name: text.name ?? null,
    desc: text.desc ?? null,
    type: text.type ?? null,
    thumbnail: thumbnail ?? product.assets.length === 0,
    created_at: now,
    updated_at: now,
  };
  product.assets.push(asset);
  return created({ product_asset: viewAsset(asset) });
}

function updateAsset({ store, params, body }: RouteContext) {
  const asset = requireAsset(requireProduct(store, params.id), params.assetId);
  const input = new Input(asObject(body));
  const uri = input.has('image_url') ? imageUrl(input, true) : undefined;
  const sortOrder = input.integer('sort_order', { min: 0 });
  const thumbnail = input.bool('thumbnail');
  const hidden = input.bool('private');
  const text = TEXT_FIELDS.map((field) => [field, input.string(field)] as const);
  input.check();
  if (uri !== undefined) asset.uri = uri;
  if (sortOrder != null) asset.sort_order = sortOrder;
  if (thumbnail !== undefined) asset.thumbnail = thumbnail;
  if (hidden !== undefined) asset.private = hidden;
  for (const [field, value] of text) if (value !== undefined) asset[field] = value;
  asset.updated_at = timestamp();
  return ok({ product_asset: viewAsset(asset) });
}

function deleteAsset({ store, params }: RouteContext) {
  const product = requireProduct(store, params.id);
  const asset = requireAsset(product, params.assetId);
  product.assets = product.assets.filter((candidate) => candidate !== asset);
  return ok({ message: 'Deleted.' });
}

export const assetRoutes: Route[] = [
  route('GET', '/products/:id/assets', ({ store, params }) => ok({ product_assets: requireProduct(store, params.id).assets.map(viewAsset) })),
  route('POST', '/products/:id/assets', createAsset),
  route('GET', '/products/:id/assets/:assetId', ({ store, params }) =>
    ok({ product_asset: viewAsset(requireAsset(requireProduct(store, params.id), params.assetId)) }),
  ),
  route('PUT', '/products/:id/assets/:assetId', updateAsset),
  route('DELETE', '/products/:id/assets/:assetId', deleteAsset),
];
