// Gathers what the readers produce across all files of a push, then sorts it into the
// ReadResult: valid rows into the catalog, rows with an error into `rejected`, and every
// issue in file order. Rows are staged per file so a file that turns out unreadable
// half-way (invalid UTF-8, broken quoting) contributes none of its rows: pushing the
// first half of a file nobody can see the end of is worse than pushing nothing.

import type { RowResult } from './row-issues.js';
import {
  emptyCatalog,
  type AttributeDefinitionInput,
  type Catalog,
  type CategoryInput,
  type InventoryRowInput,
  type Issue,
  type OptionInput,
  type ProductInput,
  type ReadResult,
  type RejectedRow,
  type SourceLocation,
} from './types.js';

interface SectionTypes {
  products: ProductInput;
  categories: CategoryInput;
  inventory: InventoryRowInput;
  options: OptionInput;
  attributes: AttributeDefinitionInput;
}
export type Section = keyof SectionTypes;

export interface Entry<T> {
  value: T;
  loc: SourceLocation;
  key?: string;
  /** Cross-row checks add to these after the file is read. */
  issues: Issue[];
  order: number;
}

type AnyEntry = { [S in Section]: { section: S; entry: Entry<SectionTypes[S]> } }[Section];

/** Sections whose entries stand for an input row (options and attributes are definitions). */
const ROW_SECTIONS: ReadonlySet<Section> = new Set(['products', 'categories', 'inventory']);

export class CatalogCollector {
  readonly entries: { [S in Section]: Entry<SectionTypes[S]>[] } = {
    products: [],
    categories: [],
    inventory: [],
    options: [],
    attributes: [],
  };
  private readonly looseIssues: { issue: Issue; order: number }[] = [];
  private readonly unreadable: string[] = [];
  private order = 0;
  private rowCount = 0;

  startFile(file: string): FileBatch {
    return new FileBatch(this, file);
  }

  nextOrder(): number {
    return this.order++;
  }

  /** An issue about a file rather than one row (header, syntax, unreadable). */
  fileIssue(issue: Issue): void {
    this.looseIssues.push({ issue, order: this.nextOrder() });
  }

  /** Called by FileBatch. */
  accept(staged: AnyEntry[]): void {
    for (const item of staged) this.entries[item.section].push(item.entry as never);
  }

  /** Called by FileBatch: the file's rows are dropped, their issues are still reported. */
  reject(file: string, staged: AnyEntry[]): void {
    this.unreadable.push(file);
    for (const { entry } of staged) {
      for (const issue of entry.issues) this.looseIssues.push({ issue, order: entry.order });
    }
  }

  countRow(section: Section): void {
    if (ROW_SECTIONS.has(section)) this.rowCount++;
  }

  result(): ReadResult {
    const catalog: Catalog = emptyCatalog();
    const rejected: RejectedRow[] = [];
    const issues = [...this.looseIssues];
    const all: AnyEntry[] = [];
    for (const section of Object.keys(this.entries) as Section[]) {
      for (const entry of this.entries[section]) all.push({ section, entry } as AnyEntry);
    }
    all.sort((a, b) => a.entry.order - b.entry.order);
    for (const { section, entry } of all) {
      for (const issue of entry.issues) issues.push({ issue, order: entry.order });
      if (entry.issues.some((issue) => issue.severity === 'error')) {
        rejected.push({ loc: entry.loc, ...(entry.key ? { key: entry.key } : {}), issues: entry.issues });
      } else {
        (catalog[section] as SectionTypes[typeof section][]).push(entry.value);
      }
    }
    issues.sort((a, b) => a.order - b.order);
    return {
      catalog,
      issues: issues.map((item) => item.issue),
      rejected,
      rowCount: this.rowCount,
      unreadableFiles: this.unreadable,
    };
  }
}

export class FileBatch {
  private readonly staged: AnyEntry[] = [];
  private failed = false;

  constructor(
    private readonly collector: CatalogCollector,
    readonly file: string,
  ) {}

  add<S extends Section>(section: S, row: RowResult<SectionTypes[S]>, loc: SourceLocation): Entry<SectionTypes[S]> {
    const entry: Entry<SectionTypes[S]> = {
      value: row.value,
      loc,
      ...(row.key ? { key: row.key } : {}),
      issues: row.issues,
      order: this.collector.nextOrder(),
    };
    this.staged.push({ section, entry } as AnyEntry);
    this.collector.countRow(section);
    return entry;
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
    if (this.failed) this.collector.reject(this.file, this.staged);
    else this.collector.accept(this.staged);
  }
}
