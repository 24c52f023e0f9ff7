// The file-level pieces of src/catalog on plain data: the UTF-8 check with the line of the
// first bad byte, the gate that refuses an invalid input (assertValid), and what scanCatalog
// reports about each file.
import { stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { assertValid, MAX_ISSUES_SHOWN } from '../src/catalog/assert-valid.js';
import { RowIndex } from '../src/catalog/row-index.js';
import { scanCatalog } from '../src/catalog/scan.js';
import type { CatalogSource } from '../src/catalog/source.js';
import type { Issue, RejectedRow } from '../src/catalog/types.js';
import { decodeUtf8, InvalidUtf8Error, Utf8Guard, Utf8LineCounter } from '../src/catalog/utf8-check.js';
import { InputError } from '../src/errors.js';
import { useTempDir } from './catalog-helpers.js';

const temp = useTempDir();
const bytes = (...values: number[]): Uint8Array => Uint8Array.from(values);

describe('utf8-check: Utf8LineCounter', () => {
  /** The index of the first invalid byte of one chunk, and whether a character is left open. */
  const scanned = (...values: number[]): [number, boolean] => {
    const counter = new Utf8LineCounter();
    return [counter.scan(bytes(...values)), counter.incomplete];
  };

  it('accepts every well-formed length at the edges of its ranges', () => {
    const valid = [
      [0x00, 0x7f],
      [0xc2, 0x80],
      [0xdf, 0xbf],
      // After the first continuation byte the range is 80..BF again.
      [0xe0, 0xa0, 0x80],
      [0xe0, 0xbf, 0xbf],
      [0xe1, 0x80, 0x80],
      [0xec, 0xbf, 0xbf],
      [0xed, 0x80, 0x80],
      [0xed, 0x9f, 0xbf],
      [0xee, 0x80, 0x80],
      [0xef, 0xbf, 0xbf],
      [0xf0, 0x90, 0x80, 0x80],
      [0xf0, 0xbf, 0xbf, 0xbf],
      [0xf1, 0x80, 0x80, 0x80],
      [0xf3, 0xbf, 0xbf, 0xbf],
      [0xf4, 0x80, 0x80, 0x80],
      [0xf4, 0x8f, 0xbf, 0xbf],
      [],
    ];
    for (const sequence of valid) expect(scanned(...sequence), sequence.map((b) => b.toString(16)).join(' ')).toEqual([-1, false]);
  });

  it('refuses lone continuation bytes, overlong forms, surrogates and code points above U+10FFFF', () => {
    const invalid: [number[], number][] = [
      [[0x41, 0x80], 1],
      [[0xbf], 0],
      [[0xc0, 0x80], 0],
      [[0xc1, 0xbf], 0],
      [[0xc2, 0x7f], 1],
      [[0xc2, 0xc0], 1],
      [[0xe0, 0x9f, 0xbf], 1],
      [[0xe0, 0xa0, 0x7f], 2],
      [[0xe0, 0xa0, 0xc0], 2],
      [[0xed, 0xa0, 0x80], 1],
      [[0xed, 0x7f, 0x80], 1],
      [[0xed, 0x9f, 0xc0], 2],
      [[0xe1, 0x7f, 0x80], 1],
      [[0xef, 0xc0, 0x80], 1],
      [[0xf0, 0x8f, 0xbf, 0xbf], 1],
      [[0xf0, 0x90, 0x7f, 0x80], 2],
      [[0xf4, 0x90, 0x80, 0x80], 1],
      [[0xf4, 0x7f, 0x80, 0x80], 1],
      [[0xf4, 0x8f, 0xc0, 0x80], 2],
      [[0xf4, 0x8f, 0xbf, 0xc0], 3],
      [[0xf1, 0xc0, 0x80, 0x80], 1],
      [[0xf5, 0x80, 0x80, 0x80], 0],
      [[0xf8], 0],
      [[0xff], 0],
      [[0xc3, 0xa9, 0xe9, 0x41], 3],
    ];
    for (const [sequence, index] of invalid) expect(scanned(...sequence)[0], sequence.map((b) => b.toString(16)).join(' ')).toBe(index);
  });

  it('knows when the input stops inside a character', () => {
    expect(scanned(0xc3)).toEqual([-1, true]);
    expect(scanned(0xe2, 0x82)).toEqual([-1, true]);
    expect(scanned(0xf0, 0x9f, 0x98)).toEqual([-1, true]);
    expect(scanned(0x41)).toEqual([-1, false]);
  });

  it('carries a character, its allowed range and a CR across chunks', () => {
    const euro = new Utf8LineCounter();
    expect(euro.scan(bytes(0x41, 0xe2))).toBe(-1);
    expect(euro.incomplete).toBe(true);
    expect(euro.scan(bytes(0x82))).toBe(-1);
    expect(euro.scan(bytes(0xac, 0x42))).toBe(-1);
    expect(euro.incomplete).toBe(false);

    const overlong = new Utf8LineCounter();
    expect(overlong.scan(bytes(0xe0))).toBe(-1);
    expect(overlong.scan(bytes(0x9f, 0x80))).toBe(0);

    const crlf = new Utf8LineCounter();
    crlf.scan(bytes(0x61, 0x0d));
    expect(crlf.line).toBe(2);
    crlf.scan(bytes(0x0a, 0x62));
    expect(crlf.line).toBe(2);
  });

  it('counts CR, LF and CRLF as one line break each, a character in between breaking a CRLF', () => {
    const lines = (text: string): number => {
      const counter = new Utf8LineCounter();
      expect(counter.scan(new TextEncoder().encode(text))).toBe(-1);
      return counter.line;
    };
    expect(lines('')).toBe(1);
    expect(lines('abc')).toBe(1);
    expect(lines('a\nb')).toBe(2);
    expect(lines('a\r\nb')).toBe(2);
    expect(lines('a\rb')).toBe(2);
    expect(lines('\n\n')).toBe(3);
    expect(lines('\r\r')).toBe(3);
    expect(lines('\n\r')).toBe(3);
    expect(lines('\r\r\n')).toBe(3);
    expect(lines('\rx\n')).toBe(3);
    expect(lines('\ré\n')).toBe(3);
  });

  it('stops at the first bad byte, on its line', () => {
    const counter = new Utf8LineCounter();
    expect(counter.scan(bytes(0x61, 0x0a, 0x62, 0x0d, 0x0a, 0x63, 0xff, 0x0a, 0x0a))).toBe(6);
    expect(counter.line).toBe(3);
  });
});

describe('utf8-check: Utf8Guard and decodeUtf8', () => {
  async function guard(chunks: Uint8Array[]): Promise<Buffer> {
    const passed: Buffer[] = [];
    await pipeline(Readable.from(chunks.map((chunk) => Buffer.from(chunk))), new Utf8Guard(), async (source: AsyncIterable<Buffer>) => {
      for await (const chunk of source) passed.push(chunk);
    });
    return Buffer.concat(passed);
  }

  it('passes valid bytes through unchanged, a character split across chunks included', async () => {
    expect(await guard([bytes(0x61, 0x0a, 0xe2, 0x82), bytes(0xac, 0x0a)])).toEqual(Buffer.from('a\n€\n'));
    expect(await guard([])).toEqual(Buffer.alloc(0));
  });

  it('fails with the line of the first bad byte, or of the end when a character is left open', async () => {
    const bad = guard([bytes(0x61, 0x0a), bytes(0x62, 0x0a, 0xff)]);
    await expect(bad).rejects.toThrow(InvalidUtf8Error);
    await expect(bad).rejects.toMatchObject({ name: 'InvalidUtf8Error', line: 3, message: 'invalid UTF-8 at line 3' });
    const open = guard([bytes(0x61, 0x0a, 0x0a, 0xe2, 0x82)]);
    await expect(open).rejects.toMatchObject({ name: 'InvalidUtf8Error', line: 3, message: 'invalid UTF-8 at line 3' });
  });

  it('InvalidUtf8Error names its line', () => {
    const error = new InvalidUtf8Error(812);
    expect(error).toBeInstanceOf(Error);
    expect([error.name, error.line, error.message]).toEqual(['InvalidUtf8Error', 812, 'invalid UTF-8 at line 812']);
  });

  it('decodeUtf8: the text without its BOM, or the line of the first bad byte', () => {
    expect(decodeUtf8(new TextEncoder().encode('{"a": "é€😀"}\n'))).toStrictEqual({ text: '{"a": "é€😀"}\n' });
    expect(decodeUtf8(bytes(0xef, 0xbb, 0xbf, 0x7b, 0x7d))).toStrictEqual({ text: '{}' });
    expect(decodeUtf8(bytes())).toStrictEqual({ text: '' });
    expect(decodeUtf8(bytes(0x7b, 0x0a, 0x0a, 0xe9, 0x0a, 0x7d))).toStrictEqual({ invalidLine: 3 });
    expect(decodeUtf8(bytes(0x7b, 0x0d, 0x0a, 0x7d, 0xf0, 0x9f))).toStrictEqual({ invalidLine: 2 });
  });
});

describe('assertValid: the gate between reading and acting', () => {
  const location = (line: number) => ({ file: 'products.csv', line });
  const error = (line: number, message = 'bad', column?: string): Issue => ({
    location: location(line),
    ...(column === undefined ? {} : { column }),
    message,
    severity: 'error',
  });
  const warning = (line: number): Issue => ({ location: location(line), message: 'odd', severity: 'warning' });
  const rejected = (...issues: Issue[]): RejectedRow => ({ loc: issues[0]!.location, issues });

  function refusal(call: () => void): { message: string; details: string[] } {
    try {
      call();
    } catch (thrown) {
      expect(thrown).toBeInstanceOf(InputError);
      const { message, details } = thrown as InputError;
      return { message, details };
    }
    throw new Error('assertValid did not throw');
  }

  it('lets through an input without errors, warnings or not', () => {
    expect(assertValid({ issues: [], rejected: [] }, false)).toBeUndefined();
    const odd = warning(2);
    expect(assertValid({ issues: [odd], rejected: [{ loc: odd.location, issues: [odd] }] }, false)).toBeUndefined();
  });

  it('refuses an input with row errors, naming the option that pushes the valid rows', () => {
    const first = error(2, '"12,5" is not a number', 'msrp');
    const odd = warning(3);
    expect(refusal(() => assertValid({ issues: [first, odd], rejected: [rejected(first)] }, false))).toStrictEqual({
      message: '1 problem in the input; nothing was written. (--skip-invalid pushes the valid rows)',
      details: ['products.csv:2: column msrp: "12,5" is not a number'],
    });
    const second = error(4, 'sku is empty');
    expect(refusal(() => assertValid({ issues: [first, odd, second], rejected: [rejected(first), rejected(odd, second)] }, false, 'converts'))).toStrictEqual({
      message: '2 problems in the input; nothing was written. (--skip-invalid converts the valid rows)',
      details: ['products.csv:2: column msrp: "12,5" is not a number', 'products.csv:4: sku is empty'],
    });
  });

  it("with --skip-invalid, lets through an input whose every error is a row's", () => {
    const first = error(2);
    const second = error(3);
    expect(assertValid({ issues: [first, warning(2), second], rejected: [rejected(first, second)] }, true)).toBeUndefined();
  });

  it('an error outside any row refuses the input, with --skip-invalid too, and without the hint', () => {
    const row = error(2, 'sku is empty');
    const file: Issue = { location: { file: 'stock.csv' }, message: 'missing column "location"', severity: 'error' };
    const read = { issues: [row, file], rejected: [rejected(row)] };
    expect(refusal(() => assertValid(read, false))).toStrictEqual({
      message: '2 problems in the input; nothing was written.',
      details: ['products.csv:2: sku is empty', 'stock.csv: missing column "location"'],
    });
    // With --skip-invalid only the problems it cannot skip are listed; the count is every error.
    expect(refusal(() => assertValid(read, true))).toStrictEqual({
      message: '2 problems in the input; nothing was written.',
      details: ['stock.csv: missing column "location"'],
    });
    // A row is known by its issue objects, not by an equal-looking copy.
    expect(refusal(() => assertValid({ issues: [row], rejected: [rejected(error(2, 'sku is empty'))] }, true))).toStrictEqual({
      message: '1 problem in the input; nothing was written.',
      details: ['products.csv:2: sku is empty'],
    });
  });

  it(`shows at most ${MAX_ISSUES_SHOWN} problems, then how many more`, () => {
    expect(MAX_ISSUES_SHOWN).toBe(50);
    const many = (count: number): Issue[] => Array.from({ length: count }, (_, index) => error(index + 2));
    const listed = (count: number) => many(count).map((issue) => `products.csv:${issue.location.line}: bad`);

    const fifty = many(50);
    expect(refusal(() => assertValid({ issues: fifty, rejected: fifty.map((issue) => rejected(issue)) }, false))).toStrictEqual({
      message: '50 problems in the input; nothing was written. (--skip-invalid pushes the valid rows)',
      details: listed(50),
    });
    const fiftyOne = many(51);
    expect(refusal(() => assertValid({ issues: fiftyOne, rejected: [] }, false))).toStrictEqual({
      message: '51 problems in the input; nothing was written.',
      details: [...listed(50), '… and 1 more (jasper-push validate lists them all)'],
    });
    const seventy = many(70);
    expect(refusal(() => assertValid({ issues: seventy, rejected: [] }, true)).details.slice(49)).toEqual([
      'products.csv:51: bad',
      '… and 20 more (jasper-push validate lists them all)',
    ]);
  });
});

describe('scanCatalog: what the scan reports about each file', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('reports the rows, the small sections, the types and a stamp per file; a missing file has none', async () => {
    const file = join(temp(), 'scan.json');
    await writeFile(
      file,
      JSON.stringify({
        categories: [{ path: 'Sale' }],
        options: [{ name: 'Size', values: ['M'] }],
        attributes: [{ name: 'Country', type: 'multiselect' }],
        products: [{ sku: 'A', attributes: { Fabric: ['Silk', 'Wool'] } }, { sku: '' }],
      }),
    );
    const missing = join(temp(), 'missing.json');
    const close = vi.spyOn(RowIndex.prototype, 'close');
    const scan = await scanCatalog([file, missing], { kind: 'products', priceBase: 'US' });
    try {
      expect(close).not.toHaveBeenCalled();
      const info = await stat(file);
      const skuEmpty: Issue = { location: { file, path: 'products[1]' }, column: 'sku', message: 'sku is empty; every product needs a SKU', severity: 'error' };
      const unreadable: Issue = {
        location: { file: missing },
        message: `cannot read the file: ENOENT: no such file or directory, open '${missing}'`,
        severity: 'error',
      };
      const { index, attributeTypes, files, ...reported } = scan;
      expect(reported).toStrictEqual({
        issues: [skuEmpty, unreadable],
        rejected: [{ loc: { file, path: 'products[1]' }, issues: [skuEmpty] }],
        rowCount: 3,
        unreadableFiles: [missing],
        categories: [{ loc: { file, path: 'categories[0]' }, path: ['Sale'] }],
        options: [{ name: 'Size', values: ['M'] }],
        attributes: [{ name: 'Country', type: 'multiselect', values: [] }],
      });
      expect(attributeTypes).toEqual(
        new Map([
          ['Country', 'multiselect'],
          ['Fabric', 'multiselect'],
        ]),
      );
      expect(files).toStrictEqual([
        { file, stamp: { size: info.size, mtimeMs: info.mtimeMs }, readable: true, rejectedRows: new Set(['products[1]']) },
        { file: missing, readable: false, rejectedRows: new Set() },
      ]);
      expect([...index.products()].map((product) => product.sku)).toEqual(['A']);
    } finally {
      scan.index.close();
    }
  });

  it('closes its row index and passes the error on when reading fails', async () => {
    const close = vi.spyOn(RowIndex.prototype, 'close');
    const failure = new Error('the source went away');
    const broken: CatalogSource = { name: 'broken', open: () => Promise.reject(failure) };
    await expect(scanCatalog(['a.csv'], { kind: 'products', priceBase: 'US', source: broken })).rejects.toBe(failure);
    expect(close).toHaveBeenCalledTimes(1);

    const midway: CatalogSource = {
      name: 'midway',
      open: () =>
        Promise.resolve({
          // One row read, then the source fails.
          rows: async function* () {
            yield;
            throw failure;
          },
        }),
    };
    await expect(scanCatalog(['a.csv'], { kind: 'products', priceBase: 'US', source: midway })).rejects.toBe(failure);
    expect(close).toHaveBeenCalledTimes(2);
  });
});
