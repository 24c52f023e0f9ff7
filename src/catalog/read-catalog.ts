// Reads every file of a push into one catalog: each file by its format, then the rules
// that span files (SKUs are unique across the whole push), then the split into valid
// rows, rejected rows and issues.

import { extname } from 'node:path';
import { AttributeTypes } from './attribute-types.js';
import { resolveAttributeValues, settleAttributeTypes } from './attribute-values.js';
import { CatalogCollector, KEEP_WHOLE, type InventoryFacts, type ProductFacts } from './collector.js';
import { runCrossChecks } from './cross-checks.js';
import { readCsvFile, type CsvFileContext } from './csv-file.js';
import { prepareRenames } from './header-names.js';
import { readJsonFile } from './json-file.js';
import type { AttributeType, ReadOptions, ReadResult } from './types.js';

export async function readCatalog(files: string[], options: ReadOptions): Promise<ReadResult> {
  const collector = new CatalogCollector(KEEP_WHOLE);
  const attributeTypes = await collectCatalog(files, options, collector);
  for (const { value } of collector.entries.products) resolveAttributeValues(value, attributeTypes);
  const { valid, ...read } = collector.result();
  return { catalog: valid, ...read };
}

export type FileFormat = 'csv' | 'json';

export function fileFormat(file: string): FileFormat | undefined {
  const extension = extname(file).toLowerCase();
  return extension === '.csv' ? 'csv' : extension === '.json' ? 'json' : undefined;
}

/** The context the readers share for one push: `attributeTypes` fills up as files are read. */
export function readerContext(options: ReadOptions): CsvFileContext {
  return {
    kind: options.kind,
    priceBase: options.priceBase,
    renames: prepareRenames(options.columnMap),
    attributeTypes: new AttributeTypes(),
  };
}

/**
 * Reads every file into the collector and runs the rules that span rows and files.
 * Returns each attribute's push-wide type, for resolving attribute values.
 */
export async function collectCatalog<P extends ProductFacts, I extends InventoryFacts>(
  files: string[],
  options: ReadOptions,
  collector: CatalogCollector<P, I>,
): Promise<Map<string, AttributeType>> {
  const context = readerContext(options);
  for (const file of files) {
    const batch = collector.startFile(file);
    const format = fileFormat(file);
    if (format === 'csv') await readCsvFile(file, context, batch);
    else if (format === 'json') await readJsonFile(file, context, batch);
    else {
      const extension = extname(file).toLowerCase();
      const shown = extension === '' ? 'a file without extension' : `"${extension}"`;
      batch.issue({ location: { file }, message: `cannot read ${shown}: catalogs are .csv or .json files`, severity: 'error' });
    }
    batch.finish();
  }
  runCrossChecks(collector.entries);
  return settleAttributeTypes(collector.entries.products, context.attributeTypes);
}
