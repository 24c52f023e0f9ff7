// SPEC §12 end to end: a nightly feed that stops listing products disables exactly those, never
// another feed's or a person's, and a truncated export is refused before any write.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { writeCount } from './helpers/catalog-state.js';
import { collect } from './helpers/cli.js';
import { latestRun, readJsonl, startTenant, type Tenant, TEST_KEY } from './helpers/tenant.js';

let tenant: Tenant | undefined;
afterEach(async () => {
  await tenant?.close();
  tenant = undefined;
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const skus = (count: number, prefix = 'P') => Array.from({ length: count }, (_, index) => `${prefix}-${String(index).padStart(3, '0')}`);

/** A products CSV of simple products, one row per SKU; a SKU's row is the same in every file. */
function writeProducts(file: string, list: string[]): string {
  fs.writeFileSync(file, ['sku,name,msrp', ...list.map((sku) => `${sku},Product ${sku},${10 + sku.length}.50`)].join('\n') + '\n');
  return file;
}

function enabledBySku(current: Tenant): Map<string, number> {
  return new Map(current.sandbox.state().products.map((product) => [product.sku, product.enabled]));
}

function onlyJson(stdout: string): any {
  return JSON.parse(stdout);
}

describe('feeds: --disable-missing', () => {
  it('disables exactly the products a feed no longer lists; another feed’s, a shared one and a person’s stay enabled', async () => {
    tenant = await startTenant();
    const all = skus(100);
    const nightly = writeProducts(path.join(tenant.dir, 'nightly.csv'), all);
    const first = await tenant.push(['products', nightly, '--feed', 'nightly']);
    expect(first.code, first.stderr + first.stdout).toBe(0);
    // Another feed on the same tenant: its own product, and one the nightly feed lists too.
    const manual = writeProducts(path.join(tenant.dir, 'manual.csv'), ['OTHER-1', 'P-050']);
    expect((await tenant.push(['products', manual])).code).toBe(0);
    // A product a person created in Jasper.
    const created = await tenant.byHand('POST', '/products', { sku: 'BY-HAND', name: 'Made by a person' });
    expect(created.ok).toBe(true);

    // 5 % of the feed's products leave the export, and so does the one the other feed lists too.
    const gone = ['P-003', 'P-023', 'P-043', 'P-063', 'P-083'];
    writeProducts(
      nightly,
      all.filter((sku) => !gone.includes(sku) && sku !== 'P-050'),
    );
    const before = tenant.sandbox.requests.length;
    const dry = await tenant.push(['products', nightly, '--feed', 'nightly', '--disable-missing', '--dry-run', '--json']);
    expect(dry.code, dry.stderr).toBe(0);
    expect(onlyJson(dry.stdout).feed).toEqual({ name: 'nightly', products: 100, disabled: gone, notDisabled: [] });
    const human = await tenant.push(['products', nightly, '--feed', 'nightly', '--disable-missing', '--dry-run']);
    expect(human.stdout).toContain('Would disable 5 products of feed "nightly" (100 products) missing from this input:');
    for (const sku of gone) expect(human.stdout).toContain(`  ${sku}\n`);
    expect(writeCount(tenant.sandbox.requests.slice(before))).toBe(0);

    const run = await tenant.push(['products', nightly, '--feed', 'nightly', '--disable-missing', '--json']);
    expect(run.code, run.stderr).toBe(0);
    expect(onlyJson(run.stdout).feed.disabled).toEqual(gone);
    const writes = tenant.sandbox.requests.slice(before).filter((request) => request.method !== 'GET');
    expect(writes).toHaveLength(5);
    expect(writes.every((request) => request.method === 'PUT' && /\/products\/\d+$/.test(request.path))).toBe(true);
    const enabled = enabledBySku(tenant);
    for (const [sku, flag] of enabled) expect([sku, flag]).toEqual([sku, gone.includes(sku) ? 0 : 1]);
    expect(enabled.size).toBe(102); // nothing deleted: 100 + OTHER-1 + BY-HAND
    // Journaled like any write.
    const journal = readJsonl(path.join(latestRun(tenant.runDir), 'journal.jsonl'));
    expect(
      journal
        .filter((entry) => entry.hash === 'disabled')
        .map((entry) => entry.key)
        .sort(),
    ).toEqual(gone);

    // The same input again: nothing left to disable, nothing written.
    const again = tenant.sandbox.requests.length;
    expect((await tenant.push(['products', nightly, '--feed', 'nightly', '--disable-missing'])).code).toBe(0);
    expect(writeCount(tenant.sandbox.requests.slice(again))).toBe(0);

    // A product listed again is enabled again, with one write.
    writeProducts(
      nightly,
      all.filter((sku) => !gone.slice(1).includes(sku) && sku !== 'P-050'),
    );
    const back = tenant.sandbox.requests.length;
    expect((await tenant.push(['products', nightly, '--feed', 'nightly', '--disable-missing'])).code).toBe(0);
    expect(writeCount(tenant.sandbox.requests.slice(back))).toBe(1);
    expect(enabledBySku(tenant).get('P-003')).toBe(1);
    // So does --full, which ignores the cache's hashes but not that a feed disabled the product.
    writeProducts(
      nightly,
      all.filter((sku) => !gone.slice(2).includes(sku) && sku !== 'P-050'),
    );
    expect((await tenant.push(['products', nightly, '--feed', 'nightly', '--full'])).code).toBe(0);
    expect(enabledBySku(tenant).get('P-023')).toBe(1);
    expect(enabledBySku(tenant).get('P-043')).toBe(0);
  });

  it('refuses a truncated export: 40 % missing exits 2 naming the count and writes nothing; --max-disable 100% overrides', async () => {
    tenant = await startTenant();
    const all = skus(20);
    const file = writePath(tenant, 'export.csv', all);
    expect((await tenant.push(['products', file, '--feed', 'export'])).code).toBe(0);
    const runsBefore = fs.readdirSync(tenant.runDir).length;

    writeProducts(file, all.slice(0, 12));
    const before = tenant.sandbox.requests.length;
    const refused = await tenant.push(['products', file, '--feed', 'export', '--disable-missing']);
    expect(refused.code, refused.stdout + refused.stderr).toBe(2);
    expect(refused.stderr).toContain('8 of the 20 products of feed "export" (40 %)');
    expect(refused.stderr).toContain('--max-disable 10 %');
    expect(refused.stderr).toContain('P-012');
    expect(tenant.sandbox.requests.length - before).toBe(0);
    expect(fs.readdirSync(tenant.runDir)).toHaveLength(runsBefore);
    // The dry run is refused the same way: it would not run either.
    expect((await tenant.push(['products', file, '--feed', 'export', '--disable-missing', '--dry-run'])).code).toBe(2);
    // A higher limit that still does not cover it.
    expect((await tenant.push(['products', file, '--feed', 'export', '--disable-missing', '--max-disable', '39%'])).code).toBe(2);
    expect(writeCount(tenant.sandbox.requests.slice(before))).toBe(0);

    // Without --disable-missing a shorter export disables nothing.
    expect((await tenant.push(['products', file, '--feed', 'export'])).code).toBe(0);
    expect([...enabledBySku(tenant).values()].every((flag) => flag === 1)).toBe(true);

    const forced = await tenant.push(['products', file, '--feed', 'export', '--disable-missing', '--max-disable', '100%']);
    expect(forced.code, forced.stderr).toBe(0);
    expect(forced.stdout).toContain('Disabled 8 products of feed "export" (20 products) missing from this input');
    const enabled = enabledBySku(tenant);
    for (const sku of all) expect([sku, enabled.get(sku)]).toEqual([sku, all.indexOf(sku) >= 12 ? 0 : 1]);
  });

  it('journals each disable: a run stopped halfway is finished by --resume, and nothing else is disabled', async () => {
    tenant = await startTenant({ latencyMs: 40 });
    const all = skus(30);
    const file = writePath(tenant, 'export.csv', all);
    expect((await tenant.push(['products', file, '--feed', 'export'])).code).toBe(0);
    const gone = ['P-004', 'P-014', 'P-024'];
    writeProducts(
      file,
      all.filter((sku) => !gone.includes(sku)),
    );

    const before = tenant.sandbox.requests.length;
    const done = collect(tenant.spawnPush(['products', file, '--feed', 'export', '--disable-missing', '--concurrency', '1']));
    // The key is revoked once the first disable went through: the run stops (exit 3) with the others left.
    while (!tenant.sandbox.requests.slice(before).some((request) => request.method === 'PUT' && request.status === 200)) await sleep(5);
    tenant.sandbox.revokeKey(TEST_KEY);
    const stopped = await done;
    expect(stopped.code, stopped.stdout + stopped.stderr).toBe(3);
    const disabledFirst = [...enabledBySku(tenant)].filter(([, flag]) => flag === 0).map(([sku]) => sku);
    expect(disabledFirst.length).toBeGreaterThanOrEqual(1);
    expect(disabledFirst.length).toBeLessThan(3);

    tenant.sandbox.addKey(TEST_KEY);
    const resumed = await tenant.push(['products', file, '--feed', 'export', '--disable-missing', '--resume', '--json']);
    expect(resumed.code, resumed.stdout + resumed.stderr).toBe(0);
    expect(JSON.parse(resumed.stdout).feed.disabled).toEqual(gone.filter((sku) => !disabledFirst.includes(sku)));
    expect(fs.readdirSync(tenant.runDir)).toHaveLength(2);
    const enabled = enabledBySku(tenant);
    for (const sku of all) expect([sku, enabled.get(sku)]).toEqual([sku, gone.includes(sku) ? 0 : 1]);
  });

  it('refuses a malformed --max-disable and --disable-missing outside a products push (exit 2)', async () => {
    tenant = await startTenant();
    const file = writePath(tenant, 'export.csv', skus(3));
    const bad = await tenant.push(['products', file, '--disable-missing', '--max-disable', 'lots']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--max-disable must be a percentage');
    const inventory = await tenant.push(['inventory', file, '--disable-missing']);
    expect(inventory.code).toBe(2);
    // push inventory does not take the option at all (SPEC §1): commander's usage error.
    expect(inventory.stderr).toContain("unknown option '--disable-missing'");
  });
});

function writePath(current: Tenant, name: string, list: string[]): string {
  return writeProducts(path.join(current.dir, name), list);
}
