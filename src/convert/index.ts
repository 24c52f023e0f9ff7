// convert --from <source> <file...> --out <dir>: another platform's export written as section 3
// files (products.csv, categories.csv) that push to exactly the state `--from` pushes. The
// input is validated first, as a push does; then read twice as a stream: once for the columns,
// once for the rows, which go straight to the file. An API source's read is section 3 files
// already (categories with every field, not only their paths): converting it is reading it into --out.

import fs from 'node:fs';
import path from 'node:path';
import { finished } from 'node:stream/promises';
import { assertValid, scanCatalog, validEntries, type CatalogSource, type ReadOptions } from '../catalog/index.js';
import { csvLine } from '../files/csv-line.js';
import { writeFailures } from '../run/run-files.js';
import { RowLedger } from '../run/row-outcomes.js';
import { formatIssue } from '../catalog/types.js';
import { Section3Columns } from './section3-columns.js';

const BATCH = 1_000;

export interface ConvertOptions {
  files: string[];
  out: string;
  source: CatalogSource;
  priceBase: string;
  columnMap?: Record<string, string>;
  skipInvalid?: boolean;
}

export type ConvertResult = ConvertedFiles | SourceReadFiles;

export interface ConvertedFiles {
  from: string;
  files: { products: string; categories: string; failures: string | undefined };
  products: number;
  variants: number;
  categories: number;
  invalidRows: number;
  /** The input's warnings (Magento images without --media-url…), as push and validate print them. */
  warnings: string[];
}

/** An API source's read, in --out as it was read. */
export interface SourceReadFiles {
  from: string;
  files: string[];
  /** What was read (summary.json's `source` of a push, without the name). */
  counts: Record<string, unknown>;
}

export async function convert(options: ConvertOptions): Promise<ConvertResult> {
  if (options.source.reader) {
    const { files, report } = await options.source.reader.read(options.out);
    const { name, ...counts } = report;
    return { from: name, files, counts };
  }
  return convertFiles(options);
}

async function convertFiles(options: ConvertOptions): Promise<ConvertedFiles> {
  const read: ReadOptions = {
    kind: 'products',
    priceBase: options.priceBase,
    source: options.source,
    ...(options.columnMap ? { columnMap: options.columnMap } : {}),
  };
  const scan = await scanCatalog(options.files, read);
  try {
    assertValid(scan, Boolean(options.skipInvalid), 'converts');
    fs.mkdirSync(options.out, { recursive: true });

    const columns = new Section3Columns();
    for await (const batch of validEntries(options.files, read, scan, BATCH)) {
      for (const entry of batch) if (entry.section === 'products') columns.see(entry.value);
    }
    const productsFile = path.join(options.out, 'products.csv');
    let products = 0;
    let variants = 0;
    await writeStreamed(productsFile, async (write) => {
      await write(csvLine(columns.header()));
      for await (const batch of validEntries(options.files, read, scan, BATCH)) {
        for (const entry of batch) {
          if (entry.section !== 'products') continue;
          await write(csvLine(columns.row(entry.value)));
          if (entry.value.parentSku === undefined) products++;
          else variants++;
        }
      }
    });
    const categoriesFile = path.join(options.out, 'categories.csv');
    await writeStreamed(categoriesFile, async (write) => {
      await write('path');
      for (const key of columns.categories.keys()) await write(csvLine([key]));
    });

    // Invalid rows (with --skip-invalid) go to a failures file in the source's own shape, as a push's do.
    let failures: string | undefined;
    if (scan.rejected.length > 0) {
      const ledger = new RowLedger();
      ledger.rejected('products', scan.rejected);
      try {
        failures = await writeFailures(options.out, ledger.problems(), options.columnMap, options.source.failureRows);
      } finally {
        ledger.close();
      }
    }
    return {
      from: options.source.name,
      files: { products: productsFile, categories: categoriesFile, failures },
      products,
      variants,
      categories: columns.categories.size,
      invalidRows: scan.rejected.length,
      warnings: scan.issues.filter((issue) => issue.severity === 'warning').map(formatIssue),
    };
  } finally {
    scan.index.close();
  }
}

/** Lines written as they come, to a temporary file renamed into place once complete. */
async function writeStreamed(file: string, fill: (write: (line: string) => Promise<void>) => Promise<void>): Promise<void> {
  const temporary = `${file}.${process.pid}.tmp`;
  const stream = fs.createWriteStream(temporary, { encoding: 'utf8' });
  const write = async (line: string): Promise<void> => {
    if (!stream.write(`${line}\n`)) await new Promise<void>((resolve) => stream.once('drain', resolve));
  };
  try {
    await fill(write);
    stream.end();
    await finished(stream);
    fs.renameSync(temporary, file);
  } catch (error) {
    stream.destroy();
    fs.rmSync(temporary, { force: true });
    throw error;
  }
}
