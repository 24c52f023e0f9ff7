// Records what each write changes (SPEC §13) around the call that makes it: reads the state
// before the first write to a product or category (what the push read already, else one GET,
// kept in the run's change log, so a resumed run still knows the state before the run), performs the write, then
// records its fields, ids and the change cache's entries before it. A dry run describes the
// writes its plan holds the same way, with Jasper's current values as "before".
import type { JasperClient } from '../jasper/client.js';
import type { RemoteCategory, RemoteProduct } from '../jasper/types.js';
import type { CacheView, RemoteSnapshot } from '../plan/remote.js';
import { type Plan, type Ref, type Task, taskId } from '../plan/types.js';
import { type BeforeState, describeChange, type MaybeResolve, productOf, productToRead } from './change-fields.js';
import { type CachedBefore, ChangeCsvStream, type ChangeLog } from './change-log.js';
import type { PerformResult } from './perform.js';

/** Reads of a dry run's batch in flight at once (the call queue still bounds the calls). */
const DRY_RUN_READS_IN_FLIGHT = 32;

export class ChangeRecorder {
  /** A dry run's changes.csv, written batch by batch. */
  private stream: ChangeCsvStream | undefined;
  /** Reads in flight, so two writes to one product share its one read. */
  private readonly reading = new Map<string, Promise<unknown>>();

  constructor(
    readonly log: ChangeLog,
    private readonly client: JasperClient,
    private readonly cache: CacheView | undefined,
    /** What the run read before planning (products, categories): their state before needs no second read. */
    private readonly read?: Pick<RemoteSnapshot, 'products' | 'categories'>,
  ) {}

  /** Performs one task of a real run, recording what it changed. */
  async around(task: Task, resolve: (ref: Ref) => number, perform: () => Promise<PerformResult>): Promise<PerformResult> {
    const before = await this.before(task, resolve);
    const cache = this.cacheBefore(task);
    const record = { task: task.id, entity: task.entity, key: task.key, cache };
    if (task.action === 'create') this.log.record({ ...record, ...describeChange(task, 'created', undefined, before, resolve) });
    const result = await perform();
    this.log.record({ ...record, ...describeChange(task, result.outcome, result.remoteId, before, resolve) });
    return result;
  }

  /** A dry run: the writes of a batch as they would be, against what Jasper holds now. */
  async planned(plan: Plan): Promise<void> {
    const resolve: MaybeResolve = (ref) => plan.known[taskId(ref.entity, ref.key)];
    for (let start = 0; start < plan.tasks.length; start += DRY_RUN_READS_IN_FLIGHT) {
      const tasks = plan.tasks.slice(start, start + DRY_RUN_READS_IN_FLIGHT);
      const befores = await Promise.all(tasks.map((task) => this.before(task, resolve)));
      this.stream ??= new ChangeCsvStream(this.log.folder);
      this.stream.append(
        tasks.map((task, index) => {
          const outcome = task.action === 'create' ? 'created' : task.action === 'update' ? 'updated' : 'deleted';
          return { task: task.id, entity: task.entity, key: task.key, cache: [], ...describeChange(task, outcome, undefined, befores[index]!, resolve) };
        }),
      );
    }
  }

  /** changes.csv: a real run's from its records, a dry run's is written already. */
  finish(): void {
    if (!this.stream) this.log.writeCsv();
  }

  close(): void {
    this.stream?.close();
    this.stream = undefined;
    this.log.close();
  }

  private async before(task: Task, resolve: MaybeResolve): Promise<BeforeState> {
    if (task.payload.entity === 'category' && task.action === 'update' && task.payload.id !== undefined) {
      const id = task.payload.id;
      const listed = this.read?.categories?.find((category) => category.id === id);
      return { category: await this.snapshot<RemoteCategory>(`category:${id}`, () => (listed ? Promise.resolve(listed) : this.client.getCategory(id))) };
    }
    const productId = this.safely(() => productToRead(task, resolve));
    const sku = productOf(task);
    // Nothing to read for a product this run created: it held nothing before.
    if (productId === undefined || (sku !== undefined && this.log.get(taskId('product', sku))?.action === 'created')) return {};
    const known = sku === undefined ? undefined : this.read?.products.get(sku);
    const complete = known && [known.prices, known.inventory, known.product_attributes, known.assets].every(Array.isArray);
    if (known?.id === productId && complete) {
      return { product: await this.snapshot<RemoteProduct>(`product:${productId}`, () => Promise.resolve(known)) };
    }
    return { product: await this.snapshot<RemoteProduct>(`product:${productId}`, () => this.client.getProduct(productId)) };
  }

  /** A dry run cannot resolve what its plan creates: nothing to read then. */
  private safely(read: () => number | undefined): number | undefined {
    try {
      return read();
    } catch {
      return undefined;
    }
  }

  private async snapshot<T>(key: string, read: () => Promise<T>): Promise<T> {
    const kept = this.log.snapshot(key);
    if (kept !== undefined) return kept as T;
    let pending = this.reading.get(key) as Promise<T> | undefined;
    if (!pending) {
      pending = read().then((value) => {
        this.log.saveSnapshot(key, value);
        return value;
      });
      this.reading.set(key, pending);
      void pending.finally(() => this.reading.delete(key)).catch(() => undefined);
    }
    return pending;
  }

  private cacheBefore(task: Task): CachedBefore[] {
    const ids = [task.id, ...(task.alsoCompletes ?? []).map((covered) => taskId(covered.entity, covered.key))];
    return ids.map((id) => {
      const entry = this.cache?.get(id);
      return [id, entry?.id ?? null, entry?.hash ?? null];
    });
  }
}
