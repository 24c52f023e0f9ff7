// --from jasper (the default): section 3's CSV and JSON files, read by the catalog's own
// readers. Only one thing is added: a CSV whose header is a platform's export is named for
// what it is, instead of a "missing column sku" the user cannot act on.

import { readCsvEvents, readSection3File, type CatalogSource, type CsvFileContext, type RowSink } from '../catalog-api.js';
import { exportHint } from '../signatures.js';

export const jasperSource: CatalogSource = {
  name: 'jasper',
  open: (_files, context) => Promise.resolve({ rows: (file, sink) => readJasperFile(file, context, sink) }),
};

async function* readJasperFile(file: string, context: CsvFileContext, sink: RowSink): AsyncGenerator<void> {
  if (file.toLowerCase().endsWith('.csv')) {
    const hint = await platformHint(file, context);
    if (hint) {
      sink.issue({ location: { file, line: hint.line }, message: hint.message, severity: 'error' });
      return;
    }
  }
  yield* readSection3File(file, context, sink);
}

/** Reads only the header row. */
async function platformHint(file: string, context: CsvFileContext): Promise<{ line: number; message: string } | undefined> {
  for await (const event of readCsvEvents(file, context.renames)) {
    if (event.type !== 'header') return undefined;
    const message = exportHint(event.header.names, 'jasper');
    return message ? { line: event.header.line, message } : undefined;
  }
  return undefined;
}
