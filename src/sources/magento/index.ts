// --from magento: Magento 2's catalog_product export (one row per SKU, parents after their
// children), plus the sample data's link files (`sku,linked_sku`, relation from the file name).

import type { CatalogSource, CsvFileContext, RowSink } from '../catalog-api.js';
import { checkRequiredColumns, declareTypes, readSourceTable, widthIssue } from '../source-table.js';
import type { SourceOptions } from '../source-options.js';
import { REQUIRED_COLUMNS, M } from './columns.js';
import { indexMagentoFiles, type MagentoIndex } from './index-pass.js';
import { isLinkHeader, LINK_COLUMNS, relationOfFile } from './links.js';
import { hasRelativeImages, magentoProduct } from './product-row.js';
import { withLinkColumns } from './failure-rows.js';

export function magentoSource(options: SourceOptions): CatalogSource {
  /** The index of the latest pass: the failures file is written after the push read the files. */
  let latest: MagentoIndex | undefined;
  return {
    name: 'magento',
    async open(files, context) {
      const index = await indexMagentoFiles(files, context.renames);
      latest = index;
      return { rows: (file, sink) => readMagentoFile(file, context, sink, index, options), close: () => index.close() };
    },
    failureRows: { complete: (header, cells) => withLinkColumns(header, cells, latest), headerAsWritten: true },
  };
}

async function* readMagentoFile(file: string, context: CsvFileContext, sink: RowSink, index: MagentoIndex, options: SourceOptions): AsyncGenerator<void> {
  let kind: 'products' | 'links' | undefined;
  let warnedImages = false;
  let rows = 0;
  const relation = relationOfFile(file);
  for await (const event of readSourceTable(file, context.renames)) {
    if (event.type === 'fatal') {
      sink.issue(event.issue);
      return;
    }
    if (event.type === 'header') {
      if (isLinkHeader(event.header.names)) {
        kind = 'links';
        if (relation === undefined) {
          sink.issue({
            location: { file, line: event.header.line },
            message: 'a link file\'s name says its relation: it must contain "related", "upsell" or "crosssell"',
            severity: 'error',
          });
          return;
        }
        continue;
      }
      for (const issue of checkRequiredColumns(file, event.header, event.index, REQUIRED_COLUMNS, 'magento')) sink.issue(issue);
      if (sink.hasFailed) return;
      kind = 'products';
      continue;
    }
    const { record } = event;
    rows++;
    if (kind === 'links') {
      const sku = record.cell(LINK_COLUMNS.sku);
      if (sku !== '' && !index.skus.has(sku)) {
        sink.issue({
          location: { file, line: record.line },
          column: record.label(LINK_COLUMNS.sku),
          message: `"${sku}" is not in the product files; its ${relation} links are not pushed`,
          severity: 'warning',
        });
      }
      continue;
    }
    if (record.cell(M.storeView) !== '') {
      sink.issue({
        location: { file, line: record.line },
        column: record.label(M.storeView),
        message: 'a store view row (translated values) is not pushed: Jasper gets the default values',
        severity: 'warning',
      });
      continue;
    }
    if (options.mediaUrl === undefined && !warnedImages && hasRelativeImages(record)) {
      warnedImages = true;
      sink.issue({
        location: { file, line: record.line },
        column: record.label(M.baseImage),
        message: "images are paths relative to the store's media folder: add --media-url <base URL> to push them",
        severity: 'warning',
      });
    }
    const width = widthIssue(file, record);
    const draft = magentoProduct(record, { file, priceBase: context.priceBase, location: options.location, mediaUrl: options.mediaUrl, index });
    if (width) draft.issues.list.unshift(width);
    declareTypes(draft.product.attributes, context, { file, line: record.line });
    sink.add('products', draft.result(), draft.product.loc);
    yield;
  }
  if (kind !== undefined && rows === 0) sink.issue({ location: { file, line: 1 }, message: 'no data rows', severity: 'warning' });
}
