import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatIssue } from '../src/catalog/index.js';
import { bad, expectIssues, good, read, skus, useTempDir } from './catalog-helpers.js';

const temp = useTempDir();

describe('products CSV: invalid input is reported with file, line and column', () => {
  it('reports an unclosed quote at the line where the quoted cell starts and keeps nothing of the file', async () => {
    const file = bad('unclosed-quote.csv');
    const result = await read('products', file);
    expectIssues(result, [{ severity: 'error', at: `${file}:3`, message: 'CSV syntax error: a quoted cell that starts in this row is never closed' }]);
    expect(result.catalog.products).toEqual([]);
    expect(result.unreadableFiles).toEqual([file]);
  });

  it('rejects a row whose cell count differs from the header', async () => {
    const file = bad('wrong-column-count.csv');
    const result = await read('products', file);
    expectIssues(result, [{ severity: 'error', at: `${file}:7`, message: 'row has 5 cells but the header has 6' }]);
    expect(result.rejected).toEqual([{ loc: { file, line: 7 }, key: 'A-6', issues: result.issues }]);
    expect(skus(result)).toEqual(['A-1', 'A-2', 'A-3', 'A-4', 'A-5']);
  });

  it('rejects the second occurrence of a SKU, naming the first', async () => {
    const file = bad('duplicate-sku.csv');
    const result = await read('products', file);
    expectIssues(result, [{ severity: 'error', at: `${file}:4`, column: 'sku', message: `duplicate SKU "A-1": first at ${file}:2` }]);
    expect(skus(result)).toEqual(['A-1', 'A-2']);
    expect(result.catalog.products[0]?.name).toBe('First');
  });

  it('finds duplicate SKUs across the files of one push', async () => {
    const second = join(temp(), 'more.csv');
    await writeFile(second, 'sku,name\nSOCK-1,Again\n');
    const first = good('products-second-file.csv');
    const result = await read('products', first, second);
    expectIssues(result, [{ severity: 'error', at: `${second}:2`, column: 'sku', message: `duplicate SKU "SOCK-1": first at ${first}:2` }]);
  });

  it('rejects an empty SKU', async () => {
    const file = bad('empty-sku.csv');
    const result = await read('products', file);
    expectIssues(result, [{ severity: 'error', at: `${file}:3`, column: 'sku', message: 'sku is empty' }]);
    expect(result.rejected[0]?.key).toBeUndefined();
  });

  it('rejects prices that are not plain decimals or are negative', async () => {
    const file = bad('non-numeric-price.csv');
    const result = await read('products', file);
    expectIssues(result, [
      { severity: 'error', at: `${file}:3`, column: 'msrp', message: '"12,5" is not a number' },
      { severity: 'error', at: `${file}:4`, column: 'msrp', message: '"-4" is negative' },
    ]);
    expect(formatIssue(result.issues[0]!)).toBe(`${file}:3: column msrp: "12,5" is not a number`);
    expect(result.rejected.map((row) => row.key)).toEqual(['A-2', 'A-3']);
    expect(skus(result)).toEqual(['A-1']);
  });

  it('rejects a negative inventory count', async () => {
    const file = bad('negative-inventory.csv');
    expectIssues(await read('products', file), [{ severity: 'error', at: `${file}:3`, column: 'inventory:Main', message: '"-3" is not a whole number ≥ 0' }]);
  });

  it('rejects a boolean it does not recognise', async () => {
    const file = bad('invalid-boolean.csv');
    expectIssues(await read('products', file), [
      { severity: 'error', at: `${file}:3`, column: 'enabled', message: '"maybe" is not a boolean (true/false/1/0/yes/no)' },
    ]);
  });

  it('reports invalid UTF-8 at its line and reads nothing from that file', async () => {
    const file = bad('invalid-utf8.csv');
    const result = await read('products', file);
    expectIssues(result, [{ severity: 'error', at: `${file}:3`, message: 'invalid UTF-8' }]);
    expect(result.catalog.products).toEqual([]);
    expect(result.rejected).toEqual([]);
    expect(result.unreadableFiles).toEqual([file]);
  });

  it('reports a missing sku column once, at the header', async () => {
    const file = bad('missing-sku-header.csv');
    const result = await read('products', file);
    expectIssues(result, [{ severity: 'error', at: `${file}:1`, message: 'missing column "sku"' }]);
    expect(result.rowCount).toBe(0);
  });

  it('reports a duplicate header', async () => {
    const file = bad('duplicate-header.csv');
    expectIssues(await read('products', file), [
      { severity: 'error', at: `${file}:1`, column: 'NAME', message: 'duplicate column: the same as column 2 "Name"' },
    ]);
  });

  it('warns about an unknown column and reads the rest', async () => {
    const file = bad('unknown-column.csv');
    const result = await read('products', file);
    expectIssues(result, [{ severity: 'warning', at: `${file}:1`, column: 'colour', message: 'unknown column "colour" is ignored' }]);
    expect(skus(result)).toEqual(['A-1']);
  });

  it('reports an unknown attribute type hint and a malformed price column as header errors', async () => {
    const typeFile = bad('bad-attribute-type.csv');
    expectIssues(await read('products', typeFile), [
      { severity: 'error', at: `${typeFile}:1`, column: 'attr:Country[checkbox]', message: 'unknown attribute type "checkbox"' },
    ]);
    const priceFile = bad('bad-price-column.csv');
    expectIssues(await read('products', priceFile), [{ severity: 'error', at: `${priceFile}:1`, column: 'price:CA:retail', message: 'price:<BASE>:<field>' }]);
  });

  it('reports the same attribute typed differently in two files of a push', async () => {
    const conflict = bad('attr-type-conflict.csv');
    const result = await read('products', good('products-bom-crlf.csv'), conflict);
    expectIssues(result, [
      {
        severity: 'error',
        at: `${conflict}:1`,
        column: 'attr:Country[text]',
        message: `attribute "Country" is declared as text here but as multiselect at ${good('products-bom-crlf.csv')}:1`,
      },
    ]);
  });

  it('reports an empty file at line 1 and warns about a header without rows', async () => {
    const empty = bad('empty.csv');
    expectIssues(await read('products', empty), [{ severity: 'error', at: `${empty}:1`, message: 'file is empty: a header row is expected' }]);
    const headerOnly = bad('header-only.csv');
    const result = await read('products', headerOnly);
    expectIssues(result, [{ severity: 'warning', at: `${headerOnly}:1`, message: 'no data rows' }]);
    expect(result.unreadableFiles).toEqual([]);
  });

  it('warns, without rejecting, about SKUs that differ only in case', async () => {
    const file = bad('sku-case.csv');
    const result = await read('products', file);
    expectIssues(result, [{ severity: 'warning', at: `${file}:3`, column: 'sku', message: `SKU "ABC-1" differs only in case from "abc-1" at ${file}:2` }]);
    expect(skus(result)).toEqual(['abc-1', 'ABC-1']);
  });

  it('enforces the variant rules', async () => {
    const noOption = bad('variant-without-option.csv');
    expectIssues(await read('products', noOption), [{ severity: 'error', at: `${noOption}:3`, message: 'a variant needs at least one option:<Name> value' }]);
    const nested = bad('nested-variant.csv');
    expectIssues(await read('products', nested), [
      { severity: 'error', at: `${nested}:4`, column: 'parent_sku', message: `parent "TEE-1-M" is itself a variant (of "TEE-1", ${nested}:3)` },
    ]);
    const self = bad('parent-is-self.csv');
    expectIssues(await read('products', self), [{ severity: 'error', at: `${self}:2`, column: 'parent_sku', message: 'a product cannot be its own parent' }]);
    const plain = bad('options-without-parent.csv');
    const result = await read('products', plain);
    expectIssues(result, [{ severity: 'warning', at: `${plain}:2`, message: 'option:Size ignored' }]);
    expect(result.catalog.products[0]?.options).toEqual([]);
  });

  it('rejects a product related to itself but accepts a relation to a SKU found nowhere', async () => {
    const self = bad('related-self.csv');
    expectIssues(await read('products', self), [
      { severity: 'error', at: `${self}:2`, column: 'related:Accessories', message: 'a product cannot be related to itself' },
    ]);
    const unknown = await read('products', bad('related-unknown-sku.csv'));
    expect(unknown.issues).toEqual([]);
    expect(unknown.catalog.products[0]?.related).toEqual([{ type: 'Accessories', skus: ['NOWHERE-1'] }]);
  });

  it('accepts a variant that comes before its parent', async () => {
    const result = await read('products', bad('variant-before-parent.csv'));
    expect(result.issues).toEqual([]);
    expect(result.catalog.products.map((p) => [p.sku, p.parentSku])).toEqual([
      ['TEE-1-M', 'TEE-1'],
      ['TEE-1', undefined],
    ]);
  });

  it('reports the starting line of records after multi-line quoted cells, CRLF inside quotes included', async () => {
    const file = bad('multiline-line-numbers.csv');
    const result = await read('products', file);
    expectIssues(result, [
      { severity: 'error', at: `${file}:6`, column: 'msrp', message: '"oops" is not a number' },
      { severity: 'error', at: `${file}:8`, column: 'msrp', message: '"bad" is not a number' },
    ]);
    expect(result.catalog.products[0]).toMatchObject({ loc: { line: 2 }, fields: { desc_long: 'one\r\ntwo\r\nthree' } });
  });

  it('refuses files that are neither .csv nor .json', async () => {
    const file = bad('unsupported.xlsx');
    expectIssues(await read('products', file), [{ severity: 'error', at: file, message: 'cannot read ".xlsx"' }]);
  });
});
