// The catalog of a push too large to hold at once. scanCatalog reads every file and runs
// every check, as readCatalog does, but keeps of each product and inventory row only what
// the rules spanning rows need, in a RowIndex on disk; validEntries (valid-entries.ts) then
// reads the files again and hands the valid rows over in batches.

import { stat } from 'node:fs/promises';
import { CatalogCollector } from './collector.js';
import { collectCatalog } from './read-catalog.js';
import type { RowIndex } from './row-index.js';
import type { ReadOptions } from './source.js';
import type { AttributeDefinitionInput, AttributeType, CategoryInput, Issue, OptionInput, RejectedRow } from './types.js';

/** One file of the push as the scan read it, so a later pass can re-read exactly that. */
export interface ScannedFile {
  file: string;
  /** Size and modification time before the scan read it; undefined when the file could not be found. */
  stamp?: { size: number; mtimeMs: number };
  /** False when the file as a whole could not be read: none of its rows count. */
  readable: boolean;
  /** The CSV lines or JSON paths of the product and inventory rows the scan rejected. */
  rejectedRows: Set<number | string>;
}

export interface CatalogScan {
  // Exactly what readCatalog reports for the same files and options.
  issues: Issue[];
  rejected: RejectedRow[];
  rowCount: number;
  unreadableFiles: string[];
  // The valid rows of the sections that stay small, whole, as in readCatalog's catalog.
  categories: CategoryInput[];
  options: OptionInput[];
  attributes: AttributeDefinitionInput[];
  /**
   * The product and inventory rows, compact: the valid products in input order (the order of
   * readCatalog's catalog.products), their SKUs, their variants' options, the counts.
   * Close it (or the scan) when done: it is a temporary database.
   */
  index: RowIndex;
  /** Each attribute's push-wide type: declared, or multiselect when given several values. */
  attributeTypes: ReadonlyMap<string, AttributeType>;
  /** The files in the order given, for validEntries. */
  files: ScannedFile[];
}

export async function scanCatalog(files: string[], options: ReadOptions): Promise<CatalogScan> {
  // Taken before reading, so a change made while the scan reads is caught on the re-read.
  const stamps = await Promise.all(files.map(stampOf));
  const collector = new CatalogCollector();
  try {
    const attributeTypes = await collectCatalog(files, options, collector);
    const rejectedRows = collector.rejectedRowsByFile();
    const { valid, whole: _none, ...read } = collector.result();
    return {
      ...read,
      ...valid,
      index: collector.index,
      attributeTypes,
      files: collector.files.map(({ file, readable }, index) => {
        const stamp = stamps[index];
        return { file, ...(stamp ? { stamp } : {}), readable, rejectedRows: rejectedRows[index] ?? new Set() };
      }),
    };
  } catch (error) {
    collector.index.close();
    throw error;
  }
}

async function stampOf(file: string): Promise<ScannedFile['stamp']> {
  try {
    const { size, mtimeMs } = await stat(file);
    return { size, mtimeMs };
  } catch {
    // The reader reports the file it cannot read.
    return undefined;
  }
}
