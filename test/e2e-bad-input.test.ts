// Bad input through the real CLI: exit 2, the problem's place in plain words, and not one write.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeCount } from './helpers/catalog-state.js';
import { FIXTURES } from './helpers/cli.js';
import { startTenant, type Tenant } from './helpers/tenant.js';

const BAD = path.join(FIXTURES, 'bad');
let tenant: Tenant;

beforeAll(async () => {
  tenant = await startTenant();
});
afterAll(async () => {
  await tenant.close();
});

/** [fixture, kind, what stderr must say] */
const CASES: [string, string, RegExp][] = [
  ['unclosed-quote.csv', 'products', /unclosed-quote\.csv:\d+: .*quote/i],
  // 50 good rows, then a quote inside an unquoted cell: reported at its own line, not at line 1.
  ['late-quote.csv', 'products', /late-quote\.csv:52: CSV syntax error: a quote inside an unquoted cell/],
  ['wrong-column-count.csv', 'products', /wrong-column-count\.csv:\d+: .*cells but the header has/],
  ['duplicate-sku.csv', 'products', /duplicate-sku\.csv:\d+: column sku: .*duplicate-sku\.csv:\d+/],
  ['empty-sku.csv', 'products', /empty-sku\.csv:\d+: column sku: /],
  ['non-numeric-price.csv', 'products', /non-numeric-price\.csv:\d+: column msrp: "12,5" is not a number/],
  ['negative-inventory.csv', 'products', /negative-inventory\.csv:\d+: column inventory:[^:]+: "-\d+" is not a whole number/],
  ['invalid-boolean.csv', 'products', /invalid-boolean\.csv:\d+: column (enabled|is_visible): .*not a boolean/],
  ['invalid-utf8.csv', 'products', /invalid-utf8\.csv:3: .*UTF-8/],
  ['missing-sku-header.csv', 'products', /missing-sku-header\.csv:1: .*"sku"/],
  ['json-syntax-error.json', 'products', /json-syntax-error\.json:\d+: .*JSON/],
  ['json-wrong-types.json', 'products', /json-wrong-types\.json: products\[\d+\]/],
  ['json-top-level-array.json', 'products', /json-top-level-array\.json.*top level must be an object/],
  ['empty.csv', 'products', /empty\.csv:1: .*empty/],
  ['inventory-negative.csv', 'inventory', /inventory-negative\.csv:\d+: column count_on_hand: /],
  ['categories-empty-level.csv', 'categories', /categories-empty-level\.csv:\d+: column path: /],
];

describe('bad input', () => {
  it.each(CASES)('%s: exit 2 with its place, nothing written', async (fixture, kind, message) => {
    const before = tenant.sandbox.requests.length;
    const result = await tenant.push([kind, path.join(BAD, fixture)]);
    expect(result.code, result.stderr).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).not.toMatch(/\n\s+at .+\(.+:\d+:\d+\)/); // no stack trace
    expect(writeCount(tenant.sandbox.requests.slice(before))).toBe(0);
  });

  it('validate says the same offline, with every problem and exit 2', async () => {
    const { runCli } = await import('./helpers/cli.js');
    const result = await runCli(['validate', 'products', path.join(BAD, 'non-numeric-price.csv')], { env: tenant.env });
    expect(result.code).toBe(2);
    expect(result.stdout).toMatch(/non-numeric-price\.csv:\d+: column msrp: "12,5" is not a number/);
    const json = await runCli(['validate', 'products', path.join(BAD, 'duplicate-sku.csv'), '--json'], { env: tenant.env });
    expect(JSON.parse(json.stdout)).toMatchObject({ valid: false, issues: [expect.objectContaining({ severity: 'error', column: 'sku' })] });
  });

  it('accepts a UTF-8 BOM with CRLF line endings', async () => {
    const file = path.join(FIXTURES, 'good/products-bom-crlf.csv');
    expect(fs.readFileSync(file).subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const result = await tenant.push(['products', file]);
    expect(result.code, result.stderr + result.stdout).toBe(0);
  });

  it('a header-only file is a warning and writes nothing', async () => {
    const before = tenant.sandbox.requests.length;
    const result = await tenant.push(['products', path.join(BAD, 'header-only.csv')]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toMatch(/warning: .*header-only\.csv:1: no data rows/);
    expect(writeCount(tenant.sandbox.requests.slice(before))).toBe(0);
  });

  it('SKUs that differ only in case are a warning naming both lines', async () => {
    const before = tenant.sandbox.requests.length;
    const result = await tenant.push(['products', path.join(BAD, 'sku-case.csv'), '--dry-run']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toMatch(/warning: .*sku-case\.csv:3: column sku: SKU "ABC-1" differs only in case from "abc-1" at .*sku-case\.csv:2/);
    expect(writeCount(tenant.sandbox.requests.slice(before))).toBe(0);
  });

  it('--skip-invalid pushes the valid rows; the invalid ones land in failures.csv, which pushes back once fixed', async () => {
    const file = path.join(tenant.dir, 'mixed.csv');
    fs.writeFileSync(file, 'sku,name,msrp\nOK-1,Fine,10\nBAD-1,Broken,"12,5"\nOK-2,Fine too,11\n');
    const strict = await tenant.push(['products', file]);
    expect(strict.code).toBe(2);
    const result = await tenant.push(['products', file, '--skip-invalid']);
    expect(result.code, result.stderr).toBe(1);
    expect(result.stdout).toMatch(/pushed 2 of 3 rows; 1 failed/);
    const skus = tenant.sandbox.state().products.map((product) => product.sku);
    expect(skus).toEqual(expect.arrayContaining(['OK-1', 'OK-2']));
    expect(skus).not.toContain('BAD-1');
    const runs = fs.readdirSync(tenant.runDir).sort();
    const failures = path.join(tenant.runDir, runs[runs.length - 1]!, 'failures.csv');
    const text = fs.readFileSync(failures, 'utf8');
    expect(text.split('\n')[0]).toBe('sku,name,msrp,_error,_status,_stage');
    expect(text).toContain('BAD-1');
    fs.writeFileSync(failures, text.replace('"12,5"', '12.5'));
    const retry = await tenant.push(['products', failures]);
    expect(retry.code, retry.stderr + retry.stdout).toBe(0);
    expect(tenant.sandbox.state().products.find((product) => product.sku === 'BAD-1')?.prices[0]?.msrp).toBe(12.5);
  });

  it('an unreadable or missing file is exit 2 with a plain message', async () => {
    const result = await tenant.push(['products', path.join(tenant.dir, 'nope.csv')]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/nope\.csv/);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});
