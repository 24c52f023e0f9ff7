// Plans a push batch by batch, so a catalog larger than memory never has more than a batch of
// tasks at once. Some work cannot be planned in the batch its row is read in, and is carried:
// a variant whose parent comes later, in another batch, waits for a second read of the input;
// a related link to a product further on waits until that product is planned; the inventory
// rows of a products push wait until every product is. The first batch also holds the shared
// entities, so a catalog that fits in one batch is one dependency graph: the whole-catalog plan
// is the one-batch case. Pure apart from the reads it is handed; the sink runs each batch.
import type { ValidEntry } from '../catalog/index.js';
import type { CatalogKind, CategoryInput, InventoryRowInput } from '../catalog/types.js';
import type { DesiredBuilder, DesiredProduct, DesiredState } from './desired.js';
import type { DiffOptions } from './diff.js';
import { categoryRow, type InputRow, inventoryRow, locationKey, productRow } from './input-rows.js';
import { DISABLED_HASH, type SkuSet } from './keys.js';
import { PlanBuilder, type SettledStatuses } from './plan-builder.js';
import { type DeferredLink, ProductPlanner } from './product-writes.js';
import type { CacheView, RemoteSnapshot } from './remote.js';
import { SharedEntityPlanner } from './shared-entities.js';
import { type Outcome, type Plan, type TaskId, taskId } from './types.js';

/**
 * Products planned and run per batch: bounds the memory of a large push (SPEC §3: larger than
 * memory). Two batches are in memory at once (the next is planned while the last one's writes
 * run): at 2,500 a 20,000-row first load peaked at 259 MB, at 1,250 at 220 MB, in the same time.
 */
export const BATCH_PRODUCTS = 1_250;
/** Inventory rows and late related links per batch, per product of a batch: each is one write. */
const WRITES_PER_PRODUCT = 4;

/** A batch's plan, the input rows it serves, and the way to tell the planner what its execution did. */
export interface PlannedBatch {
  plan: Plan;
  /** The rows first served by this batch (a late link's row was served by an earlier one). */
  rows: InputRow[];
  /** Whether batches follow. */
  more: boolean;
  /** Once the batch ran: its products and shared entities become known ids or blocks for later batches. */
  settle(results: ReadonlyMap<TaskId, { outcome: Outcome; remoteId?: number; error?: string }>): void;
}

/** Runs the batches. The planner plans the next batch once `submit` resolves. */
export interface BatchSink {
  submit(batch: PlannedBatch): Promise<void>;
}

/** The work carried across batches: on disk in a push, as there may be much of it. */
export interface CarriedWork {
  /** Related links to products further on. */
  lateLinks: { push(link: DeferredLink): void; take(count: number): DeferredLink[]; readonly size: number };
  /** The rows (locationKey) of variants whose parent comes later, in another batch. */
  waitingVariants: { add(key: string): unknown; has(key: string): boolean; readonly size: number };
}

export interface BatchPlannerOptions {
  diff: DiffOptions;
  /** Answers what is unchanged: the change cache, or nothing for --full and --reconcile. */
  cache: CacheView;
  /** The change cache whatever the mode: what this tool wrote before (--prune, created-by-us marks, a feed's disables). */
  history: CacheView;
  /** What Jasper should hold of the shared entities, once every row went through `builder`. */
  desired: DesiredState;
  remote: RemoteSnapshot;
  builder: DesiredBuilder;
  /** SKUs of every valid product row of the push, planned yet or not. */
  inputSkus: SkuSet;
  /** The category rows: the first batch serves them. */
  categories: CategoryInput[];
  batchProducts?: number;
  /** Where the products of earlier batches keep their status (in memory when undefined). */
  settled?: SettledStatuses;
  carried?: CarriedWork;
  /** Writes that depend on nothing, planned into the first batch after the shared entities (a feed's disables). */
  firstBatch?: (plan: PlanBuilder) => void;
}

/** Reads the valid product and inventory rows again, in input order. */
export type ReadEntries = () => AsyncIterable<ValidEntry[]>;

export class BatchPlanner {
  private readonly plan: PlanBuilder;
  private readonly planner: ProductPlanner;
  private readonly carried: CarriedWork;
  private readonly kind: CatalogKind;
  private readonly batchProducts: number;
  private readonly batchWrites: number;
  private rows: InputRow[];
  private products: DesiredProduct[] = [];
  private inventory: InventoryRowInput[] = [];
  /** Inventory rows of a products push (a JSON catalog's section): planned once every product is. */
  private readonly heldInventory: InventoryRowInput[] = [];

  constructor(private readonly options: BatchPlannerOptions) {
    const { diff, remote, history } = options;
    this.plan = new PlanBuilder(options.cache, history, options.settled);
    new SharedEntityPlanner(this.plan, options.desired, remote, diff).run();
    options.firstBatch?.(this.plan);
    const wasDisabled = (sku: string) => history.get(taskId('product', sku))?.hash === DISABLED_HASH;
    this.planner = new ProductPlanner(this.plan, remote, diff, options.inputSkus, wasDisabled, options.desired.optionSets);
    this.carried = options.carried ?? { lateLinks: memoryQueue(), waitingVariants: new Set<string>() };
    this.kind = diff.kind;
    this.batchProducts = options.batchProducts ?? BATCH_PRODUCTS;
    this.batchWrites = this.batchProducts * WRITES_PER_PRODUCT;
    this.rows = options.categories.map(categoryRow);
  }

  /** Plans every row `read` gives, handing each batch to `sink` as it is planned. */
  async run(read: ReadEntries, sink: BatchSink): Promise<void> {
    for await (const entries of read()) await this.take(entries, sink);
    const { waitingVariants, lateLinks } = this.carried;
    if (waitingVariants.size > 0) {
      await this.flush(sink, false);
      // Every parent is planned now (no variant waits again): a second read gives the variants that waited.
      for await (const entries of read()) await this.take(entries, sink, waitingVariants);
    }
    do await this.flush(sink, true);
    while (lateLinks.size > 0);
  }

  private async take(entries: ValidEntry[], sink: BatchSink, only?: CarriedWork['waitingVariants']): Promise<void> {
    for (const entry of entries) {
      if (only && !only.has(locationKey(entry.value.loc))) continue;
      if (entry.section === 'products') this.products.push(this.options.builder.product(entry.value));
      else if (this.kind === 'inventory') this.inventory.push(entry.value);
      else if (!only) this.heldInventory.push(entry.value);
      if (this.products.length >= this.batchProducts || this.inventory.length >= this.batchWrites) await this.flush(sink, false);
    }
  }

  /** Plans the pending rows as one batch and hands it over; the final batches also take the late links and held inventory. */
  private async flush(sink: BatchSink, final: boolean): Promise<void> {
    const { inputSkus } = this.options;
    const { lateLinks, waitingVariants } = this.carried;
    const inBatch = new Set(this.products.map((product) => product.sku));
    const ready: DesiredProduct[] = [];
    for (const product of this.products) {
      const parent = product.parentSku;
      const waits = parent !== undefined && inputSkus.has(parent) && !inBatch.has(parent) && !this.plan.has('product', parent);
      if (waits) waitingVariants.add(locationKey(product.loc));
      else ready.push(product);
    }
    for (const link of this.planner.products(ready)) lateLinks.push(link);
    if (final) {
      this.planner.relatedLinks(lateLinks.take(this.batchWrites));
      if (lateLinks.size === 0) this.inventory = this.inventory.concat(this.heldInventory.splice(0));
    }
    this.planner.inventoryRows(this.inventory);
    const rows = this.rows.concat(ready.map(productRow), this.inventory.map(inventoryRow));
    this.rows = [];
    this.products = [];
    this.inventory = [];
    const plan = this.plan.seal();
    await sink.submit({ plan, rows, more: !final || lateLinks.size > 0, settle: (results) => this.plan.settle(plan, results) });
  }
}

function memoryQueue<T>(): { push(item: T): void; take(count: number): T[]; readonly size: number } {
  const items: T[] = [];
  return {
    push: (item) => items.push(item),
    take: (count) => items.splice(0, count),
    get size() {
      return items.length;
    },
  };
}
