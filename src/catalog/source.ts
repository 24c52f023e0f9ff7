// The seam between the catalog and the shapes it can be read from. A source turns the files
// of a push into catalog rows (ProductInput, CategoryInput, …) in a RowSink, keeping each row's
// file and line, so everything after reading works the same whatever the input looked like.
// The section 3 readers are the default; other shapes live in src/sources/ and are handed in
// through ReadOptions.source, so the catalog never learns a platform's name. A source read over
// an API (SPEC §11) first reads into files of its own (SourceReader); from there on it is a
// source like any other.

import { extname } from 'node:path';
import type { RowSink } from './collector.js';
import { readCsvRows, type CsvFileContext, type HeaderRefusal } from './csv-file.js';
import { readJsonFile } from './json-file.js';
import type { CatalogKind } from './types.js';

/** How a push, a validate or a convert reads its files. */
export interface ReadOptions {
  kind: CatalogKind;
  /** Price base used by the shorthand `msrp`/`map`/`cost`/`sell_price` columns. */
  priceBase: string;
  /** Header renames from `--map`: { "Source Header": "spec-header" }. */
  columnMap?: Record<string, string>;
  /** The shape the files are in (`--from`); section 3 when not given. */
  source?: CatalogSource;
}

/** One read of the files of a push (the scan reads them once, each later pass again). */
export interface SourcePass {
  /** Reads one file into `sink`, pausing after each row so a caller can hold the file back. */
  rows(file: string, sink: RowSink): AsyncGenerator<void>;
  /** Ends the pass, when the source keeps an index (on disk) for it. */
  close?(): void;
}

export interface CatalogSource {
  /** The name `--from` gives it, for messages. */
  readonly name: string;
  /**
   * Starts a pass over `files`. A source whose rows depend on rows further down (a parent
   * listed after its children) may read the files first here, keeping a small index.
   */
  open(files: string[], context: CsvFileContext): Promise<SourcePass>;
  /** How failed rows are copied to the failures file, when the input's rows need more than a copy. */
  failureRows?: FailureRows;
  /** A source read over an API instead of from files on the command line. */
  reader?: SourceReader;
}

/**
 * What an API source does before its files are read: a push reads into a spool folder of the
 * run directory (under a lock, kept for --resume), validate into a scratch folder, convert into --out.
 */
export interface SourceReader {
  /** What it reads, for messages: "project" (…reads the project over its API). */
  readonly noun: string;
  /** Its spool folder's name in a push's run directory: one per project and tenant, the same each run. */
  spoolName(tenant: string): string;
  /**
   * Reads into `folder` (created). A push names where it keeps its state and the tenant it
   * writes to, so a read can start where the last successful push from it stopped (--since last).
   */
  read(folder: string, sync?: SyncTarget): Promise<SourceRead>;
  /** What a complete read left in `folder`, pushed again by --resume; throws a UsageError when there is none. */
  reopen(folder: string, sync: SyncTarget): SourceRead;
}

/** A push's state folder and the Jasper tenant it writes to. */
export interface SyncTarget {
  stateDir: string;
  apiUrl: string;
}

/** A read of an API source: the files it wrote, what it read, and what to remember when its push succeeds. */
export interface SourceRead {
  /** In the order they are read (categories before the products that use them). */
  files: string[];
  /** What was read, as plain data: `source` in summary.json and a push's --json document. */
  report: SourceReport;
  /** The feed a push of this read is when --feed is not given (SPEC §12). */
  feed: string;
  /** The push of this read succeeded: a --since last read starts from it next time. */
  settle?(runId: string | undefined): void;
}

export type SourceReport = { name: string } & Record<string, unknown>;

/** The failures file copies failed CSV records in the input's own shape, so they push back with the same source. */
export interface FailureRows {
  /**
   * When several records make one entry (Shopify's rows of a handle): the group a record belongs
   * to, and the group a failed entry's location names. Every record of a group with a failure is copied.
   */
  group?: {
    ofRecord(header: readonly string[], cells: readonly string[]): string | undefined;
    ofLocation(loc: { file: string; line?: number; path?: string }): string | undefined;
  };
  /** Write the header as the input spelled it (a platform's own column names), not normalised. */
  headerAsWritten?: boolean;
  /** A copied record completed with what the input gave elsewhere (Magento's link files), so the file stands on its own. */
  complete?(header: readonly string[], cells: readonly string[]): { header: string[]; cells: string[] };
}

type FileFormat = 'csv' | 'json';

function fileFormat(file: string): FileFormat | undefined {
  const extension = extname(file).toLowerCase();
  return extension === '.csv' ? 'csv' : extension === '.json' ? 'json' : undefined;
}

/** Section 3: each file on its own, by its extension. */
export const SECTION_3_SOURCE: CatalogSource = {
  name: 'jasper',
  open: (_files, context) => Promise.resolve({ rows: (file, sink) => readSection3File(file, context, sink) }),
};

/** `refuseHeader` checks a CSV file's header before its columns are planned (JSON has none). */
export async function* readSection3File(file: string, context: CsvFileContext, sink: RowSink, refuseHeader?: HeaderRefusal): AsyncGenerator<void> {
  const format = fileFormat(file);
  if (format === 'csv') {
    yield* readCsvRows(file, context, sink, refuseHeader);
  } else if (format === 'json') {
    await readJsonFile(file, context, sink);
  } else {
    const extension = extname(file).toLowerCase();
    const shown = extension === '' ? 'a file without extension' : `"${extension}"`;
    sink.issue({ location: { file }, message: `cannot read ${shown}: catalogs are .csv or .json files`, severity: 'error' });
  }
}
