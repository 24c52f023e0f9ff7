// A private SQLite database for data a single command works through and then forgets: the
// scan's index of a catalog's rows, the products a push must read or has planned, a platform
// source's index of its export. SQLite keeps
// it in a temporary file it unlinks itself (an empty file name), so memory holds only the page
// cache however large the catalog, and nothing is left behind, not even after kill -9.
import Database from 'better-sqlite3';

/** SQLite's page cache, in KiB: the rest of the data stays in the file (and the OS's cache). */
const PAGE_CACHE_KIB = 8 * 1024;

export function openScratchDatabase(): Database.Database {
  const db = new Database('');
  db.pragma(`cache_size = -${PAGE_CACHE_KIB}`);
  // Scratch data, never reopened: no journal, no syncs.
  db.pragma('journal_mode = OFF');
  db.pragma('synchronous = OFF');
  return db;
}

/** Rows fetched per query when a table is walked in key order. */
const PAGE_ROWS = 1_000;

/**
 * Walks a query of the form `… WHERE key > ? ORDER BY key LIMIT ?` a page at a time: nothing
 * holds a whole table, and, unlike an open cursor, other statements may run between rows.
 */
export function* walkPages<K, R>(page: (after: K, limit: number) => R[], first: K, keyOf: (row: R) => K): Generator<R> {
  let after = first;
  for (;;) {
    const rows = page(after, PAGE_ROWS);
    yield* rows;
    if (rows.length < PAGE_ROWS) return;
    after = keyOf(rows[rows.length - 1]!);
  }
}

/** Text by text key, in a table of a scratch database: a Map for data a catalog has per row. */
export class ScratchMap {
  private count = 0;
  private readonly lookup: Database.Statement<[string], string>;
  private readonly upsert: Database.Statement<[string, string]>;
  private readonly page: Database.Statement<[string, number], string>;
  private readonly empty: Database.Statement<[]>;

  constructor(db: Database.Database, table: string) {
    db.exec(`CREATE TABLE ${table} (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID`);
    this.empty = db.prepare(`DELETE FROM ${table}`);
    this.lookup = db.prepare<[string], string>(`SELECT value FROM ${table} WHERE key = ?`).pluck();
    this.upsert = db.prepare<[string, string]>(`INSERT OR REPLACE INTO ${table} (key, value) VALUES (?, ?)`);
    this.page = db.prepare<[string, number], string>(`SELECT key FROM ${table} WHERE key > ? ORDER BY key LIMIT ?`).pluck();
  }

  get size(): number {
    return this.count;
  }

  has(key: string): boolean {
    return this.lookup.get(key) !== undefined;
  }

  get(key: string): string | undefined {
    return this.lookup.get(key);
  }

  set(key: string, value: string): void {
    if (!this.has(key)) this.count++;
    this.upsert.run(key, value);
  }

  clear(): void {
    this.empty.run();
    this.count = 0;
  }

  /** The keys in order, a page at a time: values may be set while they are walked. */
  *keys(): Generator<string> {
    if (this.has('')) yield '';
    yield* walkPages(
      (after: string, limit) => this.page.all(after, limit),
      '',
      (key) => key,
    );
  }
}
