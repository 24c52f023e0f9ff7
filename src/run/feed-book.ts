// Which products each feed pushed (SPEC §12), kept in the change cache's database. A product is
// a feed's once a run of that feed confirmed it (written or found as wanted); a product no feed
// recorded was never pushed by this tool, and is never disabled.
import type Database from 'better-sqlite3';
import { DISABLED_HASH } from '../plan/keys.js';
import type { CacheDb } from './cache-db.js';

/** Feed products read per query, so a feed of a million products is never held whole. */
const PAGE_ROWS = 1_000;

export interface FeedProduct {
  sku: string;
  /** Jasper's id, from the change cache. */
  id: number;
  /** Another feed pushed it too: it is not this feed's alone to disable. */
  shared: boolean;
}

/** A feed as `jasper-push feeds` lists it. */
export interface FeedSummary {
  name: string;
  /** Products the feed pushed. */
  products: number;
  /** Of those, the ones a feed disabled since. */
  disabled: number;
  /** The feed's last push that reached its end; undefined when it ran before this was recorded. */
  lastRun: { runId: string; at: string } | undefined;
}

export class FeedBook {
  private readonly insert: Database.Statement<[string, string]>;
  private readonly page: Database.Statement<[string, string], { sku: string; id: number; shared: number }>;

  /** In the change cache's database: each write ends the read its lookups share, so it commits at once. */
  constructor(private readonly connection: CacheDb) {
    const { db } = connection;
    this.insert = db.prepare('INSERT OR IGNORE INTO feed_products (feed, sku) VALUES (?, ?)');
    // A feed's products that Jasper has (an id in the cache) and that no feed disabled since.
    this.page = db.prepare(`
      SELECT f.sku AS sku, e.id AS id,
        EXISTS (SELECT 1 FROM feed_products o WHERE o.sku = f.sku AND o.feed <> f.feed) AS shared
      FROM feed_products f JOIN entries e ON e.task = 'product:' || f.sku
      WHERE f.feed = ? AND f.sku > ? AND e.id IS NOT NULL AND e.hash IS NOT '${DISABLED_HASH}'
      ORDER BY f.sku LIMIT ${PAGE_ROWS}`);
  }

  record(feed: string, sku: string): void {
    this.connection.endRead();
    this.insert.run(feed, sku);
  }

  /** A run of the feed reached its end. */
  ran(feed: string, runId: string, at = new Date().toISOString()): void {
    this.connection.endRead();
    this.connection.db.prepare('INSERT OR REPLACE INTO feed_runs (feed, run_id, at) VALUES (?, ?, ?)').run(feed, runId, at);
  }

  /** Whether this tool ever pushed the feed: a feed's first run disables nothing. */
  known(feed: string): boolean {
    return (
      this.connection.db.prepare('SELECT 1 FROM feed_products WHERE feed = ? LIMIT 1').get(feed) !== undefined ||
      this.connection.db.prepare('SELECT 1 FROM feed_runs WHERE feed = ?').get(feed) !== undefined
    );
  }

  /** Every feed of the tenant, by name. */
  list(): FeedSummary[] {
    const rows = this.connection.db
      .prepare(
        `SELECT n.feed AS name,
          (SELECT count(*) FROM feed_products f WHERE f.feed = n.feed) AS products,
          (SELECT count(*) FROM feed_products f JOIN entries e ON e.task = 'product:' || f.sku
            WHERE f.feed = n.feed AND e.hash = '${DISABLED_HASH}') AS disabled,
          r.run_id AS runId, r.at AS at
        FROM (SELECT feed FROM feed_products UNION SELECT feed FROM feed_runs) n LEFT JOIN feed_runs r ON r.feed = n.feed
        ORDER BY n.feed`,
      )
      .all() as { name: string; products: number; disabled: number; runId: string | null; at: string | null }[];
    return rows.map(({ name, products, disabled, runId, at }) => ({
      name,
      products,
      disabled,
      lastRun: runId === null || at === null ? undefined : { runId, at },
    }));
  }

  /** The feed's products that are enabled as far as this tool knows, in SKU order. */
  *enabledProducts(feed: string): Iterable<FeedProduct> {
    let after = '';
    for (;;) {
      const rows = this.page.all(feed, after);
      for (const row of rows) yield { sku: row.sku, id: row.id, shared: row.shared === 1 };
      if (rows.length < PAGE_ROWS) return;
      after = rows[rows.length - 1]!.sku;
    }
  }
}
