// SPEC §4 end to end: a related link to a SKU in neither the input nor Jasper fails that link
// alone. Its row reports its product's outcome, the link is in the failures file and the report,
// the summary counts the link apart from failed rows; --allow-missing-links leaves it out instead.
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterEach, describe, expect, it } from 'vitest';
import { writeCount } from './helpers/catalog-state.js';
import { latestRun, startTenant, type Tenant } from './helpers/tenant.js';

let tenant: Tenant | undefined;
afterEach(async () => {
  await tenant?.close();
  tenant = undefined;
});

type Row = Record<string, string>;
const csv = (file: string): Row[] => parse<Row>(fs.readFileSync(file), { columns: true });
const json = (file: string) => JSON.parse(fs.readFileSync(file, 'utf8'));

/** L-1 links L-2 and a SKU that exists nowhere; L-3 links two that exist nowhere; L-2 and L-4 are fine. */
function linkedCatalog(dir: string): string {
  const file = path.join(dir, 'products.csv');
  fs.writeFileSync(file, 'sku,name,related:Accessories\nL-1,One,L-2|GHOST-1\nL-2,Two,L-1\nL-3,Three,GHOST-2|GHOST-3\nL-4,Four,\n');
  return file;
}

const relationsOf = (current: Tenant, sku: string) => current.sandbox.state().products.find((candidate) => candidate.sku === sku)!.relations.length;

describe('links to SKUs that exist nowhere', () => {
  it('fail the link alone: rows report their product created, the links are in failures.csv, summary and report; exit 1', async () => {
    tenant = await startTenant();
    const file = linkedCatalog(tenant.dir);
    const first = await tenant.push(['products', file]);
    expect(first.code, first.stderr + first.stdout).toBe(1);
    expect(
      tenant.sandbox
        .state()
        .products.map((product) => product.sku)
        .sort(),
    ).toEqual(['L-1', 'L-2', 'L-3', 'L-4']);
    expect(first.stdout).toContain('4 of 4 rows written; 3 related links failed (in 2 rows)');
    expect(first.stdout).not.toMatch(/\d+ failed, \d+ skipped/);

    const run = latestRun(tenant.runDir);
    const results = csv(path.join(run, 'results.csv'));
    expect(results.map((row) => [row.key, row.outcome])).toEqual([
      ['L-1', 'created'],
      ['L-2', 'created'],
      ['L-3', 'created'],
      ['L-4', 'created'],
    ]);
    expect(results[0]!.error).toBe('related link: related SKU "GHOST-1" is neither in the input nor in Jasper');
    expect(results[2]!.error).toContain('"GHOST-2"');
    expect(results[2]!.error).toContain('"GHOST-3"');
    const failures = csv(path.join(run, 'failures.csv'));
    expect(failures.map((row) => [row.sku, row._status, row._stage])).toEqual([
      ['L-1', 'link-failed', 'related links'],
      ['L-3', 'link-failed', 'related links'],
    ]);
    const summary = json(path.join(run, 'summary.json'));
    expect(summary.rows).toMatchObject({ total: 4, created: 4, failed: 0, skipped: 0, linkFailed: 2 });
    expect(summary.entities['related link']).toMatchObject({ created: 2, failed: 3 });
    expect(summary.linksLeftOut).toBe(0);
    const report = fs.readFileSync(path.join(run, 'report.html'), 'utf8');
    expect(report).toContain('Pushed 4 of 4 rows; 2 of them with a failed related link (the product written, the link not).');
    expect(report).toContain('<td>link failed</td>');

    // Pushed again, the failures file retries exactly the links: the products are in place.
    const before = tenant.sandbox.requests.length;
    const retry = await tenant.push(['products', path.join(run, 'failures.csv')]);
    expect(retry.code).toBe(1);
    expect(writeCount(tenant.sandbox.requests.slice(before))).toBe(0);
    expect(csv(path.join(latestRun(tenant.runDir), 'results.csv')).map((row) => row.outcome)).toEqual(['unchanged', 'unchanged']);
  });

  it('--allow-missing-links leaves them out with a warning, counted in summary.json; the run exits 0', async () => {
    tenant = await startTenant();
    const file = linkedCatalog(tenant.dir);
    const allowed = await tenant.push(['products', file, '--allow-missing-links']);
    expect(allowed.code, allowed.stderr + allowed.stdout).toBe(0);
    expect(allowed.stderr).toContain('3 related links to SKUs in neither the input nor Jasper left out (--allow-missing-links): L-1 → GHOST-1 (accessories)');
    expect(allowed.stdout).toContain('all 4 rows written or already up to date (4 created, 0 updated, 0 unchanged)');
    const run = latestRun(tenant.runDir);
    expect(json(path.join(run, 'summary.json'))).toMatchObject({ linksLeftOut: 3, rows: { created: 4, linkFailed: 0 } });
    expect(fs.existsSync(path.join(run, 'failures.csv'))).toBe(false);
    expect(relationsOf(tenant, 'L-1')).toBe(1);
    expect(relationsOf(tenant, 'L-3')).toBe(0);

    // Once GHOST-1 exists, the link to it is written.
    const ghost = path.join(tenant.dir, 'ghost.csv');
    fs.writeFileSync(ghost, 'sku,name\nGHOST-1,Ghost\n');
    expect((await tenant.push(['products', ghost])).code).toBe(0);
    const linked = await tenant.push(['products', file, '--allow-missing-links', '--json']);
    expect(linked.code).toBe(0);
    expect(JSON.parse(linked.stdout).linksLeftOut).toBe(2);
    expect(relationsOf(tenant, 'L-1')).toBe(2);
  });
});
