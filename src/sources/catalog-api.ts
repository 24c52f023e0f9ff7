// What the sources use of the catalog: its types, value parsers and the CSV record stream.
export { readCsvEvents, type CsvHeader } from '../catalog/csv-records.js';
export type { HeaderRenames } from '../catalog/header-names.js';
export type { RowSink } from '../catalog/collector.js';
export type { CsvFileContext } from '../catalog/csv-file.js';
export { RowIssues, emptyProduct, type RowResult } from '../catalog/row-issues.js';
export { checkBarcode, parseBoolean, parseImageUrl, parsePrice } from '../catalog/values.js';
export { readSection3File, type CatalogSource, type FailureRows, type SourceRead, type SyncTarget } from '../catalog/source.js';
export * from '../catalog/types.js';
