// The columns of Magento 2's catalog_product export that jasper-push reads (normalised names).
export const M = {
  sku: 'sku',
  storeView: 'store_view_code',
  type: 'product_type',
  categories: 'categories',
  name: 'name',
  description: 'description',
  shortDescription: 'short_description',
  weight: 'weight',
  online: 'product_online',
  visibility: 'visibility',
  price: 'price',
  specialPrice: 'special_price',
  cost: 'cost',
  msrp: 'msrp_price',
  map: 'map_price',
  urlKey: 'url_key',
  metaTitle: 'meta_title',
  baseImage: 'base_image',
  additionalImages: 'additional_images',
  country: 'country_of_manufacture',
  additional: 'additional_attributes',
  qty: 'qty',
  related: 'related_skus',
  upsell: 'upsell_skus',
  crosssell: 'crosssell_skus',
  associated: 'associated_skus',
  variations: 'configurable_variations',
} as const;

export const REQUIRED_COLUMNS = [M.sku, M.type] as const;

/** Product types whose row is not stock of its own: a parent's quantity is not stock (§10). */
export const CONTAINER_TYPES: ReadonlySet<string> = new Set(['configurable', 'grouped', 'bundle']);
