// The files a read of a project leaves in its folder. Its own module so that the source can name
// them without loading the exporter, and with it the commercetools SDK, for a command that never
// reads a project.
export const CATEGORIES_FILE = 'categories.json';
export const PRODUCTS_FILE = 'products.csv';
/** What the export read, beside the files: the push's summary and --since use it. */
export const EXPORT_INFO_FILE = 'export.json';
