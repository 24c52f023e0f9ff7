// --from jasper (the default): section 3's CSV and JSON files, read by the catalog's own
// readers. Only one thing is added: a CSV whose header is a platform's export is named for
// what it is, instead of a "missing column sku" the user cannot act on. The header is checked
// in the same read as the rows: a read of its own parsed the file's whole first chunk again.

import { readSection3File, type CatalogSource } from '../catalog-api.js';
import { exportHint } from '../signatures.js';

export const jasperSource: CatalogSource = {
  name: 'jasper',
  open: (_files, context) => Promise.resolve({ rows: (file, sink) => readSection3File(file, context, sink, (names) => exportHint(names, 'jasper')) }),
};
