// The JSON catalog reader on plain data: where a syntax error is (line and column), the typed
// field access, every section's rows with their exact issues, and the file-level checks of
// readJsonFile (unreadable, invalid UTF-8, empty, not an object, sections by kind).
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AttributeTypes } from '../src/catalog/attribute-types.js';
import type { RowSink, RowValues, Section } from '../src/catalog/collector.js';
import { describeJsonType, isJsonObject, JsonFields } from '../src/catalog/json-fields.js';
import { readJsonFile } from '../src/catalog/json-file.js';
import { INVENTORY_KEYS, readJsonProducts } from '../src/catalog/json-products.js';
import { readJsonAttributes, readJsonCategories, readJsonInventory, readJsonOptions } from '../src/catalog/json-sections.js';
import { describeJsonSyntaxError, firstInvalidOffset } from '../src/catalog/json-syntax.js';
import { RowIssues, type RowResult } from '../src/catalog/row-issues.js';
import type { CatalogKind, Issue, ProductInput, SourceLocation } from '../src/catalog/types.js';
import { useTempDir } from './catalog-helpers.js';

const temp = useTempDir();
const F = 'catalog.json';

interface Recorded {
  section: Section;
  loc: SourceLocation;
  value: unknown;
  key?: string;
  issues: Issue[];
}

/** A RowSink that keeps what it is given, in order. */
class Sink implements RowSink {
  readonly rows: Recorded[] = [];
  readonly fileIssues: Issue[] = [];

  add<S extends Section>(section: S, row: RowResult<RowValues[S]>, loc: SourceLocation): void {
    this.rows.push({ section, loc, ...row });
  }

  issue(issue: Issue): void {
    this.fileIssues.push(issue);
  }

  get hasFailed(): boolean {
    return this.fileIssues.some((issue) => issue.severity === 'error');
  }
}

const at = (path: string): SourceLocation => ({ file: F, path });
const issue = (severity: Issue['severity'], path: string, column: string | undefined, message: string): Issue => ({
  location: at(path),
  ...(column === undefined ? {} : { column }),
  message,
  severity,
});
const err = (path: string, column: string | undefined, message: string): Issue => issue('error', path, column, message);
const warn = (path: string, column: string | undefined, message: string): Issue => issue('warning', path, column, message);

/** A product row as readJsonProducts builds it: everything empty unless given. */
function product(path: string, sku: string, extra: Partial<ProductInput> = {}): ProductInput {
  return { loc: at(path), sku, options: [], categories: [], fields: {}, prices: [], attributes: [], inventory: [], related: [], ...extra };
}

function row(section: Section, path: string, value: unknown, key: string | undefined, issues: Issue[] = []): Recorded {
  return { section, loc: at(path), value, ...(key === undefined ? {} : { key }), issues };
}

/** Reads a `products` list; returns what reached the sink. */
function products(list: unknown[], priceBase = 'US'): Recorded[] {
  const sink = new Sink();
  readJsonProducts(list, F, priceBase, sink);
  expect(sink.fileIssues).toStrictEqual([]);
  return sink.rows;
}

/** Reads one product without variants; returns its value and issues. */
function one(item: unknown, priceBase = 'US'): { value: unknown; issues: Issue[] } {
  const rows = products([item], priceBase);
  expect(rows).toHaveLength(1);
  return { value: rows[0]!.value, issues: rows[0]!.issues };
}

describe('json-syntax: where a syntax error is', () => {
  it('firstInvalidOffset: -1 for valid texts of every value kind and every whitespace', () => {
    for (const text of [
      '{}',
      '[]',
      ' \t\r\n{ } \n',
      '{ "a" : [ ] , "b" : { } }',
      '[1, -2, 0, 3.25, 1e5, 2E-3, 4e+2, -0.5]',
      '[true, false, null]',
      'true',
      'false',
      'null',
      '"plain"',
      '" "',
      '"\\"\\\\\\/\\b\\f\\n\\r\\t"',
      '"\\u00e9\\uABcd"',
      '{"a":{"b":[{"c":"d"}]}}',
      '0',
    ]) {
      expect(firstInvalidOffset(text), text).toBe(-1);
    }
  });

  it('firstInvalidOffset: the offset of the first character that cannot continue the text', () => {
    const cases: [string, number][] = [
      ['', 0],
      ['  ', 2],
      ['{', 1],
      ['[', 1],
      ['{"a"', 4],
      ['{"a":', 5],
      ['{"a" 1}', 5],
      ['{1:2}', 1],
      ['{"a":1 "b":2}', 7],
      ['{"a":1,}', 7],
      ['{"a":1;', 6],
      ['[1,]', 3],
      ['[1 2]', 3],
      ['[1,\t\n 2 x', 8],
      ['{"a":1}x', 7],
      ['{"a":1} }', 8],
      ['tru', 0],
      ['nul', 0],
      ['fals', 0],
      ['[true, nope]', 7],
      ['-', 0],
      ['01', 1],
      ['1.', 1],
      ['x', 0],
      ['"abc', 4],
      ['"a\nb"', 2],
      ['"a\u001fb"', 2],
      ['"\\x"', 1],
      ['"a\\', 2],
      ['"\\"', 3],
      ['"\\u12G4"', 1],
      ['"\\u12"', 1],
      ['[1, "\\q"]', 5],
    ];
    for (const [text, offset] of cases) expect(firstInvalidOffset(text), JSON.stringify(text)).toBe(offset);
  });

  it('takes the offset from "at position N" and drops the position and the quoted text from the message', () => {
    expect(describeJsonSyntaxError('{"a": 1 "b"}', new SyntaxError("Expected ',' or '}' after property value in JSON at position 8"))).toStrictEqual({
      line: 1,
      column: 9,
      message: "Expected ',' or '}' after property value",
    });
    // Node 22 adds the line and column after the position.
    expect(
      describeJsonSyntaxError('{\n  "a": 1 "b"}', new SyntaxError("Expected ',' or '}' after property value in JSON at position 11 (line 2 column 10)")),
    ).toStrictEqual({ line: 2, column: 10, message: "Expected ',' or '}' after property value" });
  });

  it('finds the offset itself when the message has none, and drops the quoted text, whole or cut', () => {
    expect(describeJsonSyntaxError('{"a":}', new SyntaxError('Unexpected token \'}\', "{"a":}" is not valid JSON'))).toStrictEqual({
      line: 1,
      column: 6,
      message: "Unexpected token '}'",
    });
    const text = '{\n  "products": [\n    { "sku": "A-1", "name": }\n  ]\n}';
    expect(describeJsonSyntaxError(text, new SyntaxError('Unexpected token \'}\', ..."\n  "name": }\n  ]\n}" is not valid JSON'))).toStrictEqual({
      line: 3,
      column: 29,
      message: "Unexpected token '}'",
    });
    // The end of the text when the scanner finds it valid after all; a message that is not an Error is kept as text.
    expect(describeJsonSyntaxError('{}', 'parser gave up  ')).toStrictEqual({ line: 1, column: 3, message: 'parser gave up' });
    expect(describeJsonSyntaxError('[1,\n', new Error('  Unexpected end of JSON input'))).toStrictEqual({
      line: 2,
      column: 1,
      message: 'Unexpected end of JSON input',
    });
  });

  it('counts LF, CRLF and a lone CR as one line break each', () => {
    const text = 'ab\ncd\r\nef\rgh';
    const where = (position: number) => {
      const { line, column } = describeJsonSyntaxError(text, new Error(`Oops in JSON at position ${position}`));
      return [line, column];
    };
    expect(where(0)).toEqual([1, 1]);
    expect(where(2)).toEqual([1, 3]);
    expect(where(3)).toEqual([2, 1]);
    expect(where(5)).toEqual([2, 3]);
    expect(where(6)).toEqual([2, 4]);
    expect(where(7)).toEqual([3, 1]);
    expect(where(9)).toEqual([3, 3]);
    expect(where(10)).toEqual([4, 1]);
    expect(where(11)).toEqual([4, 2]);
    // A position past the end (a parser's end-of-input) stays on the last line.
    expect(where(14)).toEqual([4, 5]);
    expect(describeJsonSyntaxError(text, new Error('Oops in JSON at position 11')).message).toBe('Oops');
  });
});

describe('json-fields: typed access to one object', () => {
  it('describes JSON types and tells objects from arrays and null', () => {
    expect([null, [], {}, 'x', 1, true, undefined].map(describeJsonType)).toEqual([
      'null',
      'an array',
      'an object',
      'a string',
      'a number',
      'a boolean',
      'a undefined',
    ]);
    expect([{}, { a: 1 }, [], null, 'x', 1].map(isJsonObject)).toEqual([true, true, false, false, false, false]);
  });

  function fieldsOf(source: Record<string, unknown>, prefix?: string): { fields: JsonFields; issues: RowIssues } {
    const issues = new RowIssues(at('products[0]'));
    return { fields: prefix === undefined ? new JsonFields(source, issues) : new JsonFields(source, issues, prefix), issues };
  }

  it('strings: trimmed, "" and null are not set, another type is an error under the prefixed column', () => {
    const { fields, issues } = fieldsOf({ a: ' x ', b: '  ', c: null, d: 5, e: ['x'] }, 'prices[0].');
    expect(['a', 'b', 'c', 'd', 'e', 'missing'].map((key) => fields.string(key))).toEqual(['x', undefined, undefined, undefined, undefined, undefined]);
    expect(issues.list).toStrictEqual([
      err('products[0]', 'prices[0].d', 'must be a string, not a number'),
      err('products[0]', 'prices[0].e', 'must be a string, not an array'),
    ]);
    expect(fields.column('x')).toBe('prices[0].x');
  });

  it('reads only own fields, not what the prototype has', () => {
    const { fields, issues } = fieldsOf(Object.assign(Object.create({ inherited: 'no' }) as Record<string, unknown>, { own: 'yes' }));
    expect([fields.string('own'), fields.string('inherited'), fields.string('toString'), fields.object('constructor')]).toEqual([
      'yes',
      undefined,
      undefined,
      undefined,
    ]);
    expect(issues.list).toEqual([]);
  });

  it('booleans, prices and counts: the type first, then the value check', () => {
    const { fields, issues } = fieldsOf({ t: true, f: false, n: null, y: 'yes', p: 12.5, zero: 0, neg: -1, inf: Infinity, half: 1.5, text: '3', big: 2 ** 53 });
    expect([fields.boolean('t'), fields.boolean('f'), fields.boolean('n'), fields.boolean('y'), fields.boolean('none')]).toEqual([
      true,
      false,
      undefined,
      undefined,
      undefined,
    ]);
    expect([fields.price('p'), fields.price('zero'), fields.price('neg'), fields.price('inf'), fields.price('text'), fields.price('none')]).toEqual([
      12.5,
      0,
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
    expect([
      fields.count('zero'),
      fields.count('p'),
      fields.count('half'),
      fields.count('neg'),
      fields.count('big'),
      fields.count('text'),
      fields.count('n'),
    ]).toEqual([0, undefined, undefined, undefined, undefined, undefined, undefined]);
    expect(issues.list).toStrictEqual([
      err('products[0]', 'y', 'must be true or false, not a string'),
      err('products[0]', 'neg', '-1 is negative; a price must be ≥ 0'),
      err('products[0]', 'inf', 'Infinity is not a number'),
      err('products[0]', 'text', 'must be a number, not a string'),
      err('products[0]', 'p', '12.5 is not a whole number ≥ 0'),
      err('products[0]', 'half', '1.5 is not a whole number ≥ 0'),
      err('products[0]', 'neg', '-1 is not a whole number ≥ 0'),
      err('products[0]', 'big', '9007199254740992 is not a whole number ≥ 0'),
      err('products[0]', 'text', 'must be a number, not a string'),
    ]);
  });

  it('arrays, objects and string lists', () => {
    const { fields, issues } = fieldsOf({ list: [1], empty: [], obj: { a: 1 }, text: 'x', nothing: null, mixed: [' a ', '', '  ', 2, 'b', null] });
    expect(fields.array('list')).toEqual([1]);
    expect(fields.array('empty')).toEqual([]);
    expect(fields.array('obj')).toBeUndefined();
    expect(fields.array('nothing')).toBeUndefined();
    expect(fields.object('obj')).toEqual({ a: 1 });
    expect(fields.object('list')).toBeUndefined();
    expect(fields.object('text')).toBeUndefined();
    expect(fields.object('nothing')).toBeUndefined();
    expect(fields.strings('mixed')).toEqual(['a', 'b']);
    expect(fields.strings('empty')).toEqual([]);
    expect(fields.strings('none')).toBeUndefined();
    expect(fields.strings('text')).toBeUndefined();
    expect(issues.list).toStrictEqual([
      err('products[0]', 'obj', 'must be an array, not an object'),
      err('products[0]', 'list', 'must be an object, not an array'),
      err('products[0]', 'text', 'must be an object, not a string'),
      err('products[0]', 'mixed[3]', 'must be a string, not a number'),
      err('products[0]', 'mixed[5]', 'must be a string, not null'),
      err('products[0]', 'text', 'must be an array, not a string'),
    ]);
  });

  it('warns about unknown fields, silently skipping the ones starting with "_"', () => {
    const { fields, issues } = fieldsOf({ known: 1, other: 2, _note: 3, x_y: 4 }, 'barcodes[1].');
    fields.warnUnknown(new Set(['known']));
    expect(issues.list).toStrictEqual([
      warn('products[0]', 'barcodes[1].other', 'unknown field "other" is ignored'),
      warn('products[0]', 'barcodes[1].x_y', 'unknown field "x_y" is ignored'),
    ]);
  });
});

describe('json-products: the products section', () => {
  it('a complete product with every field, trimmed', () => {
    const result = one({
      sku: ' TEE-1 ',
      name: ' Tee ',
      desc_short: ' short ',
      desc_long: 'long',
      product_url: 'tee',
      style_id: 'S1',
      brand_id: 'B1',
      page_title: 'Title',
      enabled: true,
      is_visible: false,
      categories: ['Apparel > Shirts', ['Sale'], [' Apparel ', 'Shirts']],
      prices: [{ base: 'CA', msrp: 25, map: 24, cost: 10, sell_price: 22 }],
      attributes: { Material: ' Cotton ', Country: ['USA', ' Canada ', 'USA', ''], Empty: '  ', None: null, Blank: [''] },
      inventory: [{ location: 'Main', count_on_hand: 5, count_on_hold: 1, site: 'S', bin: 'B', type: 'T', source: 'SRC' }],
      related: { Accessories: ['CAP-1', ' HAT-1 ', '', 'CAP-1'], Bundle: 'A | B ||', Empty: '', Skip: null },
      images: ['https://x.test/a.jpg', ' https://x.test/b.jpg ', '', 'https://x.test/a.jpg'],
      barcodes: [
        { type: 'upc-a', value: '012345678905' },
        { type: 'Custom', value: 123 },
        { type: 'UPC-A', value: ' 012345678905 ' },
      ],
      _comment: 'ignored',
    });
    expect(result).toStrictEqual({
      value: product('products[0]', 'TEE-1', {
        name: 'Tee',
        fields: {
          desc_short: 'short',
          desc_long: 'long',
          product_url: 'tee',
          style_id: 'S1',
          brand_id: 'B1',
          page_title: 'Title',
          enabled: true,
          is_visible: false,
        },
        categories: [['Apparel', 'Shirts'], ['Sale']],
        prices: [{ base: 'CA', msrp: 25, map: 24, cost: 10, sell_price: 22 }],
        attributes: [
          { name: 'Material', values: ['Cotton'] },
          { name: 'Country', values: ['USA', 'Canada'] },
        ],
        inventory: [{ location: 'Main', count_on_hand: 5, count_on_hold: 1, site: 'S', bin: 'B', type: 'T', source: 'SRC' }],
        related: [
          { type: 'Accessories', skus: ['CAP-1', 'HAT-1'] },
          { type: 'Bundle', skus: ['A', 'B'] },
        ],
        images: ['https://x.test/a.jpg', 'https://x.test/b.jpg'],
        barcodes: [
          { type: 'UPC-A', value: '012345678905' },
          { type: 'Custom', value: '123' },
        ],
      }),
      issues: [],
    });
  });

  it('a row that is not an object: an error without column, an empty product without key', () => {
    expect(products([null, 'TEE-1', [], 5])).toStrictEqual([
      row('products', 'products[0]', product('products[0]', ''), undefined, [err('products[0]', undefined, 'a product must be an object, not null')]),
      row('products', 'products[1]', product('products[1]', ''), undefined, [err('products[1]', undefined, 'a product must be an object, not a string')]),
      row('products', 'products[2]', product('products[2]', ''), undefined, [err('products[2]', undefined, 'a product must be an object, not an array')]),
      row('products', 'products[3]', product('products[3]', ''), undefined, [err('products[3]', undefined, 'a product must be an object, not a number')]),
    ]);
  });

  it('the SKU: missing, null, empty, blank or not a string; the key only when there is one', () => {
    expect(products([{ name: 'A' }, { sku: null }, { sku: '' }, { sku: '   ' }, { sku: 5 }, { sku: ' A-1 ', color: 'red', _x: 1 }])).toStrictEqual([
      row('products', 'products[0]', product('products[0]', '', { name: 'A' }), undefined, [
        err('products[0]', 'sku', 'sku is missing; every product needs a SKU'),
      ]),
      row('products', 'products[1]', product('products[1]', ''), undefined, [err('products[1]', 'sku', 'sku is missing; every product needs a SKU')]),
      row('products', 'products[2]', product('products[2]', ''), undefined, [err('products[2]', 'sku', 'sku is empty; every product needs a SKU')]),
      row('products', 'products[3]', product('products[3]', ''), undefined, [err('products[3]', 'sku', 'sku is empty; every product needs a SKU')]),
      row('products', 'products[4]', product('products[4]', ''), undefined, [err('products[4]', 'sku', 'must be a string, not a number')]),
      row('products', 'products[5]', product('products[5]', 'A-1'), 'A-1', [warn('products[5]', 'color', 'unknown field "color" is ignored')]),
    ]);
  });

  it('text and boolean fields of the wrong type are errors; null and "" leave them unset', () => {
    expect(one({ sku: 'A', name: 3, desc_long: false, page_title: '', brand_id: null, enabled: 'yes', is_visible: null })).toStrictEqual({
      value: product('products[0]', 'A'),
      issues: [
        err('products[0]', 'name', 'must be a string, not a number'),
        err('products[0]', 'desc_long', 'must be a string, not a boolean'),
        err('products[0]', 'enabled', 'must be true or false, not a string'),
      ],
    });
  });

  it('parent_sku at the top level: a variant of a product elsewhere, never of itself', () => {
    expect(
      products([{ sku: 'V-1', parent_sku: ' P-1 ', options: { Size: 'M' } }, { sku: 'A', parent_sku: 'A', options: { Size: 'S' } }, { parent_sku: null }]),
    ).toStrictEqual([
      row('products', 'products[0]', product('products[0]', 'V-1', { parentSku: 'P-1', options: [{ name: 'Size', value: 'M' }] }), 'V-1'),
      row('products', 'products[1]', product('products[1]', 'A', { parentSku: 'A', options: [{ name: 'Size', value: 'S' }] }), 'A', [
        err('products[1]', 'parent_sku', 'a product cannot be its own parent'),
      ]),
      row('products', 'products[2]', product('products[2]', ''), undefined, [err('products[2]', 'sku', 'sku is missing; every product needs a SKU')]),
    ]);
  });

  it('nested variants follow their parent, take its SKU as parent, and cannot nest further', () => {
    const list = [
      {
        sku: 'P-1',
        variants: [
          { sku: 'P-1-M', options: { Size: 'M' } },
          { sku: 'P-1-L', parent_sku: 'P-1', options: { Size: 'L', Color: null, Fit: ' ' } },
          { sku: 'P-1-S', parent_sku: 'OTHER', options: { Size: 'S' }, variants: [{ sku: 'DEEP' }] },
          { sku: 'P-1-X', variants: [] },
        ],
      },
      { name: 'No SKU', variants: [{ sku: 'ORPHAN', options: { Size: 'M' } }] },
      { sku: 'Q', variants: {} },
    ];
    expect(products(list)).toStrictEqual([
      row('products', 'products[0]', product('products[0]', 'P-1'), 'P-1'),
      row(
        'products',
        'products[0].variants[0]',
        product('products[0].variants[0]', 'P-1-M', { parentSku: 'P-1', options: [{ name: 'Size', value: 'M' }] }),
        'P-1-M',
      ),
      row(
        'products',
        'products[0].variants[1]',
        product('products[0].variants[1]', 'P-1-L', { parentSku: 'P-1', options: [{ name: 'Size', value: 'L' }] }),
        'P-1-L',
      ),
      row(
        'products',
        'products[0].variants[2]',
        product('products[0].variants[2]', 'P-1-S', { parentSku: 'P-1', options: [{ name: 'Size', value: 'S' }] }),
        'P-1-S',
        [
          err('products[0].variants[2]', 'parent_sku', '"OTHER" does not match the product this variant is nested in ("P-1")'),
          err('products[0].variants[2]', 'variants', 'a variant cannot have variants of its own'),
        ],
      ),
      row('products', 'products[0].variants[3]', product('products[0].variants[3]', 'P-1-X', { parentSku: 'P-1' }), 'P-1-X', [
        err('products[0].variants[3]', 'options', 'a variant needs at least one option value, e.g. "options": { "Size": "M" }'),
      ]),
      row('products', 'products[1]', product('products[1]', '', { name: 'No SKU' }), undefined, [
        err('products[1]', 'sku', 'sku is missing; every product needs a SKU'),
      ]),
      row(
        'products',
        'products[1].variants[0]',
        product('products[1].variants[0]', 'ORPHAN', { parentSku: '', options: [{ name: 'Size', value: 'M' }] }),
        'ORPHAN',
        [err('products[1].variants[0]', undefined, 'the product this variant is nested in has no SKU')],
      ),
      row('products', 'products[2]', product('products[2]', 'Q'), 'Q', [err('products[2]', 'variants', 'must be an array, not an object')]),
    ]);
  });

  it('options: ignored with a warning on a product that is not a variant; a wrong value is not also "missing"', () => {
    expect(one({ sku: 'A', options: { Size: 'M' } })).toStrictEqual({
      value: product('products[0]', 'A'),
      issues: [warn('products[0]', 'options', 'option values are ignored on a product that is not a variant')],
    });
    // No option value at all on a plain product: nothing to say.
    expect(one({ sku: 'A', options: { Size: '' } })).toStrictEqual({ value: product('products[0]', 'A'), issues: [] });
    expect(one({ sku: 'V', parent_sku: 'P', options: { Size: 5, Color: 'Red' } })).toStrictEqual({
      value: product('products[0]', 'V', { parentSku: 'P', options: [{ name: 'Color', value: 'Red' }] }),
      issues: [err('products[0]', 'options.Size', 'must be a string, not a number')],
    });
    expect(one({ sku: 'V', parent_sku: 'P', options: { Size: ['M'] } })).toStrictEqual({
      value: product('products[0]', 'V', { parentSku: 'P' }),
      issues: [err('products[0]', 'options.Size', 'must be a string, not an array')],
    });
    expect(one({ sku: 'V', parent_sku: 'P', options: 'Size=M' })).toStrictEqual({
      value: product('products[0]', 'V', { parentSku: 'P' }),
      issues: [
        err('products[0]', 'options', 'must be an object, not a string'),
        err('products[0]', 'options', 'a variant needs at least one option value, e.g. "options": { "Size": "M" }'),
      ],
    });
  });

  it('categories: path strings or arrays of levels, each path once; anything else names its index', () => {
    expect(one({ sku: 'A', categories: ['A > B', ['A', 'B'], 'A >  > B', [], ['A', ''], 5, ['A', 5], null, 'C'] })).toStrictEqual({
      value: product('products[0]', 'A', { categories: [['A', 'B'], ['C']] }),
      issues: [
        err('products[0]', 'categories[2]', 'category path "A >  > B" has an empty level'),
        err('products[0]', 'categories[3]', 'category path [] has an empty level'),
        err('products[0]', 'categories[4]', 'category path ["A",""] has an empty level'),
        err('products[0]', 'categories[5]', 'must be a path string or an array of levels, not a number'),
        err('products[0]', 'categories[6]', 'must be a path string or an array of levels, not an array'),
        err('products[0]', 'categories[7]', 'must be a path string or an array of levels, not null'),
      ],
    });
    expect(one({ sku: 'A', categories: 'A > B' })).toStrictEqual({
      value: product('products[0]', 'A'),
      issues: [err('products[0]', 'categories', 'must be an array, not a string')],
    });
  });

  it('prices: one entry per base, at least one price field, each field checked', () => {
    expect(
      one({
        sku: 'A',
        prices: [
          { base: 'US', msrp: 20, cost: null },
          'CA',
          { msrp: 5 },
          { base: ' US ', msrp: 30 },
          { base: 'EU' },
          { base: 'EU', msrp: 9 },
          { base: 'MX', msrp: -1, vat: 1, _x: 0 },
          { base: 'UK', map: null, cost: 0 },
          { base: 'NL', msrp: null },
        ],
      }),
    ).toStrictEqual({
      value: product('products[0]', 'A', { prices: [{ base: 'US', msrp: 20 }, { base: 'EU' }, { base: 'MX' }, { base: 'UK', cost: 0 }, { base: 'NL' }] }),
      issues: [
        err('products[0]', 'prices[1]', 'must be an object, not a string'),
        err('products[0]', 'prices[2].base', 'a price needs a base, e.g. "US"'),
        err('products[0]', 'prices[3]', 'price base "US" is given twice'),
        err('products[0]', 'prices[4]', 'a price needs at least one of msrp, map, cost, sell_price'),
        err('products[0]', 'prices[5]', 'price base "EU" is given twice'),
        warn('products[0]', 'prices[6].vat', 'unknown field "vat" is ignored'),
        err('products[0]', 'prices[6].msrp', '-1 is negative; a price must be ≥ 0'),
        err('products[0]', 'prices[8]', 'a price needs at least one of msrp, map, cost, sell_price'),
      ],
    });
    expect(one({ sku: 'A', prices: { base: 'US' } }).issues).toStrictEqual([err('products[0]', 'prices', 'must be an array, not an object')]);
  });

  it('the shorthand price fields belong to the --price-base base, merged with "prices"', () => {
    expect(one({ sku: 'A', msrp: 10, map: 9, cost: 4, sell_price: 8 })).toStrictEqual({
      value: product('products[0]', 'A', { prices: [{ base: 'US', msrp: 10, map: 9, cost: 4, sell_price: 8 }] }),
      issues: [],
    });
    expect(
      one(
        {
          sku: 'A',
          cost: 4,
          prices: [
            { base: 'CA', msrp: 12 },
            { base: 'EU', msrp: 11 },
          ],
        },
        'EU',
      ),
    ).toStrictEqual({
      value: product('products[0]', 'A', {
        prices: [
          { base: 'CA', msrp: 12 },
          { base: 'EU', msrp: 11, cost: 4 },
        ],
      }),
      issues: [],
    });
    expect(one({ sku: 'A', msrp: 15, cost: null, prices: [{ base: 'US', msrp: 12 }] })).toStrictEqual({
      value: product('products[0]', 'A', { prices: [{ base: 'US', msrp: 15 }] }),
      issues: [err('products[0]', 'msrp', 'the US msrp is also given in "prices"')],
    });
    expect(one({ sku: 'A', map: '9', sell_price: -2 })).toStrictEqual({
      value: product('products[0]', 'A'),
      issues: [err('products[0]', 'map', 'must be a number, not a string'), err('products[0]', 'sell_price', '-2 is negative; a price must be ≥ 0')],
    });
  });

  it('attributes: a string or an array of strings per name', () => {
    expect(one({ sku: 'A', attributes: { Size: 5, Tags: ['a', 1], Meta: { a: 'b' }, Flag: true, Ok: 'x' } })).toStrictEqual({
      value: product('products[0]', 'A', { attributes: [{ name: 'Ok', values: ['x'] }] }),
      issues: [
        err('products[0]', 'attributes.Size', 'must be a string or an array of strings, not a number'),
        err('products[0]', 'attributes.Tags', 'must be a string or an array of strings, not an array'),
        err('products[0]', 'attributes.Meta', 'must be a string or an array of strings, not an object'),
        err('products[0]', 'attributes.Flag', 'must be a string or an array of strings, not a boolean'),
      ],
    });
    expect(one({ sku: 'A', attributes: [{ Size: 'M' }] }).issues).toStrictEqual([err('products[0]', 'attributes', 'must be an object, not an array')]);
  });

  it('inventory: one object per location, with location and count_on_hand', () => {
    expect(
      one({
        sku: 'A',
        inventory: [
          { location: ' Main ', count_on_hand: 0 },
          7,
          { count_on_hand: 1 },
          { location: 'B' },
          { location: 'C', count_on_hand: null },
          { location: 'D', count_on_hand: '3' },
          { location: 'E', count_on_hand: -1 },
          { location: 'Main', count_on_hand: 2 },
          { location: 'F', count_on_hand: 1, sku: 'A', count_on_hold: 1.5, site: 3 },
          {},
        ],
      }),
    ).toStrictEqual({
      value: product('products[0]', 'A', {
        inventory: [
          { location: 'Main', count_on_hand: 0 },
          { location: 'F', count_on_hand: 1 },
        ],
      }),
      issues: [
        err('products[0]', 'inventory[1]', 'must be an object, not a number'),
        err('products[0]', 'inventory[2].location', 'location is missing'),
        err('products[0]', 'inventory[3].count_on_hand', 'count_on_hand is missing'),
        err('products[0]', 'inventory[4].count_on_hand', 'count_on_hand is missing'),
        err('products[0]', 'inventory[5].count_on_hand', 'must be a number, not a string'),
        err('products[0]', 'inventory[6].count_on_hand', '-1 is not a whole number ≥ 0'),
        err('products[0]', 'inventory[7]', 'location "Main" is given twice'),
        // In a product's own list the SKU is the product's: "sku" is not a field there.
        warn('products[0]', 'inventory[8].sku', 'unknown field "sku" is ignored'),
        err('products[0]', 'inventory[8].count_on_hold', '1.5 is not a whole number ≥ 0'),
        err('products[0]', 'inventory[8].site', 'must be a string, not a number'),
        err('products[0]', 'inventory[9].location', 'location is missing'),
        err('products[0]', 'inventory[9].count_on_hand', 'count_on_hand is missing'),
      ],
    });
    expect(one({ sku: 'A', inventory: { Main: 3 } }).issues).toStrictEqual([err('products[0]', 'inventory', 'must be an array, not an object')]);
    expect([...INVENTORY_KEYS]).toEqual(['location', 'count_on_hand', 'site', 'bin', 'type', 'count_on_hold', 'source']);
  });

  it('related: SKU arrays or "|"-separated strings per relation type, never the product itself', () => {
    expect(one({ sku: 'A', related: { Self: ['B', 'A'], Text: 'A|C', Bad: 5, Mixed: ['B', 2], Blank: ['', ' '] } })).toStrictEqual({
      value: product('products[0]', 'A', {
        related: [
          { type: 'Self', skus: ['B', 'A'] },
          { type: 'Text', skus: ['A', 'C'] },
        ],
      }),
      issues: [
        err('products[0]', 'related.Self', 'a product cannot be related to itself'),
        err('products[0]', 'related.Text', 'a product cannot be related to itself'),
        err('products[0]', 'related.Bad', 'must be an array of SKUs, not a number'),
        err('products[0]', 'related.Mixed', 'must be an array of SKUs, not an array'),
      ],
    });
    expect(one({ sku: 'A', related: ['B'] }).issues).toStrictEqual([err('products[0]', 'related', 'must be an object, not an array')]);
  });

  it('images: http(s) URL strings, each once, the main one first', () => {
    expect(one({ sku: 'A', images: [5, 'ftp://x.test/a.jpg', 'not a url', '  ', 'https://x.test/a b.jpg'] })).toStrictEqual({
      value: product('products[0]', 'A'),
      issues: [
        err('products[0]', 'images[0]', 'must be an image URL string, not a number'),
        err('products[0]', 'images[1]', '"ftp://x.test/a.jpg" is not an http or https URL'),
        err('products[0]', 'images[2]', '"not a url" is not an image URL (http:// or https://)'),
        err('products[0]', 'images[4]', '"https://x.test/a b.jpg" contains spaces; encode them as %20'),
      ],
    });
    expect(one({ sku: 'A', images: [] })).toStrictEqual({ value: product('products[0]', 'A'), issues: [] });
    expect(one({ sku: 'A', images: 'https://x.test/a.jpg' }).issues).toStrictEqual([err('products[0]', 'images', 'must be an array, not a string')]);
  });

  it('barcodes: a known type and a value of digits, each type and value once', () => {
    expect(
      one({
        sku: 'A',
        barcodes: [
          'UPC-A',
          { value: '012345678905' },
          { type: 'ISBN', value: '1' },
          { type: 'EAN' },
          { type: 'EAN', value: 1.5 },
          { type: 'Custom', value: 2 ** 53 },
          { type: 'UPC-A', value: '12345' },
          { type: 'ean', value: '4006381333931', note: 'x' },
          { type: 'GTIN-13', value: 4006381333931 },
        ],
      }),
    ).toStrictEqual({
      value: product('products[0]', 'A', {
        barcodes: [
          { type: 'EAN', value: '4006381333931' },
          { type: 'GTIN-13', value: '4006381333931' },
        ],
      }),
      issues: [
        err('products[0]', 'barcodes[0]', 'must be an object, not a string'),
        err('products[0]', 'barcodes[1].type', 'a barcode needs a type: one of UPC-A, GTIN-13, EAN, ITF-14, Custom'),
        err('products[0]', 'barcodes[2].type', 'a barcode needs a type: one of UPC-A, GTIN-13, EAN, ITF-14, Custom'),
        err('products[0]', 'barcodes[3].value', 'a barcode needs a value'),
        err('products[0]', 'barcodes[4].value', 'must be a string, not a number'),
        err('products[0]', 'barcodes[4].value', 'a barcode needs a value'),
        err('products[0]', 'barcodes[5].value', 'must be a string, not a number'),
        err('products[0]', 'barcodes[5].value', 'a barcode needs a value'),
        err('products[0]', 'barcodes[6].value', '"12345" is not a UPC-A barcode: it has 5 digits, UPC-A has 12'),
        warn('products[0]', 'barcodes[7].note', 'unknown field "note" is ignored'),
      ],
    });
    expect(one({ sku: 'A', barcodes: [] })).toStrictEqual({ value: product('products[0]', 'A'), issues: [] });
    expect(one({ sku: 'A', barcodes: { type: 'EAN' } }).issues).toStrictEqual([err('products[0]', 'barcodes', 'must be an array, not an object')]);
  });
});

describe('json-sections: categories, options, attributes, inventory', () => {
  function read(section: 'categories' | 'options' | 'attributes' | 'inventory', list: unknown[], types = new AttributeTypes()): Recorded[] {
    const sink = new Sink();
    if (section === 'categories') readJsonCategories(list, F, sink);
    else if (section === 'options') readJsonOptions(list, F, sink);
    else if (section === 'attributes') readJsonAttributes(list, F, sink, types);
    else readJsonInventory(list, F, sink);
    expect(sink.fileIssues).toStrictEqual([]);
    return sink.rows;
  }

  it('categories: a path string or levels, every text field, the path as key', () => {
    const full = {
      path: ' Apparel > Shirts ',
      desc: ' Shirts ',
      slug: 'shirts',
      is_visible: false,
      seo_meta_title: 'T',
      seo_meta_desc: 'D',
      seo_meta_keywords: 'K',
      search_keywords: 'S',
      _x: 1,
    };
    expect(read('categories', [full, { path: ['Sale', ' Summer '], is_visible: true, desc: '' }])).toStrictEqual([
      row(
        'categories',
        'categories[0]',
        {
          loc: at('categories[0]'),
          path: ['Apparel', 'Shirts'],
          is_visible: false,
          desc: 'Shirts',
          slug: 'shirts',
          seo_meta_title: 'T',
          seo_meta_desc: 'D',
          seo_meta_keywords: 'K',
          search_keywords: 'S',
        },
        'Apparel > Shirts',
      ),
      row('categories', 'categories[1]', { loc: at('categories[1]'), path: ['Sale', 'Summer'], is_visible: true }, 'Sale > Summer'),
    ]);
  });

  it('categories: a missing, empty or mistyped path, and a row that is not an object', () => {
    const missing = 'path is missing; every category needs a path';
    const rows = read('categories', [
      { desc: 'x' },
      { path: null },
      { path: '' },
      { path: 'A >' },
      { path: [] },
      { path: 5 },
      { path: ['A', 1] },
      'A',
      { path: 'A', is_visible: 'no', color: 1 },
    ]);
    const value = (index: number, extra: object = {}) => ({ loc: at(`categories[${index}]`), path: [], ...extra });
    expect(rows).toStrictEqual([
      row('categories', 'categories[0]', value(0, { desc: 'x' }), undefined, [err('categories[0]', 'path', missing)]),
      row('categories', 'categories[1]', value(1), undefined, [err('categories[1]', 'path', missing)]),
      row('categories', 'categories[2]', value(2), undefined, [err('categories[2]', 'path', missing)]),
      row('categories', 'categories[3]', value(3), undefined, [err('categories[3]', 'path', 'category path "A >" has an empty level')]),
      row('categories', 'categories[4]', value(4), undefined, [err('categories[4]', 'path', 'category path [] has an empty level')]),
      row('categories', 'categories[5]', value(5), undefined, [err('categories[5]', 'path', 'must be a path string or an array of levels, not a number')]),
      row('categories', 'categories[6]', value(6), undefined, [err('categories[6]', 'path', 'must be a path string or an array of levels, not an array')]),
      row('categories', 'categories[7]', value(7), undefined, [
        err('categories[7]', undefined, 'must be an object, not a string'),
        err('categories[7]', 'path', missing),
      ]),
      row('categories', 'categories[8]', { loc: at('categories[8]'), path: ['A'] }, 'A', [
        warn('categories[8]', 'color', 'unknown field "color" is ignored'),
        err('categories[8]', 'is_visible', 'must be true or false, not a string'),
      ]),
    ]);
  });

  it('options: a name and its values, each once', () => {
    expect(
      read('options', [
        { name: ' Size ', values: ['S', ' M ', 'S', '', 3] },
        { values: ['x'] },
        { name: 'Color' },
        { name: 'Fit', values: 'Slim', kind: 1 },
        null,
      ]),
    ).toStrictEqual([
      row('options', 'options[0]', { name: 'Size', values: ['S', 'M'] }, 'Size', [err('options[0]', 'values[4]', 'must be a string, not a number')]),
      row('options', 'options[1]', { name: '', values: ['x'] }, undefined, [err('options[1]', 'name', 'an option needs a name')]),
      row('options', 'options[2]', { name: 'Color', values: [] }, 'Color'),
      row('options', 'options[3]', { name: 'Fit', values: [] }, 'Fit', [
        warn('options[3]', 'kind', 'unknown field "kind" is ignored'),
        err('options[3]', 'values', 'must be an array, not a string'),
      ]),
      row('options', 'options[4]', { name: '', values: [] }, undefined, [
        err('options[4]', undefined, 'must be an object, not null'),
        err('options[4]', 'name', 'an option needs a name'),
      ]),
    ]);
  });

  it('attributes: a name, a known type (text by default, any case), values; one type per name', () => {
    const types = new AttributeTypes();
    types.declare('Country', 'multiselect', { file: 'products.csv', line: 1 });
    const rows = read(
      'attributes',
      [
        { name: 'Material', values: ['Cotton', 'Cotton', 'Silk'] },
        { name: ' Country ', type: 'MultiSelect' },
        { name: 'Fabric', type: 'selectbox', values: ['a'] },
        { name: 'Fabric', type: 'text' },
        { name: 'Size', type: 'checkbox' },
        { type: 'date' },
        { type: 'nope', extra: 1 },
        { name: 'Material', type: 'TEXT' },
      ],
      types,
    );
    expect(rows).toStrictEqual([
      row('attributes', 'attributes[0]', { name: 'Material', type: 'text', values: ['Cotton', 'Silk'] }, 'Material'),
      row('attributes', 'attributes[1]', { name: 'Country', type: 'multiselect', values: [] }, 'Country'),
      row('attributes', 'attributes[2]', { name: 'Fabric', type: 'selectbox', values: ['a'] }, 'Fabric'),
      row('attributes', 'attributes[3]', { name: 'Fabric', type: 'text', values: [] }, 'Fabric', [
        err('attributes[3]', 'type', 'attribute "Fabric" is declared as text here but as selectbox at catalog.json: attributes[2]'),
      ]),
      row('attributes', 'attributes[4]', { name: 'Size', type: 'checkbox', values: [] }, 'Size', [
        err('attributes[4]', 'type', 'unknown attribute type "checkbox" (text, textarea, date, selectbox, multiselect)'),
      ]),
      row('attributes', 'attributes[5]', { name: '', type: 'date', values: [] }, undefined, [err('attributes[5]', 'name', 'an attribute needs a name')]),
      row('attributes', 'attributes[6]', { name: '', type: 'nope', values: [] }, undefined, [
        warn('attributes[6]', 'extra', 'unknown field "extra" is ignored'),
        err('attributes[6]', 'name', 'an attribute needs a name'),
        err('attributes[6]', 'type', 'unknown attribute type "nope" (text, textarea, date, selectbox, multiselect)'),
      ]),
      row('attributes', 'attributes[7]', { name: 'Material', type: 'text', values: [] }, 'Material'),
    ]);
    expect(types.all()).toEqual(
      new Map([
        ['Country', 'multiselect'],
        ['Material', 'text'],
        ['Fabric', 'selectbox'],
      ]),
    );
  });

  it('inventory: sku, location and count_on_hand; the SKU as key', () => {
    const rows = read('inventory', [
      { sku: ' TEE-1 ', location: 'Main', count_on_hand: 7, count_on_hold: 2, site: 'S', bin: 'B', type: 'T', source: 'X' },
      { location: 'Main', count_on_hand: 1 },
      { sku: 5, location: 'Main', count_on_hand: 1 },
      { sku: 'A', count_on_hand: 1, where: 'x' },
      'A',
      { sku: 'A', location: 'Main', count_on_hand: 1.5 },
    ]);
    expect(rows).toStrictEqual([
      row(
        'inventory',
        'inventory[0]',
        { loc: at('inventory[0]'), sku: 'TEE-1', location: 'Main', count_on_hand: 7, count_on_hold: 2, site: 'S', bin: 'B', type: 'T', source: 'X' },
        'TEE-1',
      ),
      row('inventory', 'inventory[1]', { loc: at('inventory[1]'), sku: '', location: 'Main', count_on_hand: 1 }, undefined, [
        err('inventory[1]', 'sku', 'sku is missing; every inventory row needs a SKU'),
      ]),
      // A SKU of the wrong type is reported once, not also as missing.
      row('inventory', 'inventory[2]', { loc: at('inventory[2]'), sku: '', location: 'Main', count_on_hand: 1 }, undefined, [
        err('inventory[2]', 'sku', 'must be a string, not a number'),
      ]),
      row('inventory', 'inventory[3]', { loc: at('inventory[3]'), sku: 'A', location: '', count_on_hand: 0 }, 'A', [
        warn('inventory[3]', 'where', 'unknown field "where" is ignored'),
        err('inventory[3]', 'location', 'location is missing'),
      ]),
      row('inventory', 'inventory[4]', { loc: at('inventory[4]'), sku: '', location: '', count_on_hand: 0 }, undefined, [
        err('inventory[4]', undefined, 'must be an object, not a string'),
        err('inventory[4]', 'location', 'location is missing'),
        err('inventory[4]', 'count_on_hand', 'count_on_hand is missing'),
      ]),
      row('inventory', 'inventory[5]', { loc: at('inventory[5]'), sku: 'A', location: '', count_on_hand: 0 }, 'A', [
        err('inventory[5]', 'count_on_hand', '1.5 is not a whole number ≥ 0'),
      ]),
    ]);
  });
});

describe('json-file: reading one JSON file', () => {
  async function readText(
    name: string,
    content: string | Buffer,
    kind: CatalogKind = 'products',
    types = new AttributeTypes(),
  ): Promise<Sink & { file: string }> {
    const file = join(temp(), name);
    await writeFile(file, content);
    const sink = new Sink();
    await readJsonFile(file, { kind, priceBase: 'US', attributeTypes: types }, sink);
    return Object.assign(sink, { file });
  }
  const fileError = (location: SourceLocation, message: string): Issue => ({ location, message, severity: 'error' });

  it('a file that cannot be read', async () => {
    const file = join(temp(), 'missing.json');
    const sink = new Sink();
    await readJsonFile(file, { kind: 'products', priceBase: 'US', attributeTypes: new AttributeTypes() }, sink);
    expect(sink.rows).toEqual([]);
    expect(sink.fileIssues).toStrictEqual([fileError({ file }, `cannot read the file: ENOENT: no such file or directory, open '${file}'`)]);
  });

  it('invalid UTF-8, at the line of the first bad byte', async () => {
    const sink = await readText(
      'latin1.json',
      Buffer.concat([Buffer.from('{\n  "products": [\n    { "sku": "'), Buffer.from([0xe9]), Buffer.from('" }\n  ]\n}\n')]),
    );
    expect(sink.fileIssues).toStrictEqual([fileError({ file: sink.file, line: 3 }, 'invalid UTF-8: save the file with UTF-8 encoding')]);
    expect(sink.rows).toEqual([]);
  });

  it('an empty or blank file', async () => {
    for (const [name, content] of [
      ['empty.json', ''],
      ['blank.json', ' \n\t\n'],
    ] as const) {
      const sink = await readText(name, content);
      expect(sink.fileIssues).toStrictEqual([fileError({ file: sink.file, line: 1 }, 'file is empty: a JSON object is expected')]);
    }
  });

  it('a syntax error, with its line and column', async () => {
    const token = await readText('token.json', '{\n  "products": [\n    { "sku": "A-1", "name": }\n  ]\n}\n');
    expect(token.fileIssues).toStrictEqual([fileError({ file: token.file, line: 3 }, "JSON syntax error: Unexpected token '}' (column 29)")]);
    const comma = await readText('comma.json', '{\n  "products": [\n    { "sku": "A-1" "name": "x" }\n  ]\n}\n');
    expect(comma.fileIssues).toStrictEqual([
      fileError({ file: comma.file, line: 3 }, "JSON syntax error: Expected ',' or '}' after property value (column 20)"),
    ]);
    expect(comma.rows).toEqual([]);
  });

  it('a top level that is not an object', async () => {
    const sections = '"products", "categories", "options", "attributes" and "inventory"';
    for (const [content, type] of [
      ['[]', 'an array'],
      ['null', 'null'],
      ['42', 'a number'],
      ['"x"', 'a string'],
    ] as const) {
      const sink = await readText('top.json', content);
      expect(sink.fileIssues).toStrictEqual([fileError({ file: sink.file }, `the top level must be an object with ${sections} sections, not ${type}`)]);
    }
  });

  it('reads the sections in declaration order, whatever their order in the file; a BOM is accepted', async () => {
    const types = new AttributeTypes();
    const text = JSON.stringify({
      inventory: [{ sku: 'A', location: 'Main', count_on_hand: 1 }],
      products: [{ sku: 'A' }],
      attributes: [{ name: 'Country', type: 'multiselect' }],
      options: [{ name: 'Size' }],
      categories: [{ path: 'Sale' }],
      _comment: 'ignored silently',
    });
    const sink = await readText('order.json', `\uFEFF${text}`, 'products', types);
    expect(sink.fileIssues).toStrictEqual([]);
    expect(sink.rows.map((recorded) => [recorded.section, recorded.loc.path])).toEqual([
      ['categories', 'categories[0]'],
      ['options', 'options[0]'],
      ['attributes', 'attributes[0]'],
      ['products', 'products[0]'],
      ['inventory', 'inventory[0]'],
    ]);
    expect(sink.rows.map((recorded) => recorded.loc.file)).toEqual(Array(5).fill(sink.file));
    expect(types.typeOf('Country')).toBe('multiselect');
  });

  it('the price base of the context reaches the shorthand price fields', async () => {
    const file = join(temp(), 'prices.json');
    await writeFile(file, JSON.stringify({ products: [{ sku: 'A', msrp: 3 }] }));
    const sink = new Sink();
    await readJsonFile(file, { kind: 'products', priceBase: 'CA', attributeTypes: new AttributeTypes() }, sink);
    expect((sink.rows[0]?.value as ProductInput).prices).toEqual([{ base: 'CA', msrp: 3 }]);
  });

  it('warns about unknown sections and the sections another kind reads', async () => {
    const content = JSON.stringify({ products: [{ sku: 'A' }], categories: [{ path: 'Sale' }], inventory: [], extras: [], _note: 1 });
    const categories = await readText('kinds.json', content, 'categories');
    const location = (path: string): SourceLocation => ({ file: categories.file, path });
    expect(categories.fileIssues).toStrictEqual([
      { location: location('products'), message: 'section "products" is ignored when pushing categories', severity: 'warning' },
      { location: location('inventory'), message: 'section "inventory" is ignored when pushing categories', severity: 'warning' },
      { location: location('extras'), message: 'unknown section "extras" is ignored', severity: 'warning' },
    ]);
    expect(categories.rows.map((recorded) => recorded.section)).toEqual(['categories']);

    const inventory = await readText(
      'kinds.json',
      JSON.stringify({ inventory: [{ sku: 'A', location: 'Main', count_on_hand: 1 }], options: [{ name: 'Size' }] }),
      'inventory',
    );
    expect(inventory.fileIssues).toStrictEqual([
      { location: { file: inventory.file, path: 'options' }, message: 'section "options" is ignored when pushing inventory', severity: 'warning' },
    ]);
    expect(inventory.rows.map((recorded) => recorded.section)).toEqual(['inventory']);
  });

  it('a section that is not an array stops the file before any row; null is an absent section', async () => {
    const sink = await readText('shape.json', JSON.stringify({ categories: [{ path: 'Sale' }], products: { sku: 'A' }, inventory: 'none', options: null }));
    expect(sink.fileIssues).toStrictEqual([
      fileError({ file: sink.file, path: 'products' }, 'must be an array, not an object'),
      fileError({ file: sink.file, path: 'inventory' }, 'must be an array, not a string'),
    ]);
    expect(sink.rows).toEqual([]);
  });

  it('"no data rows" when the sections the kind reads are empty or absent', async () => {
    const noRows = (file: string): Issue => ({ location: { file }, message: 'no data rows', severity: 'warning' });
    const empty = await readText('empty-object.json', '{}');
    expect(empty.fileIssues).toStrictEqual([noRows(empty.file)]);
    const nulls = await readText('nulls.json', '{ "products": null, "categories": [] }');
    expect(nulls.fileIssues).toStrictEqual([noRows(nulls.file)]);
    // Declarations alone are rows of a products push.
    const declarations = await readText('declarations.json', '{ "options": [{ "name": "Size" }] }');
    expect(declarations.fileIssues).toStrictEqual([]);
    const inventoryOnly = await readText('inventory-only.json', '{ "inventory": [{ "sku": "A", "location": "M", "count_on_hand": 1 }] }');
    expect(inventoryOnly.fileIssues).toStrictEqual([]);
    // Rows of the sections the kind does not read do not count.
    const ignored = await readText('ignored.json', '{ "products": [{ "sku": "A" }] }', 'categories');
    expect(ignored.fileIssues).toStrictEqual([
      { location: { file: ignored.file, path: 'products' }, message: 'section "products" is ignored when pushing categories', severity: 'warning' },
      noRows(ignored.file),
    ]);
  });
});
