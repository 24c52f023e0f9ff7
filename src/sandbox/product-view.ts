// A product as GET /products/{id} shows it: its own fields plus the read-only collections
// the API embeds (categories, prices, inventory, attributes, related products, assets, children).

import type { Store } from './store.js';
import type { SandboxProduct } from './types.js';
import { viewAsset, viewCategory, viewInventory, viewPrice, viewProductAttribute } from './views.js';

export function viewProduct(store: Store, p: SandboxProduct): object {
  return {
    id: p.id,
    name: p.name,
    sku: p.sku,
    parent_id: p.parent_id,
    option_set_id: p.option_set_id,
    option_values: p.option_values.map((v) => ({ ...v })),
    enabled: p.enabled,
    is_visible: p.is_visible,
    desc_short: p.desc_short,
    desc_long: p.desc_long,
    product_url: p.product_url,
    style_id: p.style_id,
    brand_id: p.brand_id,
    page_title: p.page_title,
    created_at: p.created_at,
    updated_at: p.updated_at,
    categories: productCategories(store, p),
    prices: p.prices.map(viewPrice),
    inventory: p.inventory.map(viewInventory),
    product_attributes: p.attributes.map((pa) => viewProductAttribute(store, pa)),
    related_products: relatedProducts(store, p),
    // The listing is documented "with attributes, categories, channels, product children and assets"; barcodes have their own endpoint.
    assets: p.assets.map(viewAsset),
    children: store.childrenOf(p.id).map((c) => ({ id: c.id, sku: c.sku, name: c.name })),
  };
}

/** One category object per assignment, so a double-posted assignment shows twice. */
export function productCategories(store: Store, p: SandboxProduct): object[] {
  const out: object[] = [];
  for (const a of p.categories) {
    const c = store.category(a.category_id);
    if (c) out.push(viewCategory(c));
  }
  return out;
}

function relatedProducts(store: Store, p: SandboxProduct): object[] {
  const out: object[] = [];
  for (const r of p.relations) {
    const type = store.relationType(r.relation_type_id);
    const related = store.product(r.related_id);
    if (!type || !related) continue;
    out.push({
      relation_type_id: type.id,
      relation_type: type.name,
      id: related.id,
      sku: related.sku,
      name: related.name,
    });
  }
  return out;
}
