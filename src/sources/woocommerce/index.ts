// --from woocommerce: WooCommerce's built-in product CSV exporter (simple, variable, variation,
// grouped, external rows; Parent as a SKU or id:N; a UTF-8 BOM).

import type { CatalogSource, CsvFileContext, RowSink } from '../catalog-api.js';
import { checkRequiredColumns, declareTypes, readSourceTable, widthIssue } from '../source-table.js';
import type { SourceOptions } from '../source-options.js';
import { REQUIRED_COLUMNS } from './columns.js';
import { attributeNumbersOf, indexWooFiles, type WooIndex } from './index-pass.js';
import { dimensionColumns, wooProduct } from './product-row.js';

export function woocommerceSource(options: SourceOptions): CatalogSource {
  return {
    name: 'woocommerce',
    failureRows: { headerAsWritten: true },
    async open(files, context) {
      const index = await indexWooFiles(files, context.renames);
      return { rows: (file, sink) => readWooFile(file, context, sink, index, options), close: () => index.close() };
    },
  };
}

async function* readWooFile(file: string, context: CsvFileContext, sink: RowSink, index: WooIndex, options: SourceOptions): AsyncGenerator<void> {
  let attributeNumbers: string[] = [];
  let dimensions: string[] = [];
  let rows = 0;
  for await (const event of readSourceTable(file, context.renames)) {
    if (event.type === 'fatal') {
      sink.issue(event.issue);
      return;
    }
    if (event.type === 'header') {
      for (const issue of checkRequiredColumns(file, event.header, event.index, REQUIRED_COLUMNS, 'woocommerce')) sink.issue(issue);
      if (sink.hasFailed) return;
      attributeNumbers = attributeNumbersOf(event.header.names);
      dimensions = dimensionColumns(event.header.names);
      continue;
    }
    const { record } = event;
    rows++;
    const draft = wooProduct(record, { file, priceBase: context.priceBase, location: options.location, index, attributeNumbers, dimensions });
    const width = widthIssue(file, record);
    if (width) draft.issues.list.unshift(width);
    declareTypes(draft.product.attributes, context, { file, line: record.line });
    sink.add('products', draft.result(), draft.product.loc);
    yield;
  }
  if (rows === 0) sink.issue({ location: { file, line: 1 }, message: 'no data rows', severity: 'warning' });
}
