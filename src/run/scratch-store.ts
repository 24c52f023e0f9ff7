// What a push keeps per product while it works, on disk rather than in memory: the SKUs it must
// read from Jasper (on a first load, every SKU of the catalog), the status of every product
// planned in an earlier batch (variants and links of later batches refer to them), the related
// links waiting for a product further on. One scratch SQLite database per push.
import type Database from 'better-sqlite3';
import type { RemoteProduct } from '../jasper/types.js';
import type { SkuList } from '../plan/keys.js';
import type { SettledStatuses, StoredStatus } from '../plan/plan-builder.js';
import type { TaskId } from '../plan/types.js';
import { openScratchDatabase, walkPages } from '../scratch-db.js';
import type { FoundProducts } from './remote-loader.js';

export class ScratchStore {
  private readonly db: Database.Database = openScratchDatabase();
  private tables = 0;

  /** A new, empty set of SKUs. */
  skuSet(): SkuList {
    return new ScratchSkuSet(this.db, `skus_${this.tables++}`);
  }

  /** A new, empty first-in first-out queue of plain data (kept as JSON). */
  queue<T>(): ScratchQueue<T> {
    return new ScratchQueue<T>(this.db, `queue_${this.tables++}`);
  }

  /** Products read from Jasper, by SKU. */
  remoteProducts(): ScratchProducts {
    return new ScratchProducts(this.db, `remote_${this.tables++}`);
  }

  /** Where a PlanBuilder puts the statuses of the products of finished batches. */
  statuses(): SettledStatuses {
    return new ScratchStatuses(this.db);
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}

class ScratchSkuSet implements SkuList {
  private count = 0;
  private readonly insert: Database.Statement<[string]>;
  private readonly lookup: Database.Statement<[string], unknown>;
  private readonly page: Database.Statement<[string, number], string>;
  private readonly empty: Database.Statement<[]>;

  constructor(db: Database.Database, table: string) {
    db.exec(`CREATE TABLE ${table} (sku TEXT PRIMARY KEY) WITHOUT ROWID`);
    this.insert = db.prepare(`INSERT OR IGNORE INTO ${table} (sku) VALUES (?)`);
    this.lookup = db.prepare<[string], unknown>(`SELECT 1 FROM ${table} WHERE sku = ?`).pluck();
    this.page = db.prepare<[string, number], string>(`SELECT sku FROM ${table} WHERE sku > ? ORDER BY sku LIMIT ?`).pluck();
    this.empty = db.prepare(`DELETE FROM ${table}`);
  }

  get size(): number {
    return this.count;
  }

  has(sku: string): boolean {
    return this.lookup.get(sku) !== undefined;
  }

  add(sku: string): this {
    this.count += this.insert.run(sku).changes;
    return this;
  }

  clear(): void {
    this.empty.run();
    this.count = 0;
  }

  /** In SKU order, a page at a time: other lookups may run while it is walked. */
  [Symbol.iterator](): Iterator<string> {
    // Every SKU sorts after the empty string but the empty one, which no product has.
    return walkPages(
      (after: string, limit) => this.page.all(after, limit),
      '',
      (sku) => sku,
    );
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

export class ScratchProducts implements FoundProducts {
  private count = 0;
  private recent = new Map<string, RemoteProduct>();
  private readonly upsert: Database.Statement<[string, string]>;
  private readonly lookup: Database.Statement<[string], string>;
  private readonly page: Database.Statement<[string, number], string>;

  constructor(db: Database.Database, table: string) {
    db.exec(`CREATE TABLE ${table} (sku TEXT PRIMARY KEY, product TEXT NOT NULL) WITHOUT ROWID`);
    this.upsert = db.prepare(`INSERT OR REPLACE INTO ${table} (sku, product) VALUES (?, ?)`);
    this.lookup = db.prepare<[string], string>(`SELECT product FROM ${table} WHERE sku = ?`).pluck();
    this.page = db.prepare<[string, number], string>(`SELECT sku FROM ${table} WHERE sku > ? ORDER BY sku LIMIT ?`).pluck();
  }

  get size(): number {
    return this.count;
  }

  has(sku: string): boolean {
    return this.recent.has(sku) || this.lookup.get(sku) !== undefined;
  }

  get(sku: string): RemoteProduct | undefined {
    const known = this.recent.get(sku);
    if (known !== undefined) return known;
    const text = this.lookup.get(sku);
    if (text === undefined) return undefined;
    const product = JSON.parse(text) as RemoteProduct;
    if (this.recent.size >= RECENT_PRODUCTS) this.recent = new Map();
    this.recent.set(sku, product);
    return product;
  }

  set(sku: string, product: RemoteProduct): void {
    if (!this.has(sku)) this.count++;
    this.upsert.run(sku, JSON.stringify(product));
    this.recent.delete(sku);
  }

  /** The SKUs, in order, a page at a time: products may be set while they are walked. */
  keys(): Iterable<string> {
    return walkPages(
      (after: string, limit) => this.page.all(after, limit),
      '',
      (sku) => sku,
    );
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
