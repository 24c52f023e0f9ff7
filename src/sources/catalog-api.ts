// What the sources use of the catalog: its types, value parsers and the CSV record stream.
export { readCsvEvents, type CsvHeader, type CsvEvent } from '../catalog/csv-records.js';
export type { HeaderRenames } from '../catalog/header-names.js';
export type { RowSink } from '../catalog/collector.js';
export type { CsvFileContext } from '../catalog/csv-file.js';
export { RowIssues, emptyProduct, unique, type RowResult } from '../catalog/row-issues.js';
export { parseBoolean, parseCount, parsePrice, type Parsed } from '../catalog/values.js';
export { SECTION_3_SOURCE, readSection3File, type CatalogSource, type SourcePass, type FailureGroups } from '../catalog/source.js';
export * from '../catalog/types.js';
