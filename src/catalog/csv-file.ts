// Reads one CSV file of a given kind into the collector: header first, then each row.

import type { AttributeTypes } from './attribute-types.js';
import type { CatalogCollector } from './collector.js';
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

export async function readCsvFile(file: string, context: CsvFileContext, collector: CatalogCollector): Promise<void> {
  const batch = collector.startFile(file);
  let layout: CsvLayout | undefined;
  let headerLine = 1;
  let rows = 0;
  for await (const event of readCsvEvents(file, context.renames)) {
    if (event.type === 'fatal') {
      batch.issue(event.issue);
      break;
    }
    if (event.type === 'header') {
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
    const loc = { file, line: record.line };
    switch (context.kind) {
      case 'products':
        batch.add('products', productFromCsv(record, layout, file), loc);
        break;
      case 'categories':
        batch.add('categories', categoryFromCsv(record, layout, file), loc);
        break;
      case 'inventory':
        batch.add('inventory', inventoryFromCsv(record, layout, file), loc);
        break;
    }
  }
  if (layout !== undefined && rows === 0 && !batch.hasFailed) {
    batch.issue({ location: { file, line: headerLine }, message: 'no data rows', severity: 'warning' });
  }
  batch.finish();
}
