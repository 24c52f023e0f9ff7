// Reads one CSV file of a given kind into a sink: header first, then each row.

import type { AttributeTypes } from './attribute-types.js';
import type { RowSink } from './collector.js';
import { planColumns, type CsvLayout } from './csv-columns.js';
import { productFromCsv } from './csv-product-row.js';
import { readCsvEvents } from './csv-records.js';
import { categoryFromCsv, inventoryFromCsv } from './csv-simple-rows.js';
import type { HeaderRenames } from './header-names.js';
import type { CatalogKind } from './types.js';

export interface CsvFileContext {
  kind: CatalogKind;
  priceBase: string;
  renames: HeaderRenames;
  attributeTypes: AttributeTypes;
}

/** A source's own check of a header: the message when the file must not be read with it. */
export type HeaderRefusal = (names: readonly string[]) => string | undefined;

/**
 * Reads one CSV file into `sink`, pausing after each row until the caller asks for more:
 * a caller that hands rows on in batches holds the file back while a batch is being used.
 */
export async function* readCsvRows(file: string, context: CsvFileContext, batch: RowSink, refuseHeader?: HeaderRefusal): AsyncGenerator<void> {
  let layout: CsvLayout | undefined;
  let headerLine = 1;
  let rows = 0;
  for await (const event of readCsvEvents(file, context.renames)) {
    if (event.type === 'fatal') {
      batch.issue(event.issue);
      break;
    }
    if (event.type === 'header') {
      const refusal = refuseHeader?.(event.header.names);
      if (refusal !== undefined) {
        batch.issue({ location: { file, line: event.header.line }, message: refusal, severity: 'error' });
        break;
      }
      const planned = planColumns(event.header, { file, ...context });
      for (const issue of planned.issues) batch.issue(issue);
      // A bad header makes every row unreadable; one report is enough.
      if (batch.hasFailed) break;
      layout = planned.layout;
      headerLine = event.header.line;
      continue;
    }
    if (layout === undefined) break;
    rows++;
    const { record } = event;
    // Each row is added with its own location object; a second copy per row adds up at 100,000 rows.
    switch (context.kind) {
      case 'products': {
        const row = productFromCsv(record, layout, file);
        batch.add('products', row, row.value.loc);
        break;
      }
      case 'categories': {
        const row = categoryFromCsv(record, layout, file);
        batch.add('categories', row, row.value.loc);
        break;
      }
      case 'inventory': {
        const row = inventoryFromCsv(record, layout, file);
        batch.add('inventory', row, row.value.loc);
        break;
      }
    }
    yield;
  }
  if (layout !== undefined && rows === 0 && !batch.hasFailed) {
    batch.issue({ location: { file, line: headerLine }, message: 'no data rows', severity: 'warning' });
  }
}
