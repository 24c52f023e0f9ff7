// The sandbox's public types: its options, its fault knobs, its request log and its data.
// The data model is nested (a product holds its prices, inventory, ...) so tests can assert
// on `state()` without joining tables; ids are still sequential per entity kind.

export interface SandboxFaults {
  /** Added before answering every request. */
  latencyMs?: number;
  /** 0..1: answer 500/502/503 before applying anything. */
  errorRate?: number;
  /** 0..1, writes only: apply the write, then answer 500. */
  errorAfterApplyRate?: number;
  /** 0..1, writes only: apply the write, then destroy the socket without answering. */
  dropAfterApplyRate?: number;
  /** 0..1: never answer (nothing applied); the socket stays open until the client gives up. */
  hangRate?: number;
  /** Sliding window over all requests; beyond it 429 with Retry-After. */
  rateLimit?: { limit: number; seconds: number };
  /** 0..1: chance that a request starts a burst of 429s (Retry-After: 1) ... */
  burst429Rate?: number;
  /** ... lasting this many consecutive requests, the first included (default 5). */
  burstLength?: number;
}

export interface SandboxOptions {
  /** 0 = ephemeral. */
  port?: number;
  /** Default 127.0.0.1; anything that is not loopback is refused. */
  host?: string;
  /** Accepted Bearer keys; default one random key. */
  keys?: string[];
  /** Persist across restarts: loaded at start, saved atomically after every write. */
  dataFile?: string;
  /** Seeds the PRNG behind every fault decision, so a failing test can be replayed. */
  seed?: number;
  faults?: SandboxFaults;
  /** Clock for the rate-limit window (ms). */
  now?: () => number;
  /**
   * Refuse (422, naming the key) a write whose body carries a key the API reference does not
   * document for its resource. Off by default (a Laravel API passes over keys it does not validate); logged either way.
   */
  strict?: boolean;
}

export type FaultName = 'rate-limit' | 'burst-429' | 'hang' | 'error' | 'error-after-apply' | 'drop-after-apply';

export interface RequestRecord {
  /** Arrival time in ms (performance.timeOrigin + performance.now()). */
  t: number;
  method: string;
  /** Path with the query string, as sent. */
  path: string;
  /** Status answered; 0 when no answer was sent (hang, drop, client gone). */
  status: number;
  /** True when a write changed the data. */
  applied: boolean;
  fault?: FaultName;
  /** Keys of the body the reference does not document for its resource (`loc`, `option_values.0.extra`). */
  undocumented?: string[];
}

export interface SandboxHandle {
  /** API root, e.g. http://127.0.0.1:43123/api/v1 */
  url: string;
  port: number;
  /** The keys accepted right now. */
  readonly keys: string[];
  /** Every request in arrival order. */
  requests: RequestRecord[];
  /** Deep copy of the data. */
  state(): SandboxState;
  /** Replace the faults at run time (e.g. the tenant goes down mid-run). */
  setFaults(f: SandboxFaults): void;
  addKey(k: string): void;
  revokeKey(k: string): void;
  /** Stops the server; also ends hung requests. */
  close(): Promise<void>;
}

// ---- data model -------------------------------------------------------------------------

export interface SandboxCategory {
  id: number;
  /** null for a root category. */
  parent_id: number | null;
  name: string;
  desc: string | null;
  slug: string | null;
  attribute_sets: number[];
  is_visible: boolean;
  seo_meta_title: string | null;
  seo_meta_desc: string | null;
  seo_meta_keywords: string | null;
  search_keywords: string | null;
  created_at: string;
  updated_at: string;
}

export interface SandboxOptionValue {
  id: number;
  option_id: number;
  value: string;
  label: string;
  sort_order: number;
}

export interface SandboxOption {
  id: number;
  name: string;
  values: SandboxOptionValue[];
}

export interface SandboxOptionSetOption {
  id: number;
  option_id: number;
  option_set_id: number;
  sort_order: number;
}

export interface SandboxOptionSet {
  id: number;
  name: string;
  options: SandboxOptionSetOption[];
}

export type SandboxAttributeType = 'text' | 'textarea' | 'date' | 'selectbox' | 'multiselect';

export interface SandboxAttributeTypeValue {
  id: number;
  attribute_id: number;
  value: string;
  slug: string;
  sort_order: number;
  version_id: number;
}

export interface SandboxAttribute {
  id: number;
  name: string;
  type: SandboxAttributeType;
  note: string | null;
  display_group_id: number | null;
  sort_order: number;
  slug: string;
  publish: boolean;
  created_at: string;
  updated_at: string;
  typeValues: SandboxAttributeTypeValue[];
}

export interface SandboxRelationType {
  id: number;
  name: string;
  description: string | null;
  child_label: string | null;
  parent_label: string | null;
  relationship_cardinality: string;
  label: string | null;
  created_at: string;
  updated_at: string;
}

export interface SandboxPrice {
  id: number;
  product_id: number;
  base: string;
  msrp: number | null;
  map: number | null;
  cost: number | null;
  sell_price: number | null;
  created_at: string;
  updated_at: string;
}

export interface SandboxInventory {
  id: number;
  product_id: number;
  location: string;
  count_on_hand: number;
  count_on_hold: number | null;
  site: string | null;
  bin: string | null;
  type: string | null;
  source: string | null;
  created_at: string;
  updated_at: string;
}

export interface SandboxAttributeValue {
  id: number;
  version_id: number;
  value: string;
}

/** The values one product holds for one attribute (an empty list still counts as assigned). */
export interface SandboxProductAttribute {
  attribute_id: number;
  values: SandboxAttributeValue[];
}

/** One category assignment; the same category may be assigned twice (no dedup, like the API). */
export interface SandboxCategoryAssignment {
  id: number;
  category_id: number;
}

/** A link from the owning product to `related_id`; duplicates are stored. */
export interface SandboxRelation {
  id: number;
  related_id: number;
  relation_type_id: number;
}

/** A product image: created from `image_url`, shown with `uri`; duplicates are stored, like the API. */
export interface SandboxAsset {
  id: number;
  product_id: number;
  uri: string;
  sort_order: number;
  private: boolean;
  alttext: string | null;
  name: string | null;
  desc: string | null;
  type: string | null;
  thumbnail: boolean;
  created_at: string;
  updated_at: string;
}

export type SandboxBarcodeType = 'EAN' | 'UPC-A' | 'GTIN-13' | 'ITF-14' | 'Custom';

export interface SandboxBarcode {
  id: number;
  product_id: number;
  type: SandboxBarcodeType;
  barcode: string;
  created_at: string;
  updated_at: string;
}

export interface SandboxOptionValueRef {
  option_id: number;
  option_value_id: number;
}

export interface SandboxProduct {
  id: number;
  name: string;
  sku: string;
  parent_id: number | null;
  option_set_id: number | null;
  option_values: SandboxOptionValueRef[];
  enabled: 0 | 1;
  is_visible: 0 | 1;
  desc_short: string | null;
  desc_long: string | null;
  product_url: string | null;
  style_id: string | number | null;
  brand_id: string | number | null;
  page_title: string | null;
  created_at: string;
  updated_at: string;
  prices: SandboxPrice[];
  inventory: SandboxInventory[];
  attributes: SandboxProductAttribute[];
  categories: SandboxCategoryAssignment[];
  relations: SandboxRelation[];
  /** Absent in data files written before images and barcodes existed; the store fills them in. */
  assets: SandboxAsset[];
  barcodes: SandboxBarcode[];
}

/** Entity kinds that get their own id sequence. */
export type IdKind =
  | 'category'
  | 'option'
  | 'optionValue'
  | 'optionSet'
  | 'optionSetOption'
  | 'attribute'
  | 'attributeTypeValue'
  | 'relationType'
  | 'product'
  | 'price'
  | 'inventory'
  | 'attributeValue'
  | 'productCategory'
  | 'relation'
  | 'asset'
  | 'barcode';

export interface SandboxState {
  version: 1;
  /** The last id handed out per kind, so ids are never reused across restarts. */
  lastIds: Record<IdKind, number>;
  categories: SandboxCategory[];
  options: SandboxOption[];
  optionSets: SandboxOptionSet[];
  attributes: SandboxAttribute[];
  relationTypes: SandboxRelationType[];
  products: SandboxProduct[];
}
