// The seam between the catalog and the shapes it can be read from. A source turns the files
// of a push into catalog rows (ProductInput, CategoryInput, …) in a RowSink, keeping each row's
// file and line, so everything after reading works the same whatever the input looked like.
// The section 3 readers are the default; other shapes live in src/sources/ and are handed in
// through ReadOptions.source, so the catalog never learns a platform's name.

import { extname } from 'node:path';
import type { RowSink } from './collector.js';
import { readCsvRows, type CsvFileContext } from './csv-file.js';
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
}

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

export async function* readSection3File(file: string, context: CsvFileContext, sink: RowSink): AsyncGenerator<void> {
  const format = fileFormat(file);
  if (format === 'csv') {
    yield* readCsvRows(file, context, sink);
  } else if (format === 'json') {
    await readJsonFile(file, context, sink);
  } else {
    const extension = extname(file).toLowerCase();
    const shown = extension === '' ? 'a file without extension' : `"${extension}"`;
    sink.issue({ location: { file }, message: `cannot read ${shown}: catalogs are .csv or .json files`, severity: 'error' });
  }
}
