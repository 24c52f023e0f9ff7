// Reads every file of a push into one catalog: each file by its format, then the rules
// that span files (SKUs are unique across the whole push), then the split into valid
// rows, rejected rows and issues.

import { AttributeTypes } from './attribute-types.js';
import { resolveAttributeValues, settleAttributeTypes } from './attribute-values.js';
import { CatalogCollector } from './collector.js';
import { runCrossChecks } from './cross-checks.js';
import type { CsvFileContext } from './csv-file.js';
import { prepareRenames } from './header-names.js';
import { type ReadOptions, SECTION_3_SOURCE } from './source.js';
import type { AttributeType, ReadResult } from './types.js';

export async function readCatalog(files: string[], options: ReadOptions): Promise<ReadResult> {
  const collector = new CatalogCollector(true);
  try {
    const attributeTypes = await collectCatalog(files, options, collector);
    const { valid, whole, ...read } = collector.result();
    for (const product of whole.products) resolveAttributeValues(product, attributeTypes);
    return { catalog: { ...valid, ...whole }, ...read };
  } finally {
    collector.index.close();
  }
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
export async function collectCatalog(files: string[], options: ReadOptions, collector: CatalogCollector): Promise<Map<string, AttributeType>> {
  const context = readerContext(options);
  const pass = await (options.source ?? SECTION_3_SOURCE).open(files, context);
  try {
    for (const file of files) {
      const batch = collector.startFile(file);
      for await (const _row of pass.rows(file, batch)) {
        // Each row is in the batch already.
      }
      batch.finish();
    }
  } finally {
    pass.close?.();
  }
  runCrossChecks(collector);
  return settleAttributeTypes(collector.multiValued, context.attributeTypes, (row, issue) => collector.flag(row.order, 'products', issue, row.key));
}
