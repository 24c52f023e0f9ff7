// What a push keeps per product while it works, on disk rather than in memory: the SKUs it must
// read from Jasper (on a first load, every SKU of the catalog), the status of every product
// planned in an earlier batch (variants and links of later batches refer to them), the related
// links waiting for a product further on. One scratch SQLite database per push.
import type Database from 'better-sqlite3';
import type { RemoteProduct } from '../jasper/types.js';
import type { SkuList } from '../plan/keys.js';
import type { SettledStatuses, StoredStatus } from '../plan/plan-builder.js';
import type { TaskId } from '../plan/types.js';
import { openScratchDatabase, ScratchMap } from '../scratch-db.js';
import type { FoundProducts } from './remote-loader.js';

export class ScratchStore {
  private readonly db: Database.Database = openScratchDatabase();
  private tables = 0;

  /** A new, empty set of SKUs. */
  skuSet(): SkuList {
    return new ScratchSkuSet(new ScratchMap(this.db, `skus_${this.tables++}`));
  }

  /** A new, empty map of text by text key. */
  map(): ScratchMap {
    return new ScratchMap(this.db, `map_${this.tables++}`);
  }

  /** A new, empty first-in first-out queue of plain data (kept as JSON). */
  queue<T>(): ScratchQueue<T> {
    return new ScratchQueue<T>(this.db, `queue_${this.tables++}`);
  }

  /** Products read from Jasper, by SKU. */
  remoteProducts(): ScratchProducts {
    return new ScratchProducts(new ScratchMap(this.db, `remote_${this.tables++}`));
  }

  /** Where a PlanBuilder puts the statuses of the products of finished batches. */
  statuses(): SettledStatuses {
    return new ScratchStatuses(this.db);
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}

/** A set of SKUs: the keys of a ScratchMap. */
class ScratchSkuSet implements SkuList {
  constructor(private readonly skus: ScratchMap) {}

  get size(): number {
    return this.skus.size;
  }

  has(sku: string): boolean {
    return this.skus.has(sku);
  }

  add(sku: string): this {
    this.skus.set(sku, '');
    return this;
  }

  clear(): void {
    this.skus.clear();
  }

  [Symbol.iterator](): Iterator<string> {
    return this.skus.keys();
  }
}

export class ScratchQueue<T> {
  private count = 0;
  private readonly insert: Database.Statement<[string]>;
  private readonly head: Database.Statement<[number], [number, string]>;
  private readonly remove: Database.Statement<[number]>;

  constructor(db: Database.Database, table: string) {
    db.exec(`CREATE TABLE ${table} (seq INTEGER PRIMARY KEY, item TEXT NOT NULL)`);
    this.insert = db.prepare(`INSERT INTO ${table} (item) VALUES (?)`);
    this.head = db.prepare<[number], [number, string]>(`SELECT seq, item FROM ${table} ORDER BY seq LIMIT ?`).raw(true);
    this.remove = db.prepare(`DELETE FROM ${table} WHERE seq <= ?`);
  }

  get size(): number {
    return this.count;
  }

  push(item: T): void {
    this.insert.run(JSON.stringify(item));
    this.count++;
  }

  /** Removes and returns the first `limit` items (fewer when the queue is shorter). */
  take(limit: number): T[] {
    const rows = this.head.all(limit);
    if (rows.length === 0) return [];
    this.remove.run(rows[rows.length - 1]![0]);
    this.count -= rows.length;
    return rows.map(([, item]) => JSON.parse(item) as T);
  }
}

/** Products parsed again on each lookup but the most recent, which the planner asks for several times in a row. */
const RECENT_PRODUCTS = 5_000;

/** Products read from Jasper, as JSON in a ScratchMap keyed by SKU. */
export class ScratchProducts implements FoundProducts {
  private recent = new Map<string, RemoteProduct>();

  constructor(private readonly products: ScratchMap) {}

  has(sku: string): boolean {
    return this.recent.has(sku) || this.products.has(sku);
  }

  get(sku: string): RemoteProduct | undefined {
    const known = this.recent.get(sku);
    if (known !== undefined) return known;
    const text = this.products.get(sku);
    if (text === undefined) return undefined;
    const product = JSON.parse(text) as RemoteProduct;
    if (this.recent.size >= RECENT_PRODUCTS) this.recent = new Map();
    this.recent.set(sku, product);
    return product;
  }

  set(sku: string, product: RemoteProduct): void {
    this.products.set(sku, JSON.stringify(product));
    this.recent.delete(sku);
  }

  /** The SKUs, in order, a page at a time: products may be set while they are walked. */
  keys(): Iterable<string> {
    return this.products.keys();
  }
}

/** A status as stored: 0 a known id, 1 a pending task (the key is the task's id), 2 blocked with a reason. */
type Row = [number, number | null, string | null];

class ScratchStatuses implements SettledStatuses {
  private readonly lookup: Database.Statement<[string], Row>;
  private readonly upsertAll: (entries: Iterable<[TaskId, StoredStatus]>) => void;

  constructor(db: Database.Database) {
    db.exec('CREATE TABLE IF NOT EXISTS status (task TEXT PRIMARY KEY, state INTEGER NOT NULL, id INTEGER, reason TEXT) WITHOUT ROWID');
    this.lookup = db.prepare<[string], Row>('SELECT state, id, reason FROM status WHERE task = ?').raw(true);
    const upsert = db.prepare<[string, number, number | null, string | null]>('INSERT OR REPLACE INTO status (task, state, id, reason) VALUES (?, ?, ?, ?)');
    this.upsertAll = db.transaction((entries: Iterable<[TaskId, StoredStatus]>) => {
      for (const [task, status] of entries) {
        if (typeof status === 'number') upsert.run(task, 0, status, null);
        else if (typeof status === 'string') upsert.run(task, 1, null, null);
        else upsert.run(task, 2, null, status.reason);
      }
    });
  }

  get(task: TaskId): StoredStatus | undefined {
    const row = this.lookup.get(task);
    if (row === undefined) return undefined;
    const [state, id, reason] = row;
    return state === 0 ? id! : state === 1 ? task : { reason: reason ?? '' };
  }

  setAll(entries: Iterable<[TaskId, StoredStatus]>): void {
    this.upsertAll(entries);
  }
}
