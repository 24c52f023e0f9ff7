// Gathers what the readers produce across all files of a push, then sorts it: valid rows,
// rows with an error (`rejected`), and every issue in file order. A file that turns out
// unreadable half-way (invalid UTF-8, broken quoting) contributes none of its rows: pushing
// the first half of a file nobody can see the end of is worse than pushing nothing.
//
// The sections that stay small (categories, options, attributes) are kept whole. Product and
// inventory rows, which a catalog has by the million, go to a RowIndex (SQLite) as the few
// facts the rules spanning rows read; only rows with an issue are also held here, and, for
// readCatalog (small catalogs, tests), every row whole.

import { hasUntypedValues, type MultiValuedRow } from './attribute-values.js';
import type { RowResult } from './row-issues.js';
import { RowIndex } from './row-index.js';
import type { AttributeDefinitionInput, CategoryInput, InventoryRowInput, Issue, OptionInput, ProductInput, RejectedRow, SourceLocation } from './types.js';

/** What the readers produce for each section. */
export interface RowValues {
  products: ProductInput;
  categories: CategoryInput;
  inventory: InventoryRowInput;
  options: OptionInput;
  attributes: AttributeDefinitionInput;
}
export type Section = keyof RowValues;
type SmallSection = 'categories' | 'options' | 'attributes';
type LargeSection = 'products' | 'inventory';

export interface Entry<T> {
  value: T;
  loc: SourceLocation;
  key?: string;
  /** Rules spanning rows add to these once every file is read, with addIssue. */
  issues: Issue[];
  order: number;
}

/** A product or inventory row that has an issue: all the collector holds of it beyond the index. */
export interface FlaggedRow {
  section: LargeSection;
  loc: SourceLocation;
  key?: string;
  issues: Issue[];
  order: number;
}

export type SmallEntries = { [S in SmallSection]: Entry<RowValues[S]>[] };

/** Where a reader puts what it reads from one file. */
export interface RowSink {
  add<S extends Section>(section: S, row: RowResult<RowValues[S]>, loc: SourceLocation): void;
  /** An issue about the file rather than one row (header, syntax, unreadable). */
  issue(issue: Issue): void;
  readonly hasFailed: boolean;
}

/** One file of the push as collected: the `order` of its first issue or row, and whether it could be read. */
export interface CollectedFile {
  file: string;
  firstOrder: number;
  readable: boolean;
}

export interface Collected {
  /** The rows without errors of the small sections, in input order. */
  valid: { [S in SmallSection]: RowValues[S][] };
  /** Kept whole (readCatalog): the valid product and inventory rows, in input order. */
  whole: { products: ProductInput[]; inventory: InventoryRowInput[] };
  issues: Issue[];
  rejected: RejectedRow[];
  rowCount: number;
  unreadableFiles: string[];
}

export const hasError = (issues: readonly Issue[]): boolean => issues.some((issue) => issue.severity === 'error');

/** The issues of every row that has none; frozen, so adding goes through addIssue. */
const NO_ISSUES = Object.freeze([]) as readonly Issue[] as Issue[];

/** Adds an issue to a row of a small section, found by a rule spanning rows. */
export function addIssue(entry: Entry<unknown>, issue: Issue): void {
  if (entry.issues === NO_ISSUES) entry.issues = [issue];
  else entry.issues.push(issue);
}

export class CatalogCollector {
  /** Every product and inventory row of the readable files, compact. */
  readonly index = new RowIndex();
  /** The small sections' entries in read order. */
  readonly entries: SmallEntries = { categories: [], options: [], attributes: [] };
  /** The product rows the attribute-type rule reads, in read order. */
  readonly multiValued: MultiValuedRow[] = [];
  /** The files in the order they were read. */
  readonly files: CollectedFile[] = [];
  /** Product and inventory rows with an issue, by order. */
  private readonly flagged = new Map<number, FlaggedRow>();
  private readonly whole: { products: Entry<ProductInput>[]; inventory: Entry<InventoryRowInput>[] } | undefined;
  private readonly looseIssues: { issue: Issue; order: number }[] = [];
  private readonly unreadable: string[] = [];
  private order = 0;
  private rowCount = 0;

  /** `keepWhole`: hold every product and inventory row too (readCatalog). */
  constructor(keepWhole = false) {
    this.whole = keepWhole ? { products: [], inventory: [] } : undefined;
  }

  startFile(file: string): FileBatch {
    const record: CollectedFile = { file, firstOrder: this.order, readable: true };
    this.files.push(record);
    return new FileBatch(this, record);
  }

  /** Called by FileBatch. */
  add<S extends Section>(section: S, row: RowResult<RowValues[S]>, loc: SourceLocation): void {
    const order = this.order++;
    if (section === 'products' || section === 'categories' || section === 'inventory') this.rowCount++;
    if (section !== 'products' && section !== 'inventory') {
      const entries = (this.entries as Record<Section, Entry<unknown>[]>)[section] as Entry<RowValues[S]>[];
      entries.push({ value: row.value, loc, ...(row.key ? { key: row.key } : {}), issues: row.issues.length === 0 ? NO_ISSUES : row.issues, order });
      return;
    }
    const error = hasError(row.issues);
    if (row.issues.length > 0) this.flagged.set(order, { section, loc, ...(row.key ? { key: row.key } : {}), issues: row.issues, order });
    if (section === 'products') {
      const product = row.value as ProductInput;
      this.index.addProduct(
        order,
        loc,
        {
          sku: product.sku,
          parentSku: product.parentSku,
          optionNames: product.options.map((option) => option.name),
          stockLocations: product.inventory.map((stock) => stock.location),
        },
        error,
      );
      if (product.attributes.some(hasUntypedValues)) {
        this.multiValued.push({ order, loc, ...(row.key ? { key: row.key } : {}), attributes: product.attributes.filter(hasUntypedValues) });
      }
      this.whole?.products.push({ value: product, loc, issues: NO_ISSUES, order });
    } else {
      const stock = row.value as InventoryRowInput;
      this.index.addInventory(order, loc, stock.sku, stock.location, error);
      this.whole?.inventory.push({ value: stock, loc, issues: NO_ISSUES, order });
    }
  }

  /** Called by FileBatch. */
  fileIssue(issue: Issue): void {
    this.looseIssues.push({ issue, order: this.order++ });
  }

  /** Called by FileBatch: the file's rows are dropped, their issues are still reported. */
  reject(record: CollectedFile): void {
    record.readable = false;
    this.unreadable.push(record.file);
    const from = record.firstOrder;
    this.index.dropFrom(from);
    for (const [order, row] of this.flagged) {
      if (order < from) continue;
      for (const issue of row.issues) this.looseIssues.push({ issue, order });
      this.flagged.delete(order);
    }
    for (const section of ['categories', 'options', 'attributes'] as const) {
      const entries = this.entries[section] as Entry<unknown>[];
      while ((entries.at(-1)?.order ?? -1) >= from) {
        const entry = entries.pop()!;
        for (const issue of entry.issues) this.looseIssues.push({ issue, order: entry.order });
      }
    }
    while ((this.multiValued.at(-1)?.order ?? -1) >= from) this.multiValued.pop();
    if (this.whole) for (const rows of [this.whole.products, this.whole.inventory]) while ((rows.at(-1)?.order ?? -1) >= from) rows.pop();
  }

  /** Adds an issue found by a rule spanning rows to the product or inventory row read as `order`. */
  flag(order: number, section: LargeSection, issue: Issue, key?: string): void {
    const row = this.flagged.get(order);
    if (row === undefined) this.flagged.set(order, { section, loc: issue.location, ...(key ? { key } : {}), issues: [issue], order });
    else row.issues.push(issue);
    if (issue.severity === 'error') this.index.markError(order);
  }

  /** Whether the product or inventory row read as `order` has an error. */
  private rejectedRow(order: number): boolean {
    const row = this.flagged.get(order);
    return row !== undefined && hasError(row.issues);
  }

  /** The product and inventory rows with an error, per file (in the order of `files`), by their CSV line or JSON path. */
  rejectedRowsByFile(): Set<number | string>[] {
    const sets = this.files.map(() => new Set<number | string>());
    const rows = [...this.flagged.values()].filter((row) => hasError(row.issues)).sort((a, b) => a.order - b.order);
    // Rows and files are both in read order, so one pass finds each row's file.
    let index = 0;
    for (const row of rows) {
      while ((this.files[index + 1]?.firstOrder ?? Infinity) <= row.order) index++;
      sets[index]?.add(rowKey(row.loc));
    }
    return sets;
  }

  result(): Collected {
    const problems: { order: number; loc: SourceLocation; key?: string | undefined; issues: Issue[] }[] = [...this.flagged.values()];
    const valid: Collected['valid'] = { categories: [], options: [], attributes: [] };
    for (const section of ['categories', 'options', 'attributes'] as const) {
      for (const entry of this.entries[section] as Entry<never>[]) {
        if (entry.issues.length > 0) problems.push(entry);
        if (!hasError(entry.issues)) (valid[section] as unknown[]).push(entry.value);
      }
    }
    problems.sort((a, b) => a.order - b.order);
    const issues = [...this.looseIssues];
    const rejected: RejectedRow[] = [];
    for (const row of problems) {
      for (const issue of row.issues) issues.push({ issue, order: row.order });
      if (hasError(row.issues)) rejected.push({ loc: row.loc, ...(row.key ? { key: row.key } : {}), issues: row.issues });
    }
    // Stable: a row's issues keep the order they were found in.
    issues.sort((a, b) => a.order - b.order);
    const keep = <T>(entries: Entry<T>[]) => entries.filter((entry) => !this.rejectedRow(entry.order)).map((entry) => entry.value);
    return {
      valid,
      whole: { products: keep(this.whole?.products ?? []), inventory: keep(this.whole?.inventory ?? []) },
      issues: issues.map((item) => item.issue),
      rejected,
      rowCount: this.rowCount,
      unreadableFiles: this.unreadable,
    };
  }
}

/** A row's identity within its file: the CSV line or JSON path where it starts. */
export const rowKey = (loc: SourceLocation): number | string => loc.line ?? loc.path ?? '';

export class FileBatch implements RowSink {
  private failed = false;

  constructor(
    private readonly collector: CatalogCollector,
    private readonly record: CollectedFile,
  ) {}

  add<S extends Section>(section: S, row: RowResult<RowValues[S]>, loc: SourceLocation): void {
    this.collector.add(section, row, loc);
  }

  issue(issue: Issue): void {
    this.collector.fileIssue(issue);
    if (issue.severity === 'error') this.failed = true;
  }

  get hasFailed(): boolean {
    return this.failed;
  }

  /** Keeps the file's rows, or drops them when a file-level error was reported. */
  finish(): void {
    if (this.failed) this.collector.reject(this.record);
  }
}
