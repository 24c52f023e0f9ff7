// The change cache: per tenant, what was last confirmed written (Jasper id + content hash) by
// task id, and which products each feed pushed (SPEC §12). Kept beside the profiles, outside any
// working tree; filled only from confirmed outcomes (the journal), so a crash never marks
// unwritten data as done.
//
// A 100,000-product catalog has about 800,000 entries: they live in an SQLite file (one per
// tenant), looked up one at a time, so memory does not grow with the catalog, and each batch's
// confirmed writes are one transaction instead of a rewrite of the whole file.
import fs from 'node:fs';
import path from 'node:path';
import type Database from 'better-sqlite3';
import { tenantId } from '../files/tenant-id.js';
import type { CacheEntry, CacheView } from '../plan/remote.js';
import { DISABLED_HASH } from '../plan/keys.js';
import type { TaskId } from '../plan/types.js';
import { CacheDb } from './cache-db.js';
import { FeedBook } from './feed-book.js';
import { type JournalEntry, isDone } from './journal.js';
import { readLegacyCache } from './legacy-cache-file.js';

/** Rows fetched per query by `entriesUnder`, so a wide prefix is never held whole. */
const PAGE_ROWS = 1_000;
const PRODUCT_PREFIX = 'product:';

export type ConfirmedEntry = Pick<JournalEntry, 'task' | 'outcome' | 'remoteId' | 'hash'>;

interface Row {
  task: TaskId;
  id: number | null;
  hash: string | null;
}

export class ChangeCache implements CacheView {
  /** Which products each feed pushed, in the same database. */
  readonly feeds: FeedBook;
  private readonly lookup: Database.Statement<[TaskId], [number | null, string | null]>;
  private readonly upsert: Database.Statement<[TaskId, number | null, string | null]>;
  private readonly remove: Database.Statement<[TaskId]>;
  private readonly page: Database.Statement<[TaskId, TaskId], Row>;
  private readonly applyAll: (entries: Iterable<ConfirmedEntry>, feed: string | undefined) => void;

  private constructor(
    readonly file: string,
    readonly apiUrl: string,
    private readonly connection: CacheDb,
  ) {
    const { db } = connection;
    // Rows as arrays: the planner looks up every entity of the catalog, twice.
    this.lookup = db.prepare<[TaskId], [number | null, string | null]>('SELECT id, hash FROM entries WHERE task = ?').raw(true);
    // An unknown id keeps the one already cached; an unchanged entry is not written at all.
    this.upsert = db.prepare(`
      INSERT INTO entries (task, id, hash) VALUES (?, ?, ?)
      ON CONFLICT (task) DO UPDATE SET id = coalesce(excluded.id, entries.id), hash = excluded.hash
      WHERE entries.id IS NOT coalesce(excluded.id, entries.id) OR entries.hash IS NOT excluded.hash`);
    this.remove = db.prepare('DELETE FROM entries WHERE task = ?');
    // Text compares as UTF-8 bytes, so a prefix's entries are one range of the primary key.
    this.page = db.prepare(`SELECT task, id, hash FROM entries WHERE task > ? AND task >= ? ORDER BY task LIMIT ${PAGE_ROWS}`);
    this.feeds = new FeedBook(connection);
    this.applyAll = db.transaction((entries: Iterable<ConfirmedEntry>, feed: string | undefined) => {
      for (const entry of entries) {
        // --prune deleted it from Jasper: nothing of it is cached any more.
        if (entry.outcome === 'deleted') {
          this.remove.run(entry.task);
          continue;
        }
        if (!isDone(entry.outcome)) continue;
        this.upsert.run(entry.task, entry.remoteId ?? null, entry.hash ?? null);
        // A product this feed wrote or found as wanted is this feed's; a disable does not make it so.
        if (feed !== undefined && entry.task.startsWith(PRODUCT_PREFIX) && entry.hash !== DISABLED_HASH) {
          this.feeds.record(feed, entry.task.slice(PRODUCT_PREFIX.length));
        }
      }
    });
  }

  /** Opens (or creates) the tenant's cache, migrating a cache file of an earlier version. */
  static load(directory: string, apiUrl: string): ChangeCache {
    const folder = path.join(directory, 'cache');
    fs.mkdirSync(folder, { recursive: true, mode: 0o700 });
    const file = path.join(folder, `${tenantId(apiUrl)}.sqlite`);
    let connection: CacheDb;
    try {
      connection = CacheDb.open(file, apiUrl);
    } catch {
      // A damaged cache only costs a full read of Jasper: set it aside and start empty.
      for (const suffix of ['', '-wal', '-shm']) fs.rmSync(file + suffix, { force: true });
      connection = CacheDb.open(file, apiUrl);
    }
    const cache = new ChangeCache(file, apiUrl, connection);
    cache.migrate(path.join(folder, `${tenantId(apiUrl)}.json`));
    return cache;
  }

  get size(): number {
    return (this.connection.db.prepare('SELECT count(*) AS n FROM entries').get() as { n: number }).n;
  }

  get(task: TaskId): CacheEntry | undefined {
    this.connection.readThisTurn();
    const row = this.lookup.get(task);
    return row === undefined ? undefined : { id: row[0] ?? undefined, hash: row[1] ?? undefined };
  }

  *entriesUnder(prefix: TaskId): Iterable<[TaskId, CacheEntry]> {
    let after = '';
    for (;;) {
      // Fetched page by page: the caller may look entries up (or apply) between two of them.
      const rows = this.page.all(after, prefix);
      for (const row of rows) {
        if (!row.task.startsWith(prefix)) return;
        yield [row.task, entryOf(row)];
      }
      if (rows.length < PAGE_ROWS) return;
      after = rows[rows.length - 1]!.task;
    }
  }

  /**
   * Records confirmed outcomes (one transaction); ids of 0 (presence-only entities) are kept as 0;
   * a deletion removes the entry.
   * With `feed`, the products among them are remembered as pushed by that feed.
   */
  apply(entries: Iterable<ConfirmedEntry>, feed?: string): void {
    this.connection.endRead();
    this.applyAll(entries, feed);
  }

  close(): void {
    this.connection.close();
  }

  /** Moves the entries of a version 1 or 2 file into the database once, then removes the file. */
  private migrate(legacy: string): void {
    if (!fs.existsSync(legacy)) return;
    try {
      this.connection.db.transaction(() => {
        readLegacyCache(legacy, this.apiUrl, (entry) => {
          this.upsert.run(entry.task, entry.id ?? null, entry.hash ?? null);
        });
      })();
    } catch {
      // Damaged or another tenant's: nothing of it is kept (the transaction rolled back).
    }
    fs.rmSync(legacy, { force: true });
  }
}

function entryOf(row: Omit<Row, 'task'>): CacheEntry {
  return { id: row.id ?? undefined, hash: row.hash ?? undefined };
}
