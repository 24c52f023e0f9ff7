// The catalog readers: CSV and JSON files in, a validated catalog plus issues out.

export { readCatalog } from './read-catalog.js';
export { scanCatalog, type CatalogScan, type ScannedFile } from './scan.js';
export type { IndexedProduct, RowIndex, VariantOptions } from './row-index.js';
export { validEntries, type ValidEntry } from './valid-entries.js';
export { readCsvEvents, readCsvRecords, MAX_RECORD_BYTES, type CsvRecord } from './csv-records.js';
export { loadColumnMap } from './column-map.js';
export { assertValid } from './assert-valid.js';
export * from './types.js';
export type { CatalogSource, FailureRows, ReadOptions, SourceRead, SourceReader, SourceReport, SyncTarget } from './source.js';
