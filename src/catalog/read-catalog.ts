// Reads every file of a push into one catalog: each file by its format, then the rules
// that span files (SKUs are unique across the whole push), then the split into valid
// rows, rejected rows and issues.

import { extname } from 'node:path';
import { AttributeTypes } from './attribute-types.js';
import { resolveAttributeValues } from './attribute-values.js';
import { CatalogCollector } from './collector.js';
import { runCrossChecks } from './cross-checks.js';
import { readCsvFile } from './csv-file.js';
import { prepareRenames } from './header-names.js';
import { readJsonFile } from './json-file.js';
import type { ReadOptions, ReadResult } from './types.js';

export async function readCatalog(files: string[], options: ReadOptions): Promise<ReadResult> {
  const collector = new CatalogCollector();
  const attributeTypes = new AttributeTypes();
  const renames = prepareRenames(options.columnMap);
  const context = { kind: options.kind, priceBase: options.priceBase, attributeTypes };
  for (const file of files) {
    const extension = extname(file).toLowerCase();
    if (extension === '.csv') await readCsvFile(file, { ...context, renames }, collector);
    else if (extension === '.json') await readJsonFile(file, context, collector);
    else {
      const batch = collector.startFile(file);
      const shown = extension === '' ? 'a file without extension' : `"${extension}"`;
      batch.issue({ location: { file }, message: `cannot read ${shown}: catalogs are .csv or .json files`, severity: 'error' });
      batch.finish();
    }
  }
  runCrossChecks(collector);
  resolveAttributeValues(collector.entries.products, attributeTypes);
  return collector.result();
}
