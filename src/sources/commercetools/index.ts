// commercetools as a source (SPEC §11): what the CLI and a `convert --from commercetools` use.
export { CommercetoolsClient, DEFAULT_SOURCE_CONCURRENCY, MAX_SOURCE_CONCURRENCY } from './client.js';
export { CommercetoolsError } from './errors.js';
export {
  CATEGORIES_FILE,
  EXPORT_INFO_FILE,
  exportCommercetoolsProject,
  PRODUCTS_FILE,
  type ExportCounts,
  type ExportOptions,
  type ExportResult,
} from './exporter.js';
export { parsePriceBaseMap } from './prices.js';
export { resolveCommercetoolsSettings, resolveCommercetoolsTarget, type CommercetoolsSettings } from './settings.js';
