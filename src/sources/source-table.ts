// A platform's CSV export read as a table: the header by name, each record by name, with the
// physical line every record starts on. Platform headers are matched trimmed and
// case-insensitively (the section 3 header normalisation), so a failures file written from
// the normalised header reads back the same.

import { readCsvEvents, type AttributeType, type CsvFileContext, type CsvHeader, type HeaderRenames, type Issue } from './catalog-api.js';
import { exportHint } from './signatures.js';

export interface SourceRecord {
  line: number;
  /** The trimmed cell under a column (normalised name), '' when the column is absent or empty. */
  cell(name: string): string;
  /** The cell as written (for HTML descriptions whose leading spaces matter little but newlines do). */
  raw(name: string): string;
  has(name: string): boolean;
  /** The column's label as the file writes it, for issues. */
  label(name: string): string;
  readonly width: number;
  readonly cells: readonly string[];
  readonly header: readonly string[];
}

type TableEvent =
  { type: 'header'; header: CsvHeader; index: ReadonlyMap<string, number> } | { type: 'record'; record: SourceRecord } | { type: 'fatal'; issue: Issue };

export async function* readSourceTable(file: string, renames: HeaderRenames): AsyncGenerator<TableEvent> {
  let index: Map<string, number> | undefined;
  let header: CsvHeader | undefined;
  for await (const event of readCsvEvents(file, renames)) {
    if (event.type === 'fatal') {
      yield event;
      return;
    }
    if (event.type === 'header') {
      header = event.header;
      index = new Map();
      header.names.forEach((name, position) => {
        if (!index!.has(name)) index!.set(name, position);
      });
      yield { type: 'header', header, index };
      continue;
    }
    yield { type: 'record', record: sourceRecord(event.record.line, event.record.cells, header!, index!) };
  }
}

function sourceRecord(line: number, cells: string[], header: CsvHeader, index: ReadonlyMap<string, number>): SourceRecord {
  const at = (name: string): string => {
    const position = index.get(name);
    return position === undefined ? '' : (cells[position] ?? '');
  };
  return {
    line,
    cell: (name) => at(name).trim(),
    raw: at,
    has: (name) => index.has(name),
    label: (name) => {
      const position = index.get(name);
      return position === undefined ? name : (header.labels[position] ?? name);
    },
    width: header.names.length,
    cells,
    header: header.names,
  };
}

/**
 * The header problems of a platform file: the columns it must have. When they are missing and
 * the header is another platform's, the issue says which one.
 */
export function checkRequiredColumns(
  file: string,
  header: CsvHeader,
  index: ReadonlyMap<string, number>,
  required: readonly string[],
  sourceName: string,
): Issue[] {
  const missing = required.filter((name) => !index.has(name));
  if (missing.length === 0) return [];
  const hint = exportHint(header.names, sourceName);
  const what = `missing column${missing.length === 1 ? '' : 's'} ${missing.map((name) => `"${name}"`).join(', ')}`;
  const message = hint ? `${hint} (${what})` : `${what}: --from ${sourceName} reads ${EXPORT_NAMES[sourceName] ?? `a ${sourceName} export`}`;
  return [{ location: { file, line: header.line }, message, severity: 'error' }];
}

/** What each source reads, as its platform's admin names it. */
const EXPORT_NAMES: Record<string, string> = {
  shopify: "Shopify's product CSV (Products > Export)",
  woocommerce: "WooCommerce's product CSV (Products > Export)",
  magento: "Magento's catalog_product export (System > Data Transfer > Export, entity type Products)",
};

/** A row's width must match the header's, or its cells would land in the wrong columns. */
export function widthIssue(file: string, record: SourceRecord): Issue | undefined {
  if (record.cells.length === record.width) return undefined;
  return { location: { file, line: record.line }, message: `row has ${record.cells.length} cells but the header has ${record.width}`, severity: 'error' };
}

/** A typed attribute value is declared, so every row of the push gives the attribute that type. */
export function declareTypes(
  attributes: readonly { name: string; type?: AttributeType }[],
  context: CsvFileContext,
  where: { file: string; line: number },
): void {
  for (const attribute of attributes) if (attribute.type) context.attributeTypes.declare(attribute.name, attribute.type, where);
}
