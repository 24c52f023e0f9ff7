// SPEC §13 end to end: a nightly's changes are visible (changes.csv, also before it runs) and
// taken back by `jasper-push undo`, field by field, with hand edits since the run left alone.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FIXTURES } from './helpers/cli.js';
import { tenantTables } from './helpers/tenant-tables.js';
import { latestRun, startTenant, type Tenant } from './helpers/tenant.js';
import { csvRows, firstLoad, IMG, nightly, undoCli, write, writes } from './helpers/undo-catalog.js';

let tenant: Tenant | undefined;
afterEach(async () => {
  await tenant?.close();
  tenant = undefined;
});

describe('undo', () => {
  it('takes a nightly back field by field: a hand edit since is kept and listed until --force; the earlier input then writes nothing', async () => {
    tenant = await startTenant();
    const feed = ['--feed', 'nightly'];
    const first = write(tenant.dir, 'first.csv', firstLoad());
    const load = await tenant.push(['products', first, ...feed]);
    expect(load.code, load.stderr + load.stdout).toBe(0);
    const before = tenantTables(tenant.sandbox.state());

    const next = write(tenant.dir, 'nightly.csv', nightly());
    const nightlyArgs = ['products', next, ...feed, '--disable-missing', '--prune'];
    const dry = await tenant.push([...nightlyArgs, '--dry-run']);
    expect(dry.code, dry.stderr + dry.stdout).toBe(0);
    const dryRows = csvRows(path.join(latestRun(tenant.runDir), 'changes.csv'));

    const requestsBefore = tenant.sandbox.requests.length;
    const night = await tenant.push(nightlyArgs);
    expect(night.code, night.stderr + night.stdout).toBe(0);
    const nightRun = latestRun(tenant.runDir);
    const runId = path.basename(nightRun);
    const rows = csvRows(path.join(nightRun, 'changes.csv'));
    expect(rows).toContainEqual(['product', 'TEE-1', 'name', 'Tee', 'Tee Classic']);
    expect(rows).toContainEqual(['price', 'TEE-1|US', 'msrp', '20', '22']);
    expect(rows).toContainEqual(['price', 'CAP-1|CA', 'msrp', '18', '19']);
    expect(rows).toContainEqual(['inventory', 'TEE-1|main', 'count_on_hand', '5', '9']);
    expect(rows).toContainEqual(['product', 'S-030', 'enabled', '1', 'false']);
    expect(rows).toContainEqual(['image', `TEE-1|${IMG}/tee-2.jpg`, '(deleted)', `${IMG}/tee-2.jpg`, '']);
    expect(rows).toContainEqual(['product', 'NEW-1', 'name', '', 'New One']);
    // The dry run named the same fields the real run changed.
    const fieldsOf = (list: string[][]) => list.map(([entity, key, field]) => `${entity} ${key} ${field}`).sort();
    expect(fieldsOf(dryRows)).toEqual(fieldsOf(rows));
    // "Before" cost at most one read per product updated (2 renamed, 3 disabled, TEE-1 and CAP-1's prices and stock).
    const productReads = tenant.sandbox.requests.slice(requestsBefore).filter((request) => request.method === 'GET' && /\/products\/\d+$/.test(request.path));
    expect(productReads.length).toBeLessThanOrEqual(5);

    // A person renames CAP-1 after the nightly.
    const cap = tenant.sandbox.state().products.find((product) => product.sku === 'CAP-1')!;
    const edit = await tenant.byHand('PUT', `/products/${cap.id}`, { name: 'Cap (by hand)' });
    expect(edit.ok).toBe(true);

    const beforeDryUndo = tenant.sandbox.requests.length;
    const dryUndo = await undoCli(tenant, [runId, '--dry-run']);
    expect(dryUndo.code, dryUndo.stderr + dryUndo.stdout).toBe(1);
    expect(writes(tenant, beforeDryUndo)).toEqual([]);
    expect(dryUndo.stdout).toMatch(/CAP-1 name: was "Cap", the run wrote "Cap Deluxe", now "Cap \(by hand\)"/);

    const undone = await undoCli(tenant, [runId]);
    expect(undone.code, undone.stderr + undone.stdout).toBe(1);
    expect(undone.stdout).toMatch(/1 conflict/);
    // Its log: every line dated once, by the run log's stamp; the phases among them.
    const undoLog = undone.stderr.split('\n').filter((line) => line !== '');
    for (const line of undoLog) expect(line).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ (?!\d{4}-\d\d-\d\dT)/);
    expect(undoLog.some((line) => /Z undo: \S/.test(line))).toBe(true);
    expect(undone.stdout).toMatch(/CAP-1 name: was "Cap", the run wrote "Cap Deluxe", now "Cap \(by hand\)"/);
    const afterUndo = tenantTables(tenant.sandbox.state());
    expect(afterUndo.products['CAP-1']!.name).toBe('Cap (by hand)');
    expect(afterUndo.products['CAP-1']!.prices).toEqual(before.products['CAP-1']!.prices);
    expect({ ...afterUndo, products: { ...afterUndo.products, 'CAP-1': undefined } }).toEqual({
      ...before,
      products: { ...before.products, 'CAP-1': undefined },
    });

    const forced = await undoCli(tenant, [runId, '--force', '--json']);
    expect(forced.code, forced.stderr + forced.stdout).toBe(0);
    expect(JSON.parse(forced.stdout)).toMatchObject({ undoOf: runId, exitCode: 0, counts: { conflict: 0, failed: 0 } });
    expect(tenantTables(tenant.sandbox.state())).toEqual(before);

    // The change cache matches Jasper again: the earlier input writes nothing, and the undo is done.
    const beforeRerun = tenant.sandbox.requests.length;
    const rerun = await tenant.push(['products', first, ...feed, '--prune']);
    expect(rerun.code, rerun.stderr + rerun.stdout).toBe(0);
    expect(writes(tenant, beforeRerun)).toEqual([]);
    expect((await undoCli(tenant, ['20990101-000000-000-beef'])).code).toBe(2);
    const dryRunId = fs
      .readdirSync(tenant.runDir)
      .sort()
      .find((id) => JSON.parse(fs.readFileSync(path.join(tenant!.runDir, id, 'run.json'), 'utf8')).dryRun);
    const undoDry = await undoCli(tenant, [dryRunId!]);
    expect(undoDry.code).toBe(2);
    expect(undoDry.stderr).toMatch(/dry run/);
    const again = await undoCli(tenant, [runId]);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/undone already/);
  });

  it('gives a category push its descriptions back and deletes the category it created', async () => {
    tenant = await startTenant();
    const first = write(tenant.dir, 'categories.csv', ['path,desc,is_visible', 'Apparel,All apparel,true', 'Apparel > Shirts,Shirts,true']);
    expect((await tenant.push(['categories', first])).code).toBe(0);
    const before = tenantTables(tenant.sandbox.state());
    const next = write(tenant.dir, 'categories.csv', [
      'path,desc,is_visible',
      'Apparel,Everything to wear,true',
      'Apparel > Shirts,Shirts,false',
      'Apparel > Hats,Hats,true',
    ]);
    const pushed = await tenant.push(['categories', next]);
    expect(pushed.code, pushed.stderr + pushed.stdout).toBe(0);
    const run = latestRun(tenant.runDir);
    const rows = csvRows(path.join(run, 'changes.csv'));
    expect(rows).toContainEqual(['category', expect.stringMatching(/apparel$/i), 'desc', 'All apparel', 'Everything to wear']);
    expect(rows).toContainEqual(['category', expect.stringMatching(/shirts$/i), 'is_visible', 'true', 'false']);
    const undone = await undoCli(tenant, [path.basename(run)]);
    expect(undone.code, undone.stderr + undone.stdout).toBe(0);
    expect(tenantTables(tenant.sandbox.state())).toEqual(before);
  });

  it('records a --from shopify push the same way, and undoes it', async () => {
    tenant = await startTenant();
    const before = tenantTables(tenant.sandbox.state());
    const pushed = await tenant.push(['products', '--from', 'shopify', path.join(FIXTURES, 'shopify', 'products_export.csv')]);
    expect(pushed.code, pushed.stderr + pushed.stdout).toBe(0);
    const run = latestRun(tenant.runDir);
    const created = csvRows(path.join(run, 'changes.csv')).filter(([entity, , field]) => entity === 'product' && field === 'sku');
    expect(created.length).toBe(tenant.sandbox.state().products.length);
    const undone = await undoCli(tenant, [path.basename(run)]);
    expect(undone.code, undone.stderr + undone.stdout).toBe(0);
    expect(tenantTables(tenant.sandbox.state())).toEqual(before);
  });
});
