// What Jasper holds, normalised from the API's envelopes (see client.ts for the quirks).

export interface RemoteCategory {
  id: number;
  parent_id: number | null;
  name: string;
  desc?: string | null;
  slug?: string | null;
  is_visible?: boolean | number | null;
  seo_meta_title?: string | null;
  seo_meta_desc?: string | null;
  seo_meta_keywords?: string | null;
  search_keywords?: string | null;
}

export interface RemoteOption {
  id: number;
  name: string;
}

export interface RemoteOptionValue {
  id: number;
  option_id: number;
  value: string;
  label?: string | null;
}

export interface RemoteOptionSet {
  id: number;
  name: string;
}

export interface RemoteOptionSetOption {
  id: number;
  option_id: number;
  option_set_id: number;
}

export interface RemoteTypeValue {
  id: number;
  attribute_id?: number;
  value: string;
}

export interface RemoteAttribute {
  id: number;
  name: string;
  type: string;
  typeValues: RemoteTypeValue[];
}

export interface RemoteRelationType {
  id: number;
  name: string;
}

export interface RemotePrice {
  id: number;
  base: string;
  msrp?: number | string | null;
  map?: number | string | null;
  cost?: number | string | null;
  sell_price?: number | string | null;
}

export interface RemoteInventory {
  id: number;
  location: string | null;
  count_on_hand: number | string | null;
  site?: string | null;
  bin?: string | null;
  type?: string | null;
  count_on_hold?: number | string | null;
  source?: string | null;
}

export interface RemoteProductAttribute {
  attribute_id: number;
  name?: string;
  type?: string;
  values: { id?: number; value: string }[];
}

export interface RemoteRelation {
  relation_type_id?: number;
  relation_type?: string;
  /** The related product's id. */
  id: number;
  sku?: string;
}

/** A product asset (image); the API answers `uri` for the `image_url` it was created with. */
export interface RemoteAsset {
  id: number;
  uri?: string | null;
  image_url?: string | null;
  sort_order?: number | null;
  thumbnail?: boolean | number | null;
}

export interface RemoteBarcode {
  id: number;
  type: string;
  barcode: string;
}

export interface RemoteProduct {
  id: number;
  sku: string;
  name?: string | null;
  parent_id?: number | null;
  option_set_id?: number | null;
  option_values?: { option_id: number; option_value_id: number }[];
  enabled?: boolean | number | null;
  is_visible?: boolean | number | null;
  desc_short?: string | null;
  desc_long?: string | null;
  product_url?: string | null;
  style_id?: string | number | null;
  brand_id?: string | number | null;
  page_title?: string | null;
  categories?: { id: number }[];
  category_ids?: number[];
  prices?: RemotePrice[];
  inventory?: RemoteInventory[];
  product_attributes?: RemoteProductAttribute[];
  related_products?: RemoteRelation[];
  /** Embedded by the product listing ("with … assets"); read from `/assets` when absent. */
  assets?: RemoteAsset[];
  /** Not embedded: read from `/barcodes` for the products whose barcodes matter. */
  barcodes?: RemoteBarcode[];
  children?: { id: number; sku?: string }[];
}

export interface ProductPage {
  products: RemoteProduct[];
  currentPage: number;
  lastPage: number;
  total: number;
}
