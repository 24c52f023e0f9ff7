// Which products each feed pushed (SPEC §12), kept in the change cache's database. A product is
// a feed's once a run of that feed confirmed it (written or found as wanted); a product no feed
// recorded was never pushed by this tool, and is never disabled.
import type Database from 'better-sqlite3';
import { DISABLED_HASH } from '../plan/keys.js';

/** Feed products read per query, so a feed of a million products is never held whole. */
const PAGE_ROWS = 1_000;

export interface FeedProduct {
  sku: string;
  /** Jasper's id, from the change cache. */
  id: number;
  /** Another feed pushed it too: it is not this feed's alone to disable. */
  shared: boolean;
}

export class FeedBook {
  private readonly insert: Database.Statement<[string, string]>;
  private readonly page: Database.Statement<[string, string], { sku: string; id: number; shared: number }>;

  constructor(db: Database.Database) {
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
    this.insert.run(feed, sku);
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
