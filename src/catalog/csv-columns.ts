// Turns a CSV header into the list of columns a row reader uses, for one catalog kind.
// Every header problem is found here, once per file, so a bad header is reported a single
// time instead of on every row, and a file with a header error is not read further.

import type { AttributeTypes } from './attribute-types.js';
import type { CsvHeader, CsvRecord } from './csv-records.js';
import { interpretHeaderName } from './header-names.js';
import type { RowIssues } from './row-issues.js';
import { PRICE_FIELDS, type AttributeType, type BarcodeType, type CatalogKind, type Issue, type PriceField, type SourceLocation } from './types.js';

export type ColumnUse =
  | { use: 'field'; name: string }
  | { use: 'price'; base: string; field: PriceField }
  | { use: 'option'; name: string }
  | { use: 'attr'; name: string; hint?: AttributeType }
  | { use: 'inventory'; location: string }
  | { use: 'related'; relation: string }
  | { use: 'barcode'; barcodeType: BarcodeType };

export type Column = ColumnUse & { index: number; label: string };

export interface CsvLayout {
  columns: Column[];
  /** Index of each plain field column, e.g. "sku" → 0. */
  fieldIndex: ReadonlyMap<string, number>;
  /** Number of header cells, which every row must match. */
  width: number;
}

const FIELDS: Record<CatalogKind, readonly string[]> = {
  products: [
    'sku',
    'name',
    'parent_sku',
    'categories',
    'enabled',
    'is_visible',
    'desc_short',
    'desc_long',
    'product_url',
    'style_id',
    'brand_id',
    'page_title',
    'images',
  ],
  categories: ['path', 'desc', 'slug', 'is_visible', 'seo_meta_title', 'seo_meta_desc', 'seo_meta_keywords', 'search_keywords'],
  inventory: ['sku', 'location', 'count_on_hand', 'site', 'bin', 'type', 'count_on_hold', 'source'],
};

const REQUIRED: Record<CatalogKind, readonly string[]> = {
  products: ['sku'],
  categories: ['path'],
  inventory: ['sku', 'location', 'count_on_hand'],
};

export interface HeaderContext {
  file: string;
  kind: CatalogKind;
  priceBase: string;
  attributeTypes: AttributeTypes;
}

export function planColumns(header: CsvHeader, context: HeaderContext): { layout: CsvLayout; issues: Issue[] } {
  const where: SourceLocation = { file: context.file, line: header.line };
  const issues: Issue[] = [];
  const problem = (severity: Issue['severity'], column: string | undefined, message: string): void => {
    issues.push({ location: where, ...(column === undefined ? {} : { column }), message, severity });
  };
  const columns: Column[] = [];
  const seen = new Map<string, Column>();

  header.names.forEach((name, index) => {
    const label = header.labels[index] ?? name;
    if (name === '') {
      problem('warning', undefined, `column ${index + 1} has no name; it is ignored`);
      return;
    }
    const use = columnUse(name, context);
    if (use.use === 'ignored') return;
    if (use.use === 'unknown') {
      problem('warning', label, `unknown column "${label}" is ignored`);
      return;
    }
    if (use.use === 'invalid') {
      problem('error', label, use.message);
      return;
    }
    const column: Column = { ...use, index, label };
    const key = duplicateKey(column);
    const first = seen.get(key);
    if (first !== undefined) {
      problem('error', label, `duplicate column: the same as column ${first.index + 1} "${first.label}"`);
      return;
    }
    seen.set(key, column);
    if (column.use === 'attr' && column.hint !== undefined) {
      const conflict = context.attributeTypes.conflict(column.name, column.hint);
      if (conflict !== undefined) problem('error', label, conflict);
    }
    columns.push(column);
  });

  const fieldIndex = new Map<string, number>();
  for (const column of columns) if (column.use === 'field') fieldIndex.set(column.name, column.index);
  for (const required of REQUIRED[context.kind]) {
    if (!fieldIndex.has(required)) problem('error', undefined, `missing column "${required}"`);
  }
  if (!issues.some((issue) => issue.severity === 'error')) {
    for (const column of columns) {
      if (column.use === 'attr' && column.hint !== undefined) {
        context.attributeTypes.declare(column.name, column.hint, where);
      }
    }
  }
  return { layout: { columns, fieldIndex, width: header.names.length }, issues };
}

/** Every row has exactly as many cells as the header, or its values would land in the wrong columns. */
export function checkWidth(record: CsvRecord, layout: CsvLayout, issues: RowIssues): boolean {
  if (record.cells.length === layout.width) return true;
  issues.error(undefined, `row has ${record.cells.length} cells but the header has ${layout.width}`);
  return false;
}

type ColumnVerdict = ColumnUse | { use: 'ignored' } | { use: 'unknown' } | { use: 'invalid'; message: string };

function columnUse(name: string, context: HeaderContext): ColumnVerdict {
  const meaning = interpretHeaderName(name);
  const unknown = { use: 'unknown' } as const;
  if (meaning.type === 'ignored') return { use: 'ignored' };
  if (meaning.type === 'plain') {
    if (FIELDS[context.kind].includes(meaning.name)) return { use: 'field', name: meaning.name };
    const priceField = meaning.name as PriceField;
    if (context.kind === 'products' && PRICE_FIELDS.includes(priceField)) {
      return { use: 'price', base: context.priceBase, field: priceField };
    }
    return unknown;
  }
  // Prefixed columns only exist in product files.
  if (context.kind !== 'products') return unknown;
  switch (meaning.type) {
    case 'invalid':
      return { use: 'invalid', message: meaning.message };
    case 'option':
      return { use: 'option', name: meaning.name };
    case 'attr':
      return { use: 'attr', name: meaning.name, ...(meaning.hint ? { hint: meaning.hint } : {}) };
    case 'price':
      return { use: 'price', base: meaning.base, field: meaning.field };
    case 'inventory':
      return { use: 'inventory', location: meaning.location };
    case 'related':
      return { use: 'related', relation: meaning.relation };
    case 'barcode':
      return { use: 'barcode', barcodeType: meaning.barcodeType };
  }
}

/** Two columns with the same key would fill the same value. */
function duplicateKey(column: Column): string {
  switch (column.use) {
    case 'field':
      return column.name;
    case 'price':
      return `price:${column.base.toLowerCase()}:${column.field}`;
    case 'option':
    case 'attr':
      return `${column.use}:${column.name.toLowerCase()}`;
    case 'inventory':
      return `inventory:${column.location.toLowerCase()}`;
    case 'related':
      return `related:${column.relation.toLowerCase()}`;
    case 'barcode':
      return `barcode:${column.barcodeType}`;
  }
}
