// What the planner knows of Jasper and of the change cache. Plain data, filled by the run layer.
import type { RemoteAttribute, RemoteCategory, RemoteOption, RemoteOptionSet, RemoteOptionValue, RemoteProduct, RemoteRelationType } from '../jasper/types.js';
import type { TaskId } from './types.js';

export interface RemoteSnapshot {
  /** Each list is undefined when it was not read (everything it would answer is in the cache). */
  categories?: RemoteCategory[];
  options?: (RemoteOption & { values?: RemoteOptionValue[] })[];
  optionSets?: (RemoteOptionSet & { optionIds?: number[] })[];
  attributes?: RemoteAttribute[];
  relationTypes?: RemoteRelationType[];
  /** Products read from Jasper, by SKU, with their prices, inventory, attributes, categories and relations. */
  products: RemoteProducts;
  /** SKUs looked up that Jasper does not have (a lookup, not a copy: on a first load it is every SKU). */
  missingSkus: { has(sku: string): boolean };
}

/** Products read from Jasper by SKU: a Map, or a store on disk when a whole catalog is read (run/scratch-store.ts). */
export interface RemoteProducts {
  get(sku: string): RemoteProduct | undefined;
}

export interface CacheEntry {
  id?: number;
  hash?: string;
}

/** The change cache as the planner sees it: what was last confirmed written, by task id. */
export interface CacheView {
  get(id: TaskId): CacheEntry | undefined;
  /** Every cached entry whose task id starts with `prefix` (e.g. `relatedLink:SKU|`). */
  entriesUnder(prefix: TaskId): Iterable<[TaskId, CacheEntry]>;
}

export const EMPTY_CACHE: CacheView = { get: () => undefined, entriesUnder: () => [] };
