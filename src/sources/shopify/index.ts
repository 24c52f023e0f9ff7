// --from shopify: Shopify's product CSV. A product's rows share its Handle and come together;
// they are gathered per handle (a handle at a time in memory) and handed on as one product,
// or as a parent with its variants.

import {
  emptyProduct,
  type CatalogSource,
  type CsvFileContext,
  type FailureRows,
  type Issue,
  type ProductInput,
  type RowResult,
  type RowSink,
} from '../catalog-api.js';
import { checkRequiredColumns, declareTypes, readSourceTable, widthIssue, type SourceRecord } from '../source-table.js';
import type { SourceOptions } from '../source-options.js';
import { REQUIRED_COLUMNS, S } from './columns.js';
import { HANDLE_PATH_PREFIX, handleProducts } from './handle-rows.js';

/** In the failures file, a failed product brings every row of its handle. */
const HANDLE_GROUPS: FailureRows['group'] = {
  ofRecord: (header, cells) => {
    const index = header.indexOf(S.handle);
    const handle = index < 0 ? '' : (cells[index] ?? '').trim();
    return handle === '' ? undefined : handle;
  },
  ofLocation: (loc) => (loc.path?.startsWith(HANDLE_PATH_PREFIX) ? loc.path.slice(HANDLE_PATH_PREFIX.length) : undefined),
};

export function shopifySource(options: SourceOptions): CatalogSource {
  return {
    name: 'shopify',
    open: (_files, context) => Promise.resolve({ rows: (file, sink) => readShopifyFile(file, context, sink, options) }),
    failureRows: { group: HANDLE_GROUPS, headerAsWritten: true },
  };
}

async function* readShopifyFile(file: string, context: CsvFileContext, sink: RowSink, options: SourceOptions): AsyncGenerator<void> {
  const handleContext = { file, priceBase: context.priceBase, location: options.location };
  /** Where each handle started, so a handle that comes back later is reported. */
  const seen = new Map<string, number>();
  let group: SourceRecord[] = [];
  let rows = 0;
  const flush = function* (): Generator<void> {
    if (group.length === 0) return;
    for (const draft of handleProducts(group, handleContext)) {
      declareTypes(draft.product.attributes, context, { file, line: group[0]!.line });
      sink.add('products', draft.result(), draft.product.loc);
      yield;
    }
    group = [];
  };
  for await (const event of readSourceTable(file, context.renames)) {
    if (event.type === 'fatal') {
      sink.issue(event.issue);
      return;
    }
    if (event.type === 'header') {
      for (const issue of checkRequiredColumns(file, event.header, event.index, REQUIRED_COLUMNS, 'shopify')) sink.issue(issue);
      if (sink.hasFailed) return;
      continue;
    }
    const { record } = event;
    rows++;
    const handle = record.cell(S.handle);
    const width = widthIssue(file, record);
    const problem = width ?? (handle === '' ? located(file, record, 'no Handle: every row of a Shopify export names its product') : undefined);
    const earlier = seen.get(handle);
    const current = group[0]?.cell(S.handle);
    if (problem === undefined && handle !== current && earlier !== undefined) {
      yield* flush();
      sink.add(
        'products',
        rejectedRow(file, record, located(file, record, `handle "${handle}" appears again (first at line ${earlier}): keep the rows of a product together`)),
        { file, line: record.line },
      );
      yield;
      continue;
    }
    if (problem) {
      yield* flush();
      sink.add('products', rejectedRow(file, record, problem), { file, line: record.line });
      yield;
      continue;
    }
    if (handle !== current) {
      yield* flush();
      seen.set(handle, record.line);
    }
    group.push(record);
  }
  yield* flush();
  if (rows === 0) sink.issue({ location: { file, line: 1 }, message: 'no data rows', severity: 'warning' });
}

function located(file: string, record: SourceRecord, message: string): Issue {
  return { location: { file, line: record.line }, column: record.label(S.handle), message, severity: 'error' };
}

/** A row that cannot join any product: rejected on its own, with its SKU for the results file. */
function rejectedRow(file: string, record: SourceRecord, issue: Issue): RowResult<ProductInput> {
  const sku = record.cell(S.sku);
  return { value: emptyProduct({ file, line: record.line }, sku), ...(sku ? { key: sku } : {}), issues: [issue] };
}
