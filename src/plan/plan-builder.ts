// The plan under construction: every entity's status (known id, pending task, or blocked with a
// reason), and the bookkeeping that turns references into task dependencies.
import type { SourceLocation } from '../catalog/types.js';
import type { CacheEntry, CacheView } from './remote.js';
import { ENTITY_LABELS, type EntityKind, type Outcome, type Plan, type Ref, type Task, type TaskId, type TaskPayload, taskId } from './types.js';

export type Status = { state: 'known'; id: number } | { state: 'task'; taskId: TaskId } | { state: 'blocked'; reason: string };

/**
 * A Status as the builder stores it: a known id as the number, a pending task as its id string
 * (the task's own, shared with the task), a block as an object. Products keep their status for
 * the whole push (later batches refer to them): a streamed push moves them to SettledStatuses.
 */
export type StoredStatus = number | TaskId | { reason: string };

/**
 * Where a streamed push keeps the statuses of the products of finished batches (on disk, so a
 * catalog's worth of them is not held in memory). Without one they stay in the builder's map.
 */
export interface SettledStatuses {
  get(id: TaskId): StoredStatus | undefined;
  setAll(entries: Iterable<[TaskId, StoredStatus]>): void;
}

const PRODUCT_TASK = taskId('product', '');

function decode(stored: StoredStatus | undefined): Status | undefined {
  if (stored === undefined) return undefined;
  if (typeof stored === 'number') return { state: 'known', id: stored };
  if (typeof stored === 'string') return { state: 'task', taskId: stored };
  return { state: 'blocked', reason: stored.reason };
}

/** Written per product: nothing else refers to them, so a streamed push forgets them after each batch. */
const PER_PRODUCT: ReadonlySet<EntityKind> = new Set([
  'price',
  'attributeValues',
  'inventory',
  'categoryAssignment',
  'asset',
  'barcode',
  'variantLink',
  'relatedLink',
]);

const emptyPlan = (): Plan => ({ tasks: [], outcomes: [], known: {}, notes: [] });

export class PlanBuilder {
  /** The plan of the current batch (the whole catalog unless the push is streamed). */
  result: Plan = emptyPlan();
  private readonly status = new Map<TaskId, StoredStatus>();

  /**
   * `cache` answers what is unchanged (empty for --full and --reconcile); `history` is the change
   * cache whatever the mode: what this tool wrote before, which --prune and the created-by-us
   * marks of links, images and barcodes rely on.
   */
  constructor(
    private readonly cache: CacheView,
    private readonly history: CacheView = cache,
    private readonly settled?: SettledStatuses,
  ) {}

  /** An entity's status: this batch's and the shared entities' in memory, earlier batches' products in `settled`. */
  private stored(id: TaskId): StoredStatus | undefined {
    const status = this.status.get(id);
    if (status !== undefined || this.settled === undefined || !id.startsWith(PRODUCT_TASK)) return status;
    return this.settled.get(id);
  }

  cached(entity: EntityKind, key: string): CacheEntry | undefined {
    return this.cache.get(taskId(entity, key));
  }

  /** What the change cache holds, even when this run does not use it to skip writes. */
  written(entity: EntityKind, key: string): CacheEntry | undefined {
    return this.history.get(taskId(entity, key));
  }

  /** Every change-cache entry of `entity` whose key starts with `keyPrefix`. */
  writtenUnder(entity: EntityKind, keyPrefix: string): Iterable<[TaskId, CacheEntry]> {
    return this.history.entriesUnder(taskId(entity, keyPrefix));
  }

  has(entity: EntityKind, key: string): boolean {
    return this.stored(taskId(entity, key)) !== undefined;
  }

  statusOf(entity: EntityKind, key: string): Status | undefined {
    return decode(this.stored(taskId(entity, key)));
  }

  /** Jasper's id of an entity that exists there, or undefined (missing, or created by a pending task). */
  idOf(entity: EntityKind, key: string): number | undefined {
    const status = this.stored(taskId(entity, key));
    return typeof status === 'number' ? status : undefined;
  }

  /** Any id known for the entity, an updated one included. */
  knownId(entity: EntityKind, key: string): number | undefined {
    return this.result.known[taskId(entity, key)];
  }

  note(text: string): void {
    this.result.notes.push(text);
  }

  /** Jasper already has it as wanted: no write. `report` false registers the id without a row outcome. */
  known(entity: EntityKind, key: string, remoteId: number, rows: SourceLocation[] = [], hash?: string, report = true): void {
    const id = taskId(entity, key);
    this.status.set(id, remoteId);
    this.result.known[id] = remoteId;
    if (report) this.result.outcomes.push({ id, entity, key, outcome: 'unchanged', rows, remoteId, ...(hash ? { hash } : {}) });
  }

  blocked(entity: EntityKind, key: string, rows: SourceLocation[], reason: string, outcome: 'failed' | 'skipped'): void {
    const id = taskId(entity, key);
    this.status.set(id, { reason });
    this.result.outcomes.push({ id, entity, key, outcome, rows, reason });
  }

  /** An entity that exists in Jasper and is being updated: later tasks use its id without waiting. */
  existing(entity: EntityKind, key: string, id: number): void {
    this.status.set(taskId(entity, key), id);
    this.result.known[taskId(entity, key)] = id;
  }

  /** A write, depending on the pending tasks among `refs`; skipped when a reference is blocked. */
  task(
    entity: EntityKind,
    key: string,
    action: Task['action'],
    payload: TaskPayload,
    refs: (Ref | null | undefined)[],
    rows: SourceLocation[],
    hash: string,
    extra: Partial<Task> = {},
  ): void {
    const dependencies = this.dependencies(refs);
    if ('blockedBy' in dependencies) {
      this.blocked(entity, key, rows, dependencies.blockedBy, 'skipped');
      return;
    }
    const id = taskId(entity, key);
    this.status.set(id, id);
    this.result.tasks.push({ id, entity, key, action, payload, deps: dependencies.deps, rows, hash, ...extra });
  }

  /**
   * Ends the current batch and starts the next. Per-product entities are forgotten; products keep
   * their status, still pending until `settle` says what became of them (variants and links of
   * later batches refer to them). With a SettledStatuses store they move there.
   */
  seal(): Plan {
    const finished = this.result;
    for (const task of finished.tasks) if (PER_PRODUCT.has(task.entity)) this.status.delete(task.id);
    for (const outcome of finished.outcomes) if (PER_PRODUCT.has(outcome.entity)) this.status.delete(outcome.id);
    if (this.settled) {
      const products = [...this.status].filter(([id]) => id.startsWith(PRODUCT_TASK));
      this.settled.setAll(products);
      for (const [id] of products) this.status.delete(id);
    }
    this.result = emptyPlan();
    return finished;
  }

  /**
   * What a sealed batch's execution confirmed: its products and shared entities become known ids,
   * or blocks with the reason, for the batches planned from now on. A dry run, or a batch a stop
   * cut short, is not settled: its entities stay pending.
   */
  settle(batch: Plan, results: ReadonlyMap<TaskId, { outcome: Outcome; remoteId?: number; error?: string }>): void {
    const products: [TaskId, StoredStatus][] = [];
    for (const task of batch.tasks) {
      if (PER_PRODUCT.has(task.entity)) continue;
      const result = results.get(task.id);
      let status: StoredStatus;
      if (result && (result.outcome === 'created' || result.outcome === 'updated') && result.remoteId !== undefined) status = result.remoteId;
      else if (result) status = { reason: `${result.outcome === 'skipped' ? 'skipped' : 'failed'}: ${result.error ?? result.outcome}` };
      else status = { reason: 'not attempted: the run stopped first' };
      if (this.settled && task.id.startsWith(PRODUCT_TASK)) products.push([task.id, status]);
      else this.status.set(task.id, status);
    }
    if (products.length > 0) this.settled!.setAll(products);
  }

  private dependencies(refs: (Ref | null | undefined)[]): { deps: TaskId[] } | { blockedBy: string } {
    const deps: TaskId[] = [];
    for (const ref of refs) {
      if (!ref) continue;
      const id = taskId(ref.entity, ref.key);
      const status = decode(this.stored(id));
      if (!status) return { blockedBy: `${ENTITY_LABELS[ref.entity]} "${ref.key}" is not known` };
      if (status.state === 'blocked') return { blockedBy: `depends on ${ENTITY_LABELS[ref.entity]} "${ref.key}": ${status.reason}` };
      // A batch's executor resolves references from its plan's ids, which may come from earlier batches.
      if (status.state === 'known') this.result.known[id] ??= status.id;
      // The task's own id string, not the copy built for the lookup: 600k tasks share them.
      if (status.state === 'task' && !deps.includes(status.taskId)) deps.push(status.taskId);
    }
    // An exact-size copy: pushed arrays keep spare capacity, and there is one per task.
    return { deps: deps.slice() };
  }
}
