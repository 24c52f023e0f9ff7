// The CSV side of src/catalog on small files and plain data: records and the lines they start
// on, the fatal problems that stop a file (with their exact words), the --map file, the header
// plan, and one row of each kind read into the catalog model.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../src/errors.js';
import { AttributeTypes } from '../src/catalog/attribute-types.js';
import type { RowSink } from '../src/catalog/collector.js';
import { loadColumnMap } from '../src/catalog/column-map.js';
import { checkWidth, planColumns, type CsvLayout, type HeaderContext } from '../src/catalog/csv-columns.js';
import { readCsvRows } from '../src/catalog/csv-file.js';
import { productFromCsv } from '../src/catalog/csv-product-row.js';
import { readCsvEvents, readCsvRecords, type CsvEvent, type CsvRecord } from '../src/catalog/csv-records.js';
import { categoryFromCsv, inventoryFromCsv } from '../src/catalog/csv-simple-rows.js';
import { normalizeHeaderName, prepareRenames } from '../src/catalog/header-names.js';
import { RowIssues } from '../src/catalog/row-issues.js';
import type { CatalogKind, Issue } from '../src/catalog/types.js';
import { useTempDir } from './catalog-helpers.js';

const temp = useTempDir();
let fileCount = 0;

/** Writes `content` to a new file of the temp dir and returns its path. */
async function csvFile(content: string | Buffer): Promise<string> {
  const file = join(temp(), `input-${++fileCount}.csv`);
  await writeFile(file, content);
  return file;
}

async function eventsOf(file: string, columnMap?: Record<string, string>): Promise<CsvEvent[]> {
  const events: CsvEvent[] = [];
  for await (const event of readCsvEvents(file, prepareRenames(columnMap))) events.push(event);
  return events;
}

/** The events of a file with `content`, with records as [line, ...cells] and the header as its line and labels. */
async function readText(content: string | Buffer): Promise<{ file: string; events: unknown[] }> {
  const file = await csvFile(content);
  const events = (await eventsOf(file)).map((event) =>
    event.type === 'header'
      ? { header: event.header.line, labels: event.header.labels }
      : event.type === 'record'
        ? [event.record.line, ...event.record.cells]
        : event.issue,
  );
  return { file, events };
}

const fatal = (file: string, line: number | undefined, message: string): Issue => ({
  location: line === undefined ? { file } : { file, line },
  message,
  severity: 'error',
});

const UNCLOSED = 'CSV syntax error: a quoted cell that starts in this row is never closed (missing ")';
const CLOSING = 'CSV syntax error: a closing quote must be followed by a comma or the end of the line; write "" for a quote inside a quoted cell';
const OPENING = 'CSV syntax error: a quote inside an unquoted cell; quote the whole cell and write "" for the quote';

describe('readCsvEvents: records and their lines', () => {
  it('yields the header (trimmed labels, renamed and normalised names) once, then each record with that same header array', async () => {
    const file = await csvFile(' SKU , Item Name ,attr:Color [ TEXT ],_note\nA-1, One ,Red,x\nA-2,Two\n');
    const events = await eventsOf(file, { ' item name': 'name' });
    const names = ['sku', 'name', 'attr:Color[text]', '_note'];
    expect(events).toEqual([
      { type: 'header', header: { line: 1, labels: ['SKU', 'Item Name', 'attr:Color [ TEXT ]', '_note'], names } },
      { type: 'record', record: { line: 2, header: names, cells: ['A-1', ' One ', 'Red', 'x'] } },
      { type: 'record', record: { line: 3, header: names, cells: ['A-2', 'Two'] } },
    ]);
    const [header, first, second] = events as [Extract<CsvEvent, { type: 'header' }>, ...Extract<CsvEvent, { type: 'record' }>[]];
    expect(first!.record.header).toBe(header.header.names);
    expect(second!.record.header).toBe(header.header.names);
  });

  it('skips empty and blank rows, counting their lines, and takes a BOM off the first header', async () => {
    const { events } = await readText('\uFEFF\n,,\n sku,name\n\n , \nA,1\n\t,\nB,2\n,3\nC,\n');
    expect(events).toEqual([{ header: 3, labels: ['sku', 'name'] }, [6, 'A', '1'], [8, 'B', '2'], [9, '', '3'], [10, 'C', '']]);
  });

  // Spreadsheet exports quote every cell and start with a BOM: read as text, the BOM would stand
  // before the header's first quote and make it a quote inside an unquoted cell.
  it('takes a BOM off a quoted first header cell', async () => {
    expect((await readText('\uFEFF"sku","name"\r\n"A","1"\r\n')).events).toEqual([{ header: 1, labels: ['sku', 'name'] }, [2, 'A', '1']]);
  });

  it('counts CR, LF and CRLF each as one line, inside quoted cells too', async () => {
    expect((await readText('sku,name\r\nA,"x\r\ny\r\nz"\r\n\r\n\r\nB,2\r\nC,"p\nq"\r\nD,4\r\n')).events).toEqual([
      { header: 1, labels: ['sku', 'name'] },
      [2, 'A', 'x\r\ny\r\nz'],
      [7, 'B', '2'],
      [8, 'C', 'p\nq'],
      [10, 'D', '4'],
    ]);
    expect((await readText('sku,name\rA,"x\ry"\r\rB,2\r')).events).toEqual([{ header: 1, labels: ['sku', 'name'] }, [2, 'A', 'x\ry'], [5, 'B', '2']]);
    expect((await readText('\n\nsku\nA')).events).toEqual([{ header: 3, labels: ['sku'] }, [4, 'A']]);
  });

  it('reports an empty file, or one of blank rows only, at line 1', async () => {
    for (const content of ['', '\n\n', ' , \n\r\n,,,']) {
      const { file, events } = await readText(content);
      expect(events).toEqual([fatal(file, 1, 'file is empty: a header row is expected')]);
    }
  });

  it('reads a header without rows as just the header', async () => {
    expect((await readText('sku,name\n')).events).toEqual([{ header: 1, labels: ['sku', 'name'] }]);
  });
});

describe('readCsvEvents: problems that stop a file', () => {
  it('reads on past an unclosed quote from the line after it, and reports it last, at the row where it starts', async () => {
    const mid = await readText('sku,name\nA,1\nB,"one\nC,two\n\nD,four\n');
    expect(mid.events).toEqual([{ header: 1, labels: ['sku', 'name'] }, [2, 'A', '1'], [4, 'C', 'two'], [6, 'D', 'four'], fatal(mid.file, 3, UNCLOSED)]);
    // Blank lines before the row; CRLF and CR line ends.
    const blank = await readText('sku,name\n\n\nA,"one\nB,2\n');
    expect(blank.events).toEqual([{ header: 1, labels: ['sku', 'name'] }, [5, 'B', '2'], fatal(blank.file, 4, UNCLOSED)]);
    const crlf = await readText('sku,name\r\nA,"one\r\nB,2\r\nC,3\r\n');
    expect(crlf.events).toEqual([{ header: 1, labels: ['sku', 'name'] }, [3, 'B', '2'], [4, 'C', '3'], fatal(crlf.file, 2, UNCLOSED)]);
    const cr = await readText('sku,name\rA,"one\rB,2\r');
    expect(cr.events).toEqual([{ header: 1, labels: ['sku', 'name'] }, [3, 'B', '2'], fatal(cr.file, 2, UNCLOSED)]);
  });

  it('stops at an unclosed quote with nothing after its first line, or in the header', async () => {
    const last = await readText('sku,name\nA,1\nB,"one');
    expect(last.events).toEqual([{ header: 1, labels: ['sku', 'name'] }, [2, 'A', '1'], fatal(last.file, 3, UNCLOSED)]);
    const blankAfter = await readText('sku,name\nB,"one\n \n\n');
    expect(blankAfter.events).toEqual([{ header: 1, labels: ['sku', 'name'] }, fatal(blankAfter.file, 2, UNCLOSED)]);
    const header = await readText('sku,"name\nA,1\n');
    expect(header.events).toEqual([fatal(header.file, 1, UNCLOSED)]);
  });

  it('names a misplaced closing quote, with the line where it is when the row started earlier', async () => {
    const same = await readText('sku,"na"me\nA,1\n');
    expect(same.events).toEqual([fatal(same.file, 1, CLOSING)]);
    const later = await readText('sku,"na\r\n\r\nme"x\nA,1\n');
    expect(later.events).toEqual([fatal(later.file, 1, `${CLOSING} (at line 3)`)]);
  });

  it('names a quote inside an unquoted cell', async () => {
    const { file, events } = await readText('sku,na"me"\nA,1\n');
    expect(events).toEqual([fatal(file, 1, OPENING)]);
  });

  // A quote error is reported at its row however many rows came before it in the chunk csv-parse
  // was reading (it drops those records when it fails; they were reported at line 1 before).
  it('reports a quote error on a later row at that row, however many rows share its chunk', async () => {
    const rows = Array.from({ length: 50 }, (_, i) => `S-${i},Name ${i}`).join('\n');
    const opening = await readText(`sku,name\n${rows}\nC,o"ne"\n`);
    expect(opening.events.at(-1)).toEqual(fatal(opening.file, 52, OPENING));
  });

  it('reports a misplaced closing quote on a later row at that row, and reads no further (only an unclosed quote is read past)', async () => {
    const { file, events } = await readText('sku,name\nA,1\nB,2\nC,"one"x\nD,4\n');
    expect(events).toEqual([{ header: 1, labels: ['sku', 'name'] }, [2, 'A', '1'], [3, 'B', '2'], fatal(file, 4, CLOSING)]);
    const multiline = await readText('sku,name\nA,1\nC,"one\ntwo"x\nD,4\n');
    expect(multiline.events).toEqual([{ header: 1, labels: ['sku', 'name'] }, [2, 'A', '1'], fatal(multiline.file, 3, `${CLOSING} (at line 4)`)]);
  });

  it('stops at a row larger than 8 MiB, at the line where it starts', async () => {
    const { file, events } = await readText(`sku,name\nA,1\nB,"${'x'.repeat(9 * 1024 * 1024)}\nC,3\n`);
    expect(events).toEqual([
      { header: 1, labels: ['sku', 'name'] },
      [2, 'A', '1'],
      fatal(file, 3, 'CSV syntax error: the row is larger than 8 MiB, the limit for one row (often a quoted cell that is never closed); reading stopped'),
    ]);
  });

  it('reports invalid UTF-8 at the line of the bad byte', async () => {
    const { file, events } = await readText(Buffer.concat([Buffer.from('sku,name\nA,1\r\nB,'), Buffer.from([0xc3, 0x28]), Buffer.from('\n')]));
    expect(events).toEqual([fatal(file, 3, 'invalid UTF-8: save the file with UTF-8 encoding')]);
  });

  it('reports a file it cannot open, with no line', async () => {
    const missing = join(temp(), 'missing.csv');
    // Strict: the location has no line property at all, not an undefined one.
    expect(await eventsOf(missing)).toStrictEqual([
      { type: 'fatal', issue: fatal(missing, undefined, `cannot read the file: ENOENT: no such file or directory, open '${missing}'`) },
    ]);
    const folder = join(temp(), 'folder.csv');
    await mkdir(folder);
    expect(await eventsOf(folder)).toEqual([
      { type: 'fatal', issue: fatal(folder, undefined, 'cannot read the file: EISDIR: illegal operation on a directory, read') },
    ]);
  });
});

describe('readCsvRecords', () => {
  it('yields the data records only, with --map renames, and hands the stopping problem to onIssue after them', async () => {
    const file = await csvFile('Item,name\nA,1\nB,"two\nC,3\n');
    const issues: Issue[] = [];
    const records: CsvRecord[] = [];
    for await (const record of readCsvRecords(file, { columnMap: { ITEM: 'sku' }, onIssue: (issue) => issues.push(issue) })) records.push(record);
    expect(records).toEqual([
      { line: 2, header: ['sku', 'name'], cells: ['A', '1'] },
      { line: 4, header: ['sku', 'name'], cells: ['C', '3'] },
    ]);
    expect(issues).toEqual([fatal(file, 3, UNCLOSED)]);
  });

  it('throws the problem as an InputError, "file:line: message", when no onIssue is given', async () => {
    const file = await csvFile('sku\nA\nB,"two');
    const lines: number[] = [];
    const drain = async (): Promise<void> => {
      for await (const record of readCsvRecords(file)) lines.push(record.line);
    };
    const error = await drain().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(InputError);
    expect((error as Error).message).toBe(`${file}:3: ${UNCLOSED}`);
    expect(lines).toEqual([2]);
  });
});

describe('loadColumnMap', () => {
  it('reads an object of header renames, keeping the keys as written, a BOM allowed', async () => {
    const file = join(temp(), 'map.json');
    await writeFile(file, '\uFEFF{ " Item Number ": "sku", "Title": "name" }');
    expect(await loadColumnMap(file)).toEqual({ ' Item Number ': 'sku', Title: 'name' });
    const empty = join(temp(), 'empty-map.json');
    await writeFile(empty, '{}');
    expect(await loadColumnMap(empty)).toEqual({});
  });

  it('explains a file it cannot read or parse', async () => {
    const missing = join(temp(), 'no-map.json');
    await expect(loadColumnMap(missing)).rejects.toThrow(
      new Error(`cannot read the --map file ${missing}: ENOENT: no such file or directory, open '${missing}'`),
    );
    const broken = join(temp(), 'broken.json');
    await writeFile(broken, '{\n  "A": "sku",\n  "B" }');
    const error = (await loadColumnMap(broken).catch((caught: unknown) => caught)) as Error;
    // The reason is V8's own words, which differ between Node versions ("Unexpected token '}'" on 20,
    // "Expected ':' after property name" on 24); the place is ours.
    expect(error.message.startsWith(`the --map file ${broken} is not valid JSON (line 3, column 7: `)).toBe(true);
    expect(error.message).toMatch(/ \(line 3, column 7: (Unexpected token '\}'|Expected ':' after property name)\)$/);
    expect(error.cause).toBeInstanceOf(SyntaxError);
  });

  it('refuses anything but an object of non-empty strings', async () => {
    const shape = 'it must be a JSON object of "Source Header": "spec-header" pairs, e.g. { "Item Number": "sku" }';
    for (const text of ['null', '[]', '"sku"', '3']) {
      const file = join(temp(), 'shape.json');
      await writeFile(file, text);
      await expect(loadColumnMap(file)).rejects.toThrow(new Error(`the --map file ${file} is not usable: ${shape}`));
    }
    const cases: [string, string][] = [
      ['{ "A": 3 }', '"A" → 3'],
      ['{ "A": " " }', '"A" → " "'],
      ['{ "A": "sku", " ": "name" }', '" " → "name"'],
      ['{ "": "sku" }', '"" → "sku"'],
      ['{ "A": null }', '"A" → null'],
    ];
    for (const [text, pair] of cases) {
      const file = join(temp(), 'pair.json');
      await writeFile(file, text);
      await expect(loadColumnMap(file)).rejects.toThrow(new Error(`the --map file ${file} is not usable: ${pair}; ${shape}`));
    }
  });

  it('refuses two keys that are the same header once trimmed and case-folded', async () => {
    const file = join(temp(), 'twice.json');
    await writeFile(file, '{ "Item": "sku", "Name": "name", " ITEM ": "parent_sku" }');
    await expect(loadColumnMap(file)).rejects.toThrow(new Error(`the --map file ${file} maps "Item" and " ITEM ", which are the same header`));
  });
});

function headerOf(labels: string[], line = 1) {
  return { line, labels: labels.map((label) => label.trim()), names: labels.map((label) => normalizeHeaderName(label, new Map())) };
}

function contextFor(kind: CatalogKind, attributeTypes = new AttributeTypes()): HeaderContext {
  return { file: 'in.csv', kind, priceBase: 'US', attributeTypes };
}

const at = (line: number) => ({ file: 'in.csv', line });

describe('planColumns', () => {
  it('gives every products column its use, index and label', () => {
    const labels = [
      'SKU',
      'name',
      'MSRP',
      'price:CA:cost',
      'option:Size',
      'attr:Material',
      'attr:Country[multiselect]',
      'inventory:Main',
      'related:Accessories',
      'barcode:ean',
      '_error',
      'images',
    ];
    const { layout, issues } = planColumns(headerOf(labels, 2), contextFor('products'));
    expect(issues).toEqual([]);
    expect(layout).toEqual({
      columns: [
        { use: 'field', name: 'sku', index: 0, label: 'SKU' },
        { use: 'field', name: 'name', index: 1, label: 'name' },
        { use: 'price', base: 'US', field: 'msrp', index: 2, label: 'MSRP' },
        { use: 'price', base: 'CA', field: 'cost', index: 3, label: 'price:CA:cost' },
        { use: 'option', name: 'Size', index: 4, label: 'option:Size' },
        { use: 'attr', name: 'Material', index: 5, label: 'attr:Material' },
        { use: 'attr', name: 'Country', hint: 'multiselect', index: 6, label: 'attr:Country[multiselect]' },
        { use: 'inventory', location: 'Main', index: 7, label: 'inventory:Main' },
        { use: 'related', relation: 'Accessories', index: 8, label: 'related:Accessories' },
        { use: 'barcode', barcodeType: 'EAN', index: 9, label: 'barcode:ean' },
        { use: 'field', name: 'images', index: 11, label: 'images' },
      ],
      fieldIndex: new Map([
        ['sku', 0],
        ['name', 1],
        ['images', 11],
      ]),
      width: 12,
    });
    expect(Object.keys(layout.columns[5]!)).not.toContain('hint');
  });

  it('reports each column that fills the same value as an earlier one, by kind of column', () => {
    const labels = [
      'sku',
      'SKU',
      'msrp',
      'price:us:msrp',
      'price:US:cost',
      'option:Size',
      'option:size',
      'attr:Size',
      'attr:size[text]',
      'inventory:Main',
      'inventory:MAIN',
      'related:Acc',
      'related:acc',
      'barcode:EAN',
      'barcode:ean',
      'barcode:UPC-A',
    ];
    const { layout, issues } = planColumns(headerOf(labels), contextFor('products'));
    const duplicate = (label: string, first: number, firstLabel: string): Issue => ({
      location: at(1),
      column: label,
      message: `duplicate column: the same as column ${first} "${firstLabel}"`,
      severity: 'error',
    });
    expect(issues).toEqual([
      duplicate('SKU', 1, 'sku'),
      duplicate('price:us:msrp', 3, 'msrp'),
      duplicate('option:size', 6, 'option:Size'),
      duplicate('attr:size[text]', 8, 'attr:Size'),
      duplicate('inventory:MAIN', 10, 'inventory:Main'),
      duplicate('related:acc', 12, 'related:Acc'),
      duplicate('barcode:ean', 14, 'barcode:EAN'),
    ]);
    expect(layout.columns.map((column) => column.index)).toEqual([0, 2, 4, 5, 7, 9, 11, 13, 15]);
  });

  it('warns about unnamed and unknown columns and refuses invalid ones, by their label', () => {
    const { layout, issues } = planColumns(headerOf(['sku', '', ' ', 'Colour', 'option:', 'barcode:QR', '_x']), contextFor('products'));
    expect(issues).toEqual([
      { location: at(1), message: 'column 2 has no name; it is ignored', severity: 'warning' },
      { location: at(1), message: 'column 3 has no name; it is ignored', severity: 'warning' },
      { location: at(1), column: 'Colour', message: 'unknown column "Colour" is ignored', severity: 'warning' },
      { location: at(1), column: 'option:', message: '"option:" needs a name after the colon', severity: 'error' },
      { location: at(1), column: 'barcode:QR', message: 'unknown barcode type "QR" (UPC-A, GTIN-13, EAN, ITF-14, Custom)', severity: 'error' },
    ]);
    expect(layout.columns).toEqual([{ use: 'field', name: 'sku', index: 0, label: 'sku' }]);
    expect(layout.width).toBe(7);
  });

  it('knows only plain columns in category and inventory files', () => {
    const categories = planColumns(headerOf(['path', 'slug', 'msrp', 'option:Size', 'sku']), contextFor('categories'));
    expect(categories.issues).toEqual(
      ['msrp', 'option:Size', 'sku'].map((label) => ({ location: at(1), column: label, message: `unknown column "${label}" is ignored`, severity: 'warning' })),
    );
    expect(categories.layout.fieldIndex).toEqual(
      new Map([
        ['path', 0],
        ['slug', 1],
      ]),
    );
    const inventory = planColumns(headerOf(['site', 'inventory:Main', 'name'], 4), contextFor('inventory'));
    expect(inventory.issues).toEqual([
      { location: at(4), column: 'inventory:Main', message: 'unknown column "inventory:Main" is ignored', severity: 'warning' },
      { location: at(4), column: 'name', message: 'unknown column "name" is ignored', severity: 'warning' },
      { location: at(4), message: 'missing column "sku"', severity: 'error' },
      { location: at(4), message: 'missing column "location"', severity: 'error' },
      { location: at(4), message: 'missing column "count_on_hand"', severity: 'error' },
    ]);
    expect(planColumns(headerOf(['path']), contextFor('categories')).issues).toEqual([]);
    expect(planColumns(headerOf(['name']), contextFor('categories')).issues).toEqual([
      { location: at(1), column: 'name', message: 'unknown column "name" is ignored', severity: 'warning' },
      { location: at(1), message: 'missing column "path"', severity: 'error' },
    ]);
  });

  it('declares the typed attributes of a header without errors, and refuses a type that conflicts with an earlier one', () => {
    const types = new AttributeTypes();
    const warned = planColumns(headerOf(['sku', 'attr:Country[multiselect]', 'attr:Fabric', 'colour']), contextFor('products', types));
    expect(warned.issues.map((issue) => issue.severity)).toEqual(['warning']);
    expect(types.all()).toEqual(new Map([['Country', 'multiselect']]));

    const failed = planColumns(headerOf(['name', 'attr:Size[selectbox]']), contextFor('products', types));
    expect(failed.issues).toEqual([{ location: at(1), message: 'missing column "sku"', severity: 'error' }]);
    expect(types.typeOf('Size')).toBeUndefined();

    const conflict = planColumns(headerOf(['sku', 'attr:Country[text]', 'attr:Size[date]'], 3), contextFor('products', types));
    expect(conflict.issues).toEqual([
      {
        location: at(3),
        column: 'attr:Country[text]',
        message: 'attribute "Country" is declared as text here but as multiselect at in.csv:1',
        severity: 'error',
      },
    ]);
    expect(conflict.layout.columns.map((column) => column.label)).toEqual(['sku', 'attr:Country[text]', 'attr:Size[date]']);
    expect(types.all()).toEqual(new Map([['Country', 'multiselect']]));
    // The same type again is no conflict, nor a column that names no type.
    expect(planColumns(headerOf(['sku', 'attr:Country[multiselect]']), contextFor('products', types)).issues).toEqual([]);
    expect(planColumns(headerOf(['sku', 'attr:Country']), contextFor('products', types)).issues).toEqual([]);
  });

  it('names a column by its normalised name when the header has no label for it', () => {
    const { layout } = planColumns({ line: 1, names: ['sku', 'option:Size'], labels: ['SKU'] }, contextFor('products'));
    expect(layout.columns.map((column) => column.label)).toEqual(['SKU', 'option:Size']);
  });

  it('checkWidth: a row must have exactly as many cells as the header', () => {
    const { layout } = planColumns(headerOf(['sku', 'name']), contextFor('products'));
    const issues = new RowIssues(at(5));
    const row = (cells: string[]): CsvRecord => ({ line: 5, header: ['sku', 'name'], cells });
    expect(checkWidth(row(['A', 'B']), layout, issues)).toBe(true);
    expect(issues.list).toEqual([]);
    expect(checkWidth(row(['A']), layout, issues)).toBe(false);
    expect(checkWidth(row(['A', 'B', '']), layout, issues)).toBe(false);
    expect(issues.list).toEqual([
      { location: at(5), message: 'row has 1 cells but the header has 2', severity: 'error' },
      { location: at(5), message: 'row has 3 cells but the header has 2', severity: 'error' },
    ]);
  });
});

/** A layout for `labels` and a reader of rows against it, at line 7 of in.csv. */
function rowsOf(kind: CatalogKind, labels: string[]): { layout: CsvLayout; row: (...cells: string[]) => CsvRecord } {
  const header = headerOf(labels);
  const { layout } = planColumns(header, contextFor(kind));
  return { layout, row: (...cells) => ({ line: 7, header: header.names, cells }) };
}

const rowError = (column: string | undefined, message: string): Issue => ({
  location: at(7),
  ...(column === undefined ? {} : { column }),
  message,
  severity: 'error',
});

describe('productFromCsv', () => {
  it('reads every kind of column of a variant row', () => {
    const { layout, row } = rowsOf('products', [
      'sku',
      'Name',
      'parent_sku',
      'option:Size',
      'option:Color',
      'categories',
      'enabled',
      'is_visible',
      'desc_short',
      'page_title',
      'msrp',
      'cost',
      'price:CA:msrp',
      'attr:Material',
      'attr:Country[multiselect]',
      'attr:Tags[multiselect]',
      'inventory:Main',
      'inventory:Back',
      'related:Accessories',
      'related:Parts',
      'images',
      'barcode:EAN',
      'barcode:Custom',
    ]);
    const result = productFromCsv(
      row(
        ' TEE-1-M ',
        ' Tee ',
        'TEE-1',
        'M',
        '',
        'Apparel > Shirts | Sale |Apparel  >  Shirts',
        'yes',
        '0',
        ' Soft ',
        'Tee page',
        '20',
        '8.5',
        '25',
        'Cotton | Wool',
        'USA| Canada |',
        ' | ',
        '5',
        '0',
        'CAP-1|CAP-2|CAP-1',
        '',
        'https://x.test/a.jpg|https://x.test/b.jpg|https://x.test/a.jpg',
        '4006381333931|4006381333931',
        '0042|0042| 17',
      ),
      layout,
      'in.csv',
    );
    expect(result).toEqual({
      key: 'TEE-1-M',
      issues: [],
      value: {
        loc: at(7),
        sku: 'TEE-1-M',
        name: 'Tee',
        parentSku: 'TEE-1',
        options: [{ name: 'Size', value: 'M' }],
        categories: [['Apparel', 'Shirts'], ['Sale']],
        fields: { enabled: true, is_visible: false, desc_short: 'Soft', page_title: 'Tee page' },
        prices: [
          { base: 'US', msrp: 20, cost: 8.5 },
          { base: 'CA', msrp: 25 },
        ],
        attributes: [
          { name: 'Material', values: ['Cotton | Wool'] },
          { name: 'Country', type: 'multiselect', values: ['USA', 'Canada'] },
        ],
        inventory: [
          { location: 'Main', count_on_hand: 5 },
          { location: 'Back', count_on_hand: 0 },
        ],
        related: [{ type: 'Accessories', skus: ['CAP-1', 'CAP-2'] }],
        images: ['https://x.test/a.jpg', 'https://x.test/b.jpg'],
        barcodes: [
          { type: 'EAN', value: '4006381333931' },
          { type: 'Custom', value: '0042' },
          { type: 'Custom', value: '17' },
        ],
      },
    });
  });

  it('leaves out images and barcodes when the row has none', () => {
    const { layout, row } = rowsOf('products', ['sku', 'images', 'barcode:EAN', 'related:Acc', 'attr:Tags[multiselect]']);
    const result = productFromCsv(row('A', '', ' ', ' | ', '|'), layout, 'in.csv');
    expect(result).toEqual({
      key: 'A',
      issues: [],
      value: { loc: at(7), sku: 'A', options: [], categories: [], fields: {}, prices: [], attributes: [], inventory: [], related: [] },
    });
  });

  it('reports each bad cell under its column and keeps the rest of the row', () => {
    const { layout, row } = rowsOf('products', ['sku', 'categories', 'images', 'Enabled', 'is_visible', 'MSRP', 'inventory:Main', 'barcode:UPC-A']);
    const result = productFromCsv(
      row('A', 'Sale|A > > B', 'ftp://x.test/a.jpg|https://x.test/b.jpg', 'maybe', 'no', '12,5', '-1', '123|036000291452'),
      layout,
      'in.csv',
    );
    expect(result.issues).toEqual([
      rowError('categories', 'category path "A > > B" has an empty level'),
      rowError('images', '"ftp://x.test/a.jpg" is not an http or https URL'),
      rowError('Enabled', '"maybe" is not a boolean (true/false/1/0/yes/no)'),
      rowError('MSRP', '"12,5" is not a number'),
      rowError('inventory:Main', '"-1" is not a whole number ≥ 0'),
      rowError('barcode:UPC-A', '"123" is not a UPC-A barcode: it has 3 digits, UPC-A has 12'),
    ]);
    expect(result.value).toEqual({
      loc: at(7),
      sku: 'A',
      options: [],
      categories: [['Sale']],
      fields: { is_visible: false },
      prices: [],
      attributes: [],
      inventory: [],
      related: [],
      images: ['https://x.test/b.jpg'],
      barcodes: [{ type: 'UPC-A', value: '036000291452' }],
    });
  });

  it('checks the row as a whole: an empty SKU, its own parent, a variant without options, options without a parent, a relation to itself', () => {
    const { layout, row } = rowsOf('products', ['SKU', 'Parent_SKU', 'option:Size', 'option:Color', 'related:Acc', 'related:Parts']);
    expect(productFromCsv(row(' ', '', '', '', '', ''), layout, 'in.csv')).toEqual({
      issues: [rowError('SKU', 'sku is empty; every row needs a SKU')],
      value: { loc: at(7), sku: '', options: [], categories: [], fields: {}, prices: [], attributes: [], inventory: [], related: [] },
    });
    expect(productFromCsv(row('A', 'A', '', '', '', ''), layout, 'in.csv').issues).toEqual([
      rowError('Parent_SKU', 'a product cannot be its own parent'),
      rowError(undefined, 'a variant needs at least one option:<Name> value'),
    ]);
    const plain = productFromCsv(row('A', '', 'M', 'Red', 'B|A', 'A'), layout, 'in.csv');
    expect(plain.issues).toEqual([
      { location: at(7), message: 'option:Size, option:Color ignored: option values only apply to variants (rows with parent_sku)', severity: 'warning' },
      rowError('related:Acc', 'a product cannot be related to itself'),
      rowError('related:Parts', 'a product cannot be related to itself'),
    ]);
    expect(plain.value.options).toEqual([]);
    expect(productFromCsv(row('B', 'A', 'M', '', 'C', ''), layout, 'in.csv').issues).toEqual([]);
  });

  it('names the sku column "sku" when the layout has none', () => {
    const { layout, row } = rowsOf('products', ['name']);
    const result = productFromCsv(row('Tee'), layout, 'in.csv');
    expect(result).toEqual({
      issues: [rowError('sku', 'sku is empty; every row needs a SKU')],
      value: { loc: at(7), sku: '', name: 'Tee', options: [], categories: [], fields: {}, prices: [], attributes: [], inventory: [], related: [] },
    });
  });

  it('reads nothing more of a row with the wrong number of cells', () => {
    const { layout, row } = rowsOf('products', ['sku', 'name', 'msrp']);
    expect(productFromCsv(row(' A ', 'x', 'bad', 'extra'), layout, 'in.csv')).toEqual({
      key: 'A',
      issues: [rowError(undefined, 'row has 4 cells but the header has 3')],
      value: { loc: at(7), sku: 'A', options: [], categories: [], fields: {}, prices: [], attributes: [], inventory: [], related: [] },
    });
    expect(productFromCsv(row(''), layout, 'in.csv')).toEqual({
      issues: [rowError(undefined, 'row has 1 cells but the header has 3')],
      value: { loc: at(7), sku: '', options: [], categories: [], fields: {}, prices: [], attributes: [], inventory: [], related: [] },
    });
  });
});

describe('categoryFromCsv', () => {
  const { layout, row } = rowsOf('categories', [
    'Path',
    'desc',
    'slug',
    'Is_Visible',
    'seo_meta_title',
    'seo_meta_desc',
    'seo_meta_keywords',
    'search_keywords',
  ]);

  it('reads every column, keyed by the trimmed path', () => {
    expect(categoryFromCsv(row(' Apparel  >  Shirts ', ' D ', 's', 'TRUE', 't', 'd', 'k', 'w'), layout, 'in.csv')).toEqual({
      key: 'Apparel > Shirts',
      issues: [],
      value: {
        loc: at(7),
        path: ['Apparel', 'Shirts'],
        desc: 'D',
        slug: 's',
        is_visible: true,
        seo_meta_title: 't',
        seo_meta_desc: 'd',
        seo_meta_keywords: 'k',
        search_keywords: 'w',
      },
    });
    expect(categoryFromCsv(row('Sale', '', '', 'no', '', '', '', ''), layout, 'in.csv')).toEqual({
      key: 'Sale',
      issues: [],
      value: { loc: at(7), path: ['Sale'], is_visible: false },
    });
  });

  it('reports an empty or bad path and a bad is_visible under their labels', () => {
    expect(categoryFromCsv(row(' ', '', '', 'perhaps', '', '', '', ''), layout, 'in.csv')).toEqual({
      issues: [
        rowError('Path', 'path is empty; every row needs a category path'),
        rowError('Is_Visible', '"perhaps" is not a boolean (true/false/1/0/yes/no)'),
      ],
      value: { loc: at(7), path: [] },
    });
    expect(categoryFromCsv(row('A >  > B', 'x', '', '', '', '', '', ''), layout, 'in.csv')).toEqual({
      key: 'A >  > B',
      issues: [rowError('Path', 'category path "A >  > B" has an empty level')],
      value: { loc: at(7), path: [], desc: 'x' },
    });
  });

  it('reads nothing more of a row with the wrong number of cells', () => {
    expect(categoryFromCsv(row('A > B', 'x'), layout, 'in.csv')).toEqual({
      key: 'A > B',
      issues: [rowError(undefined, 'row has 2 cells but the header has 8')],
      value: { loc: at(7), path: [] },
    });
    expect(categoryFromCsv(row(''), layout, 'in.csv')).toEqual({
      issues: [rowError(undefined, 'row has 1 cells but the header has 8')],
      value: { loc: at(7), path: [] },
    });
  });

  it('names the path column "path" when the layout has none', () => {
    const bare = rowsOf('categories', ['slug']);
    expect(categoryFromCsv(bare.row('s'), bare.layout, 'in.csv')).toEqual({
      issues: [rowError('path', 'path is empty; every row needs a category path')],
      value: { loc: at(7), path: [], slug: 's' },
    });
  });
});

describe('inventoryFromCsv', () => {
  const { layout, row } = rowsOf('inventory', ['SKU', 'Location', 'Count_On_Hand', 'site', 'bin', 'type', 'Count_On_Hold', 'source']);

  it('reads every column, keyed by SKU', () => {
    expect(inventoryFromCsv(row(' A-1 ', ' Main ', ' 7 ', 'HQ', 'B1', 'stock', '0', 'erp'), layout, 'in.csv')).toEqual({
      key: 'A-1',
      issues: [],
      value: { loc: at(7), sku: 'A-1', location: 'Main', count_on_hand: 7, site: 'HQ', bin: 'B1', type: 'stock', count_on_hold: 0, source: 'erp' },
    });
    expect(inventoryFromCsv(row('A-1', 'Main', '0', '', '', '', '', ''), layout, 'in.csv')).toEqual({
      key: 'A-1',
      issues: [],
      value: { loc: at(7), sku: 'A-1', location: 'Main', count_on_hand: 0 },
    });
  });

  it('reports each missing or bad value under its label', () => {
    expect(inventoryFromCsv(row('', '', '', '', '', '', '-2', ''), layout, 'in.csv')).toEqual({
      issues: [
        rowError('SKU', 'sku is empty; every row needs a SKU'),
        rowError('Location', 'location is empty; every row needs a location'),
        rowError('Count_On_Hand', 'count_on_hand is empty; every row needs a count'),
        rowError('Count_On_Hold', '"-2" is not a whole number ≥ 0'),
      ],
      value: { loc: at(7), sku: '', location: '', count_on_hand: 0 },
    });
    expect(inventoryFromCsv(row('A', 'Main', '1.5', '', '', '', 'x', ''), layout, 'in.csv')).toEqual({
      key: 'A',
      issues: [rowError('Count_On_Hand', '"1.5" is not a whole number ≥ 0'), rowError('Count_On_Hold', '"x" is not a whole number ≥ 0')],
      value: { loc: at(7), sku: 'A', location: 'Main', count_on_hand: 0 },
    });
  });

  it('reads nothing more of a row with the wrong number of cells', () => {
    expect(inventoryFromCsv(row('A', 'Main', '-1'), layout, 'in.csv')).toEqual({
      key: 'A',
      issues: [rowError(undefined, 'row has 3 cells but the header has 8')],
      value: { loc: at(7), sku: 'A', location: 'Main', count_on_hand: 0 },
    });
    expect(inventoryFromCsv(row(''), layout, 'in.csv')).toEqual({
      issues: [rowError(undefined, 'row has 1 cells but the header has 8')],
      value: { loc: at(7), sku: '', location: '', count_on_hand: 0 },
    });
  });

  it('names a column by its field name when the layout has none', () => {
    const bare = rowsOf('inventory', ['site']);
    expect(inventoryFromCsv(bare.row('HQ'), bare.layout, 'in.csv').issues).toEqual([
      rowError('sku', 'sku is empty; every row needs a SKU'),
      rowError('location', 'location is empty; every row needs a location'),
      rowError('count_on_hand', 'count_on_hand is empty; every row needs a count'),
    ]);
  });
});

/** A sink that records what a reader hands it, failing on the first file-level error. */
function recordingSink() {
  const added: [string, unknown, unknown][] = [];
  const issues: Issue[] = [];
  let failed = false;
  const sink: RowSink = {
    add: (section, row, loc) => void added.push([section, row, loc]),
    issue: (issue) => {
      issues.push(issue);
      if (issue.severity === 'error') failed = true;
    },
    get hasFailed() {
      return failed;
    },
  };
  return { sink, added, issues };
}

async function readRows(kind: CatalogKind, content: string) {
  const file = await csvFile(content);
  const { sink, added, issues } = recordingSink();
  let pauses = 0;
  for await (const _ of readCsvRows(file, { kind, priceBase: 'EU', renames: prepareRenames({ Item: 'sku' }), attributeTypes: new AttributeTypes() }, sink)) {
    pauses++;
  }
  return { file, added, issues, pauses };
}

describe('readCsvRows', () => {
  it('hands each row of each kind to the sink with its own location, pausing after each', async () => {
    const products = await readRows('products', 'Item,msrp\nA,1\n\nB,2\n');
    expect(products.pauses).toBe(2);
    expect(products.issues).toEqual([]);
    expect(products.added.map(([section, row, loc]) => [section, (row as { value: { loc: unknown } }).value.loc === loc, loc])).toEqual([
      ['products', true, { file: products.file, line: 2 }],
      ['products', true, { file: products.file, line: 4 }],
    ]);
    expect(products.added[1]![1]).toMatchObject({ key: 'B', value: { prices: [{ base: 'EU', msrp: 2 }] } });

    const categories = await readRows('categories', 'path\nA > B\n');
    expect(categories.added).toEqual([
      ['categories', { key: 'A > B', issues: [], value: { loc: { file: categories.file, line: 2 }, path: ['A', 'B'] } }, { file: categories.file, line: 2 }],
    ]);
    const inventory = await readRows('inventory', 'Item,location,count_on_hand\nA,Main,3\n');
    expect(inventory.added).toEqual([
      [
        'inventory',
        { key: 'A', issues: [], value: { loc: { file: inventory.file, line: 2 }, sku: 'A', location: 'Main', count_on_hand: 3 } },
        { file: inventory.file, line: 2 },
      ],
    ]);
  });

  it('reports header issues once and reads no row after a header error', async () => {
    const { file, added, issues, pauses } = await readRows('inventory', 'sku,colour\nA,red\nB,blue\n');
    expect([added, pauses]).toEqual([[], 0]);
    expect(issues).toEqual([
      { location: { file, line: 1 }, column: 'colour', message: 'unknown column "colour" is ignored', severity: 'warning' },
      { location: { file, line: 1 }, message: 'missing column "location"', severity: 'error' },
      { location: { file, line: 1 }, message: 'missing column "count_on_hand"', severity: 'error' },
    ]);
  });

  it('warns about a header without rows at the header line, after any header warning', async () => {
    const { file, issues } = await readRows('products', '\n\nsku,colour\n , \n');
    expect(issues).toEqual([
      { location: { file, line: 3 }, column: 'colour', message: 'unknown column "colour" is ignored', severity: 'warning' },
      { location: { file, line: 3 }, message: 'no data rows', severity: 'warning' },
    ]);
  });

  it('passes on a problem that stops the file, with no "no data rows" warning', async () => {
    const broken = await readRows('products', 'sku,name\nA,"one');
    expect([broken.added, broken.issues]).toEqual([[], [fatal(broken.file, 2, UNCLOSED)]]);
    const empty = await readRows('products', '');
    expect(empty.issues).toEqual([fatal(empty.file, 1, 'file is empty: a header row is expected')]);
    const rowsThenFatal = await readRows('products', 'sku\nA\nB,"x');
    expect(rowsThenFatal.pauses).toBe(1);
    expect(rowsThenFatal.issues).toEqual([fatal(rowsThenFatal.file, 3, UNCLOSED)]);
  });
});
