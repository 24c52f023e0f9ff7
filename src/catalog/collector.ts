// Gathers what the readers produce across all files of a push, then sorts it: valid rows,
// rows with an error (`rejected`), and every issue in file order. Rows are staged per file
// so a file that turns out unreadable half-way (invalid UTF-8, broken quoting) contributes
// none of its rows: pushing the first half of a file nobody can see the end of is worse
// than pushing nothing. A collector keeps product and inventory rows whole (readCatalog)
// or as the few facts the rules spanning rows read (scanCatalog, for catalogs too large
// to hold); either way the same rules see the same facts and report the same issues.

import type { RowResult } from './row-issues.js';
import type {
  AttributeDefinitionInput,
  AttributeValueInput,
  CategoryInput,
  InventoryRowInput,
  Issue,
  OptionInput,
  ProductInput,
  RejectedRow,
  SourceLocation,
} from './types.js';

/** What the readers produce for each section. */
export interface RowValues {
  products: ProductInput;
  categories: CategoryInput;
  inventory: InventoryRowInput;
  options: OptionInput;
  attributes: AttributeDefinitionInput;
}
export type Section = keyof RowValues;

/** The parts of a product row that the rules spanning rows read. A ProductInput is one. */
export interface ProductFacts {
  loc: SourceLocation;
  sku: string;
  parentSku?: string;
  options: readonly { name: string }[];
  inventory: readonly { location: string }[];
  /** At least every attribute given several values and no type of its own (see attribute-values.ts). */
  attributes: readonly AttributeValueInput[];
}

export type InventoryFacts = Pick<InventoryRowInput, 'loc' | 'sku' | 'location'>;

/** How a collector keeps the rows of the two sections that can be large. */
export interface RowKeeper<P extends ProductFacts, I extends InventoryFacts> {
  product(value: ProductInput): P;
  inventory(value: InventoryRowInput): I;
}

export const KEEP_WHOLE: RowKeeper<ProductInput, InventoryRowInput> = {
  product: (value) => value,
  inventory: (value) => value,
};

/** What a collector holds for each section. */
export interface KeptValues<P, I> {
  products: P;
  categories: CategoryInput;
  inventory: I;
  options: OptionInput;
  attributes: AttributeDefinitionInput;
}

export interface Entry<T> {
  value: T;
  loc: SourceLocation;
  key?: string;
  /** Cross-row checks add to these after the file is read, with addIssue. */
  issues: Issue[];
  order: number;
}

export type CollectedEntries<P, I> = { [S in Section]: Entry<KeptValues<P, I>[S]>[] };

const SECTIONS: readonly Section[] = ['products', 'categories', 'inventory', 'options', 'attributes'];

const noEntries = <P, I>(): CollectedEntries<P, I> => ({ products: [], categories: [], inventory: [], options: [], attributes: [] });

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

export interface Collected<P, I> {
  /** The rows without errors, in input order. */
  valid: { [S in Section]: KeptValues<P, I>[S][] };
  issues: Issue[];
  rejected: RejectedRow[];
  rowCount: number;
  unreadableFiles: string[];
}

/** Sections whose entries stand for an input row (options and attributes are definitions). */
const ROW_SECTIONS: ReadonlySet<Section> = new Set(['products', 'categories', 'inventory']);

export const hasError = (issues: readonly Issue[]): boolean => issues.some((issue) => issue.severity === 'error');

/** The issues of every row that has none; frozen, so adding goes through addIssue. */
const NO_ISSUES = Object.freeze([]) as readonly Issue[] as Issue[];

/** Adds an issue found by a rule spanning rows. */
export function addIssue(entry: Entry<unknown>, issue: Issue): void {
  if (entry.issues === NO_ISSUES) entry.issues = [issue];
  else entry.issues.push(issue);
}

export class CatalogCollector<P extends ProductFacts, I extends InventoryFacts> {
  /** Each section's entries in read order. */
  readonly entries: CollectedEntries<P, I> = noEntries();
  /** The files in the order they were read. */
  readonly files: CollectedFile[] = [];
  private readonly looseIssues: { issue: Issue; order: number }[] = [];
  private readonly unreadable: string[] = [];
  private order = 0;
  private rowCount = 0;

  constructor(private readonly keeper: RowKeeper<P, I>) {}

  startFile(file: string): FileBatch<P, I> {
    const record: CollectedFile = { file, firstOrder: this.order, readable: true };
    this.files.push(record);
    return new FileBatch(this, record);
  }

  nextOrder(): number {
    return this.order++;
  }

  /** Called by FileBatch. */
  keep<S extends Section>(section: S, value: RowValues[S]): KeptValues<P, I>[S] {
    const kept: unknown =
      section === 'products' ? this.keeper.product(value as ProductInput) : section === 'inventory' ? this.keeper.inventory(value as InventoryRowInput) : value;
    return kept as KeptValues<P, I>[S];
  }

  /** Called by FileBatch. */
  fileIssue(issue: Issue): void {
    this.looseIssues.push({ issue, order: this.nextOrder() });
  }

  /** Called by FileBatch. */
  accept(staged: CollectedEntries<P, I>): void {
    for (const section of SECTIONS) {
      // The first file's lists are taken as they are: no second list of its rows.
      if (this.entries[section].length === 0) this.entries[section] = staged[section] as never;
      else for (const entry of staged[section]) this.entries[section].push(entry as never);
    }
  }

  /** Called by FileBatch: the file's rows are dropped, their issues are still reported. */
  reject(record: CollectedFile, staged: CollectedEntries<P, I>): void {
    record.readable = false;
    this.unreadable.push(record.file);
    // In any order: result() sorts the issues by `order`.
    for (const section of SECTIONS) {
      for (const entry of staged[section]) {
        for (const issue of entry.issues) this.looseIssues.push({ issue, order: entry.order });
      }
    }
  }

  countRow(section: Section): void {
    if (ROW_SECTIONS.has(section)) this.rowCount++;
  }

  result(): Collected<P, I> {
    const valid: Collected<P, I>['valid'] = { categories: [], options: [], attributes: [], products: [], inventory: [] };
    const rejected: RejectedRow[] = [];
    const issues = [...this.looseIssues];
    for (const { section, entry } of inOrder(this.entries)) {
      for (const issue of entry.issues) issues.push({ issue, order: entry.order });
      if (hasError(entry.issues)) {
        rejected.push({ loc: entry.loc, ...(entry.key ? { key: entry.key } : {}), issues: entry.issues });
      } else {
        (valid[section] as unknown[]).push(entry.value);
      }
    }
    issues.sort((a, b) => a.order - b.order);
    return {
      valid,
      issues: issues.map((item) => item.issue),
      rejected,
      rowCount: this.rowCount,
      unreadableFiles: this.unreadable,
    };
  }
}

/**
 * Every entry of every section by `order`, merged from the sections' lists (each in read
 * order already): no list of all rows is built, which for a large catalog is a wrapper per row.
 */
function* inOrder<P, I>(entries: CollectedEntries<P, I>): Generator<{ section: Section; entry: Entry<unknown> }> {
  const next: Record<Section, number> = { products: 0, categories: 0, inventory: 0, options: 0, attributes: 0 };
  for (;;) {
    let first: Section | undefined;
    let firstOrder = Infinity;
    for (const section of SECTIONS) {
      const order = entries[section][next[section]]?.order;
      if (order !== undefined && order < firstOrder) [first, firstOrder] = [section, order];
    }
    if (first === undefined) return;
    yield { section: first, entry: entries[first][next[first]++]! };
  }
}

export class FileBatch<P extends ProductFacts, I extends InventoryFacts> implements RowSink {
  /** The file's rows per section, in read order, until the file is known to be readable. */
  private readonly staged: CollectedEntries<P, I> = noEntries();
  private failed = false;

  constructor(
    private readonly collector: CatalogCollector<P, I>,
    private readonly record: CollectedFile,
  ) {}

  add<S extends Section>(section: S, row: RowResult<RowValues[S]>, loc: SourceLocation): void {
    const entry: Entry<KeptValues<P, I>[S]> = {
      value: this.collector.keep(section, row.value),
      loc,
      ...(row.key ? { key: row.key } : {}),
      // Most rows have no issue; sharing one empty list saves an array per row.
      issues: row.issues.length === 0 ? NO_ISSUES : row.issues,
      order: this.collector.nextOrder(),
    };
    this.staged[section].push(entry);
    this.collector.countRow(section);
  }

  issue(issue: Issue): void {
    this.collector.fileIssue(issue);
    if (issue.severity === 'error') this.failed = true;
  }

  get hasFailed(): boolean {
    return this.failed;
  }

  /** Hands the rows to the collector, or drops them when a file-level error was reported. */
  finish(): void {
    if (this.failed) this.collector.reject(this.record, this.staged);
    else this.collector.accept(this.staged);
  }
}
