// The later passes of a large push: the files are read again and the rows the scan found
// valid are handed over in batches. A CSV file is read only as fast as batches are taken,
// so memory holds about one batch of rows however long the file; a JSON file is parsed
// whole (see json-file.ts), then handed over in batches too.

import { stat } from 'node:fs/promises';
import { InputError } from '../errors.js';
import { resolveAttributeValues } from './attribute-values.js';
import { hasError, rowKey, type RowSink, type RowValues, type Section } from './collector.js';
import { readerContext } from './read-catalog.js';
import { type ReadOptions, SECTION_3_SOURCE } from './source.js';
import type { RowResult } from './row-issues.js';
import type { IndexedProduct } from './row-index.js';
import type { CatalogScan, ScannedFile } from './scan.js';
import type { InventoryRowInput, Issue, ProductInput, SourceLocation } from './types.js';

export type ValidEntry = { section: 'products'; value: ProductInput } | { section: 'inventory'; value: InventoryRowInput };

/**
 * Re-reads the files and yields the valid product and inventory rows (per the scan) in input
 * order, in batches of at most `batchSize` entries, with attribute values resolved exactly as
 * readCatalog resolves them (push-wide attribute types, multiselect splitting, empty attributes
 * dropped). Rows the scan rejected are not yielded. Categories/options/attributes sections are
 * not yielded (the scan holds them). Throws an InputError when a file changed since the scan.
 */
export async function* validEntries(files: string[], options: ReadOptions, scan: CatalogScan, batchSize: number): AsyncGenerator<ValidEntry[]> {
  if (!Number.isSafeInteger(batchSize) || batchSize < 1) throw new RangeError(`batchSize must be a whole number ≥ 1, not ${batchSize}`);
  if (files.length !== scan.files.length || files.some((file, index) => file !== scan.files[index]?.file)) {
    throw new Error('validEntries needs the files the scan read, in the same order');
  }
  // A categories push has no product or inventory rows.
  if (options.kind === 'categories') return;
  const context = readerContext(options);
  const rows = new ValidRows(scan);
  const pass = await (options.source ?? SECTION_3_SOURCE).open(files, context);
  try {
    for (const source of scan.files) {
      if (!source.readable) continue;
      await checkUnchanged(source);
      rows.startFile(source);
      for await (const _row of pass.rows(source.file, rows)) {
        while (rows.waiting >= batchSize) yield rows.take(batchSize);
      }
      rows.endFile();
      // Also after reading: a file edited while a slow push was reading it is no longer the one scanned.
      await checkUnchanged(source);
      while (rows.waiting >= batchSize) yield rows.take(batchSize);
    }
  } finally {
    pass.close?.();
  }
  rows.end();
  while (rows.waiting > 0) yield rows.take(batchSize);
}

function fileChanged(file: string): InputError {
  return new InputError(`${file} changed while it was being pushed; run the push again`);
}

async function checkUnchanged(source: ScannedFile): Promise<void> {
  const now = await stat(source.file).catch(() => undefined);
  const before = source.stamp;
  if (now === undefined || before === undefined || now.size !== before.size || now.mtimeMs !== before.mtimeMs) {
    throw fileChanged(source.file);
  }
}

/**
 * Receives the rows of each file as they are read again and keeps the valid product and
 * inventory rows until they are taken. Anything the scan did not see means the file changed.
 */
class ValidRows implements RowSink {
  private picked: ValidEntry[] = [];
  private taken = 0;
  private source: ScannedFile | undefined;
  private failed = false;
  /** The valid product rows the scan found, in input order: each row read again must be the next. */
  private readonly expected: Iterator<IndexedProduct>;

  constructor(private readonly scan: CatalogScan) {
    this.expected = scan.index.products();
  }

  get waiting(): number {
    return this.picked.length - this.taken;
  }

  take(size: number): ValidEntry[] {
    const batch = this.picked.slice(this.taken, this.taken + size);
    this.taken += batch.length;
    if (this.taken === this.picked.length) {
      this.picked = [];
      this.taken = 0;
    }
    return batch;
  }

  startFile(source: ScannedFile): void {
    this.source = source;
    this.failed = false;
  }

  add<S extends Section>(section: S, row: RowResult<RowValues[S]>, loc: SourceLocation): void {
    const source = this.source!;
    if ((section !== 'products' && section !== 'inventory') || source.rejectedRows.has(rowKey(loc))) return;
    if (hasError(row.issues)) throw fileChanged(source.file);
    if (section === 'inventory') {
      this.picked.push({ section: 'inventory', value: row.value as InventoryRowInput });
      return;
    }
    const product = row.value as ProductInput;
    const next = this.expected.next();
    const expected = next.done === true ? undefined : next.value;
    if (expected === undefined || expected.sku !== product.sku || rowKey(expected.loc) !== rowKey(loc)) {
      throw fileChanged(source.file);
    }
    resolveAttributeValues(product, this.scan.attributeTypes);
    this.picked.push({ section: 'products', value: product });
  }

  issue(issue: Issue): void {
    if (issue.severity === 'error') this.failed = true;
  }

  get hasFailed(): boolean {
    return this.failed;
  }

  /** The scan could read this file whole; if it cannot be read now, it changed. */
  endFile(): void {
    if (this.failed && this.source) throw fileChanged(this.source.file);
  }

  end(): void {
    if (this.expected.next().done !== true) {
      throw new InputError('the input files changed while they were being pushed; run the push again');
    }
  }
}
