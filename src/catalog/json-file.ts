// Reads one JSON catalog file into a sink. The whole file is parsed at once
// (JSON has no streaming row boundary worth the complexity); every row is then checked
// like a CSV row, with its JSON path as location.

import { readFile } from 'node:fs/promises';
import type { AttributeTypes } from './attribute-types.js';
import type { RowSink } from './collector.js';
import { describeJsonType, isJsonObject, type JsonObject } from './json-fields.js';
import { readJsonProducts } from './json-products.js';
import { readJsonAttributes, readJsonCategories, readJsonInventory, readJsonOptions } from './json-sections.js';
import { describeJsonSyntaxError } from './json-syntax.js';
import type { CatalogKind, Issue, SourceLocation } from './types.js';
import { decodeUtf8 } from './utf8-check.js';

const SECTIONS = ['categories', 'options', 'attributes', 'products', 'inventory'] as const;
type SectionName = (typeof SECTIONS)[number];

/** Which sections a push of each kind reads; the others are reported as ignored. */
const SECTIONS_FOR: Record<CatalogKind, readonly SectionName[]> = {
  products: SECTIONS,
  categories: ['categories'],
  inventory: ['inventory'],
};

export interface JsonFileContext {
  kind: CatalogKind;
  priceBase: string;
  attributeTypes: AttributeTypes;
}

export async function readJsonFile(file: string, context: JsonFileContext, batch: RowSink): Promise<void> {
  const top = await parseFile(file, batch);
  if (top !== undefined) readSections(top, file, context, batch);
}

function error(location: SourceLocation, message: string, column?: string): Issue {
  return { location, ...(column === undefined ? {} : { column }), message, severity: 'error' };
}

async function parseFile(file: string, batch: RowSink): Promise<JsonObject | undefined> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (cause) {
    batch.issue(error({ file }, `cannot read the file: ${cause instanceof Error ? cause.message : String(cause)}`));
    return undefined;
  }
  const decoded = decodeUtf8(bytes);
  if ('invalidLine' in decoded) {
    batch.issue(error({ file, line: decoded.invalidLine }, 'invalid UTF-8: save the file with UTF-8 encoding'));
    return undefined;
  }
  if (decoded.text.trim() === '') {
    batch.issue(error({ file, line: 1 }, 'file is empty: a JSON object is expected'));
    return undefined;
  }
  let top: unknown;
  try {
    top = JSON.parse(decoded.text);
  } catch (cause) {
    const problem = describeJsonSyntaxError(decoded.text, cause);
    batch.issue(error({ file, line: problem.line }, `JSON syntax error: ${problem.message} (column ${problem.column})`));
    return undefined;
  }
  if (!isJsonObject(top)) {
    const sections = '"products", "categories", "options", "attributes" and "inventory"';
    batch.issue(error({ file }, `the top level must be an object with ${sections} sections, not ${describeJsonType(top)}`));
    return undefined;
  }
  return top;
}

function readSections(top: JsonObject, file: string, context: JsonFileContext, batch: RowSink): void {
  const wanted = SECTIONS_FOR[context.kind];
  const lists = new Map<SectionName, unknown[]>();
  for (const [key, value] of Object.entries(top)) {
    const section = SECTIONS.find((name) => name === key);
    if (section === undefined) {
      if (!key.startsWith('_')) batch.issue({ location: { file, path: key }, message: `unknown section "${key}" is ignored`, severity: 'warning' });
    } else if (!wanted.includes(section)) {
      batch.issue({ location: { file, path: key }, message: `section "${key}" is ignored when pushing ${context.kind}`, severity: 'warning' });
    } else if (Array.isArray(value)) {
      lists.set(section, value);
    } else if (value !== null) {
      // Without the list nothing of this section can be read; the file cannot be pushed in part.
      batch.issue(error({ file, path: key }, `must be an array, not ${describeJsonType(value)}`));
    }
  }
  if (batch.hasFailed) return;
  // Declarations first, so product rows see declared attribute types.
  readJsonCategories(lists.get('categories') ?? [], file, batch);
  readJsonOptions(lists.get('options') ?? [], file, batch);
  readJsonAttributes(lists.get('attributes') ?? [], file, batch, context.attributeTypes);
  readJsonProducts(lists.get('products') ?? [], file, context.priceBase, batch);
  readJsonInventory(lists.get('inventory') ?? [], file, batch);
  const rows = wanted.reduce((sum, name) => sum + (lists.get(name)?.length ?? 0), 0);
  if (rows === 0) batch.issue({ location: { file }, message: 'no data rows', severity: 'warning' });
}
