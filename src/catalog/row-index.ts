// The scan's index of a push's product and inventory rows: of each row only what the rules
// spanning rows and the later passes need (SKU, parent, option names, stock locations, where it
// is, whether it has an error), in a scratch SQLite database rather than in memory, so reading a
// catalog of a million rows holds none of them. The rules' queries live here; the rules' words
// (which row gets which issue) are in cross-checks.ts.
import type Database from 'better-sqlite3';
import { openScratchDatabase, walkPages } from '../scratch-db.js';
import { nameKey, type SourceLocation } from './types.js';

/** A valid product row, compact. */
export interface IndexedProduct {
  sku: string;
  parentSku?: string;
  loc: SourceLocation;
}

/** What a product row contributes to the index. */
export interface ProductRowFacts {
  sku: string;
  parentSku?: string | undefined;
  /** The names of its options (as given). */
  optionNames: readonly string[];
  /** The locations of its inventory counts (as given). */
  stockLocations: readonly string[];
}

/** Per parent SKU, the option names its valid variants use; `size` is how many parents have variants. */
export interface VariantOptions {
  get(parentSku: string): Iterable<string> | undefined;
  readonly size: number;
}

/** A row another row conflicts with: `order` and `sku` are the reported row's, `first` is where the row it conflicts with is. */
export interface Conflict {
  order: number;
  sku: string;
  first: SourceLocation;
}

export interface Counts {
  products: number;
  variants: number;
  inventoryRows: number;
  /** Inventory counts given in valid product rows (`inventory:<Location>` columns, a JSON product's inventory). */
  productInventoryRecords: number;
}

type LocColumns = { file: number; line: number | null; path: string | null };

const PRODUCT = 0;
const INVENTORY = 1;

export class RowIndex {
  private readonly db: Database.Database;
  private readonly fileNames: string[] = [];
  private readonly fileIds = new Map<string, number>();
  private readonly insert: Database.Statement<unknown[]>;
  private readonly setError: Database.Statement<[number]>;
  private sealed = false;
  private statements: SealedStatements | undefined;
  private parentsWithVariants = 0;

  constructor() {
    this.db = openScratchDatabase();
    // JavaScript's case folding, so the case-only SKU rule finds what it always found.
    this.db.function('fold', { deterministic: true }, (text: unknown) => String(text).toLowerCase());
    this.db.exec(`CREATE TABLE row (
      ord INTEGER PRIMARY KEY, kind INTEGER NOT NULL, file INTEGER NOT NULL, line INTEGER, path TEXT,
      sku TEXT NOT NULL, parent TEXT, location TEXT, options TEXT, stock TEXT, error INTEGER NOT NULL)`);
    this.insert = this.db.prepare(
      'INSERT INTO row (ord, kind, file, line, path, sku, parent, location, options, stock, error) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
    );
    this.setError = this.db.prepare('UPDATE row SET error = 1 WHERE ord = ?');
    // One transaction for the whole load: the rows of a rejected file are deleted, not rolled back.
    this.db.exec('BEGIN');
  }

  addProduct(order: number, loc: SourceLocation, facts: ProductRowFacts, error: boolean): void {
    const { file, line, path } = this.locColumns(loc);
    const options = facts.optionNames.length > 0 ? JSON.stringify(facts.optionNames) : null;
    const stock = facts.stockLocations.length > 0 ? JSON.stringify(facts.stockLocations) : null;
    this.insert.run(order, PRODUCT, file, line, path, facts.sku, facts.parentSku ?? null, null, options, stock, error ? 1 : 0);
  }

  addInventory(order: number, loc: SourceLocation, sku: string, location: string, error: boolean): void {
    const { file, line, path } = this.locColumns(loc);
    this.insert.run(order, INVENTORY, file, line, path, sku, null, location, null, null, error ? 1 : 0);
  }

  /** Forgets the rows from `order` on: the file being read turned out unreadable. */
  dropFrom(order: number): void {
    this.db.prepare('DELETE FROM row WHERE ord >= ?').run(order);
  }

  markError(order: number): void {
    this.setError.run(order);
  }

  /** Ends the load: indexes for the rules and the later passes. */
  seal(): void {
    if (this.sealed) return;
    this.sealed = true;
    this.db.exec('COMMIT');
    this.db.exec(`
      CREATE INDEX row_sku ON row (sku, ord) WHERE kind = ${PRODUCT};
      CREATE INDEX row_parent ON row (parent, ord) WHERE parent IS NOT NULL;
      CREATE INDEX row_stock ON row (sku, location, ord) WHERE kind = ${INVENTORY};`);
  }

  /** Product rows whose SKU an earlier product row has, with that first row. */
  duplicateSkus(): Conflict[] {
    return this.conflicts(`
      WITH repeated AS (SELECT sku, MIN(ord) AS first FROM row WHERE kind = ${PRODUCT} AND sku <> '' GROUP BY sku HAVING COUNT(*) > 1)
      SELECT r.ord AS ord, r.sku AS sku, f.file AS file, f.line AS line, f.path AS path
      FROM repeated JOIN row r ON r.kind = ${PRODUCT} AND r.sku = repeated.sku AND r.ord > repeated.first JOIN row f ON f.ord = repeated.first
      ORDER BY r.ord`);
  }

  /** First rows of a SKU that differs only in case from the SKU of an earlier first row, with that row and its SKU. */
  caseOnlySkus(): (Conflict & { similarSku: string })[] {
    const rows = this.db
      .prepare(
        `WITH firsts AS MATERIALIZED (SELECT fold(sku) AS folded, sku, MIN(ord) AS ord FROM row WHERE kind = ${PRODUCT} AND sku <> '' GROUP BY sku),
        groups AS (SELECT folded, MIN(ord) AS first FROM firsts GROUP BY folded HAVING COUNT(*) > 1)
        SELECT f.ord AS ord, f.sku AS sku, s.sku AS similarSku, s.file AS file, s.line AS line, s.path AS path
        FROM groups JOIN firsts f ON f.folded = groups.folded AND f.ord > groups.first JOIN row s ON s.ord = groups.first
        ORDER BY f.ord`,
      )
      .all() as (LocColumns & { ord: number; sku: string; similarSku: string })[];
    return rows.map((row) => ({ order: row.ord, sku: row.sku, first: this.locOf(row), similarSku: row.similarSku }));
  }

  /** Product rows whose parent's first row is itself a variant, with that row and its own parent. */
  nestedVariants(): (Conflict & { parentSku: string; grandparentSku: string })[] {
    const rows = this.db
      .prepare(
        `SELECT c.ord AS ord, c.sku AS sku, c.parent AS parentSku, p.parent AS grandparentSku, p.file AS file, p.line AS line, p.path AS path
        FROM row c JOIN row p ON p.ord = (SELECT MIN(ord) FROM row WHERE kind = ${PRODUCT} AND sku = c.parent)
        WHERE c.kind = ${PRODUCT} AND c.parent IS NOT NULL AND c.parent <> '' AND c.parent <> c.sku AND p.parent IS NOT NULL
        ORDER BY c.ord`,
      )
      .all() as (LocColumns & { ord: number; sku: string; parentSku: string; grandparentSku: string })[];
    return rows.map((row) => ({ order: row.ord, sku: row.sku, first: this.locOf(row), parentSku: row.parentSku, grandparentSku: row.grandparentSku }));
  }

  /**
   * Inventory rows setting a count that a product row also sets (the last such product row is
   * named) or that an earlier inventory row set.
   */
  repeatedCounts(): (Conflict & { location: string })[] {
    const rows = this.db
      .prepare(
        `SELECT * FROM (
          SELECT s.ord AS ord, s.sku AS sku, s.location AS location,
            (SELECT MAX(p.ord) FROM row p, json_each(p.stock) j WHERE p.kind = ${PRODUCT} AND p.sku = s.sku AND p.stock IS NOT NULL AND j.value = s.location) AS product,
            (SELECT MIN(e.ord) FROM row e WHERE e.kind = ${INVENTORY} AND e.sku = s.sku AND e.location = s.location) AS firstRow
          FROM row s WHERE s.kind = ${INVENTORY} AND s.sku <> '' AND s.location <> '')
        WHERE product IS NOT NULL OR firstRow < ord ORDER BY ord`,
      )
      .all() as { ord: number; sku: string; location: string; product: number | null; firstRow: number }[];
    return rows.map((row) => ({ order: row.ord, sku: row.sku, location: row.location, first: this.locAt(row.product ?? row.firstRow) }));
  }

  /** Where the row read as `order` is. */
  locAt(order: number): SourceLocation {
    const row = this.db.prepare('SELECT file, line, path FROM row WHERE ord = ?').get(order) as LocColumns | undefined;
    if (row === undefined) throw new Error(`no row ${order} in the index`);
    return this.locOf(row);
  }

  // Once the rules have run: the valid rows.

  /** Whether a valid product row has this SKU. */
  has(sku: string): boolean {
    return this.sealedStatements().hasSku.get(sku) !== undefined;
  }

  counts(): Counts {
    const [products, variants, inventoryRows, productInventoryRecords] = this.db
      .prepare(
        `SELECT count(*) FILTER (WHERE kind = ${PRODUCT} AND parent IS NULL), count(*) FILTER (WHERE kind = ${PRODUCT} AND parent IS NOT NULL),
          count(*) FILTER (WHERE kind = ${INVENTORY}), coalesce(sum(json_array_length(stock)), 0)
        FROM row WHERE error = 0`,
      )
      .raw(true)
      .get() as [number, number, number, number];
    return { products, variants, inventoryRows, productInventoryRecords };
  }

  /** The valid product rows in input order, a page at a time. */
  *products(): Generator<IndexedProduct> {
    const { productPage } = this.sealedStatements();
    for (const row of walkPages(
      (after: number, limit) => productPage.all(after, limit),
      -1,
      (product) => product.ord,
    )) {
      yield row.parent === null ? { sku: row.sku, loc: this.locOf(row) } : { sku: row.sku, parentSku: row.parent, loc: this.locOf(row) };
    }
  }

  /** The valid variants' option names per parent SKU: the union over its variants (addOptionNames). */
  get variantOptions(): VariantOptions {
    const statements = this.sealedStatements();
    return {
      size: this.parentsWithVariants,
      get: (parentSku: string) => {
        const rows = statements.variantOptions.all(parentSku);
        if (rows.length === 0) return undefined;
        const names: string[] = [];
        for (const [options] of rows) if (options !== null) addOptionNames(names, JSON.parse(options) as string[]);
        return names;
      },
    };
  }

  close(): void {
    if (this.db.open) this.db.close();
  }

  private sealedStatements(): SealedStatements {
    if (!this.sealed) throw new Error('the row index is still loading');
    if (this.statements === undefined) {
      this.statements = {
        hasSku: this.db.prepare<[string], unknown>(`SELECT 1 FROM row WHERE kind = ${PRODUCT} AND sku = ? AND error = 0 LIMIT 1`).pluck(),
        productPage: this.db.prepare<[number, number], LocColumns & { ord: number; sku: string; parent: string | null }>(
          `SELECT ord, file, line, path, sku, parent FROM row WHERE ord > ? AND kind = ${PRODUCT} AND error = 0 ORDER BY ord LIMIT ?`,
        ),
        variantOptions: this.db
          .prepare<[string], [string | null]>(`SELECT options FROM row WHERE parent = ? AND kind = ${PRODUCT} AND error = 0 ORDER BY ord`)
          .raw(true),
      };
      this.parentsWithVariants = this.db
        .prepare(`SELECT count(DISTINCT parent) FROM row WHERE parent IS NOT NULL AND kind = ${PRODUCT} AND error = 0`)
        .pluck()
        .get() as number;
    }
    return this.statements;
  }

  private conflicts(sql: string): Conflict[] {
    const rows = this.db.prepare(sql).all() as (LocColumns & { ord: number; sku: string })[];
    return rows.map((row) => ({ order: row.ord, sku: row.sku, first: this.locOf(row) }));
  }

  private locColumns(loc: SourceLocation): LocColumns {
    let file = this.fileIds.get(loc.file);
    if (file === undefined) {
      file = this.fileNames.push(loc.file) - 1;
      this.fileIds.set(loc.file, file);
    }
    return { file, line: loc.line ?? null, path: loc.path ?? null };
  }

  private locOf({ file, line, path }: LocColumns): SourceLocation {
    const name = this.fileNames[file]!;
    return line !== null ? { file: name, line } : path !== null ? { file: name, path } : { file: name };
  }
}

interface SealedStatements {
  hasSku: Database.Statement<[string], unknown>;
  productPage: Database.Statement<[number, number], LocColumns & { ord: number; sku: string; parent: string | null }>;
  variantOptions: Database.Statement<[string], [string | null]>;
}

/**
 * Adds a variant's option names to its parent's list: trimmed, first seen first, and one entry per
 * option whatever the case, as the planner matches options (SPEC §4, by name; "Size" = "size").
 */
export function addOptionNames(names: string[], more: Iterable<string>): void {
  for (const raw of more) {
    const name = raw.trim();
    if (!names.some((listed) => nameKey(listed) === nameKey(name))) names.push(name);
  }
}
