// SPEC §13 end to end: a nightly's changes are visible (changes.csv, also before it runs) and
// taken back by `jasper-push undo`, field by field, with hand edits since the run left alone.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { collect, runCli, spawnCli } from './helpers/cli.js';
import { tenantTables } from './helpers/tenant-tables.js';
import { latestRun, startTenant, type Tenant, TEST_KEY } from './helpers/tenant.js';

let tenant: Tenant | undefined;
afterEach(async () => {
  await tenant?.close();
  tenant = undefined;
});

const HEADER =
  'sku,name,parent_sku,option:Size,categories,msrp,cost,price:CA:msrp,attr:Material,inventory:Main,inventory:Backroom,images,barcode:UPC-A,related:Accessories';
const IMG = 'https://img.example';

/** The first load: a parent with two variants, images, a barcode, links, two price bases, stock in two locations, 30 simple products. */
function firstLoad(): string[] {
  const simple = Array.from({ length: 30 }, (_, index) => `S-${String(index + 1).padStart(3, '0')},Simple ${index + 1},,,Sale,${10 + index},,,,${index},,,,`);
  return [
    HEADER,
    `TEE-1,Tee,,,Apparel > Shirts,20,8,25,Cotton,5,2,${IMG}/tee-1.jpg|${IMG}/tee-2.jpg,036000291452,CAP-1`,
    'TEE-1-S,Tee S,TEE-1,S,Apparel > Shirts,20,8,25,Cotton,3,1,,,',
    'TEE-1-M,Tee M,TEE-1,M,Apparel > Shirts,20,8,25,Cotton,4,0,,,',
    `CAP-1,Cap,,,Apparel > Hats,15,5,18,Wool,3,1,${IMG}/cap.jpg,,TEE-1`,
    ...simple,
  ];
}

/** The nightly: two names, two prices and two stock counts change, two products arrive, three leave, an image goes. */
function nightly(): string[] {
  return firstLoad()
    .filter((line) => !/^S-0(28|29|30),/.test(line))
    .map((line) =>
      line
        .replace('TEE-1,Tee,,,Apparel > Shirts,20,8,25,Cotton,5,2', 'TEE-1,Tee Classic,,,Apparel > Shirts,22,8,25,Cotton,9,2')
        .replace(`|${IMG}/tee-2.jpg`, '')
        .replace('CAP-1,Cap,,,Apparel > Hats,15,5,18,Wool,3,1', 'CAP-1,Cap Deluxe,,,Apparel > Hats,15,5,19,Wool,3,0'),
    )
    .concat([`NEW-1,New One,,,Apparel > Hats,30,12,35,Linen,7,3,${IMG}/new-1.jpg,042100005264,CAP-1`, 'NEW-2,New Two,,,Sale,9,,,,1,,,,']);
}

function write(dir: string, name: string, lines: string[]): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, lines.join('\n') + '\n');
  return file;
}

function csvRows(file: string): string[][] {
  return fs
    .readFileSync(file, 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => line.split(','));
}

const undoCli = (t: Tenant, args: string[]) => runCli(['undo', ...args, '--run-dir', t.runDir], { env: t.env });
const writes = (t: Tenant, from: number) => t.sandbox.requests.slice(from).filter((request) => request.method !== 'GET');

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
    const edit = await fetch(`${tenant.sandbox.url}/products/${cap.id}`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${TEST_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Cap (by hand)' }),
    });
    expect(edit.ok).toBe(true);

    const beforeDryUndo = tenant.sandbox.requests.length;
    const dryUndo = await undoCli(tenant, [runId, '--dry-run']);
    expect(dryUndo.code, dryUndo.stderr + dryUndo.stdout).toBe(1);
    expect(writes(tenant, beforeDryUndo)).toEqual([]);
    expect(dryUndo.stdout).toMatch(/CAP-1 name: was "Cap", the run wrote "Cap Deluxe", now "Cap \(by hand\)"/);

    const undone = await undoCli(tenant, [runId]);
    expect(undone.code, undone.stderr + undone.stdout).toBe(1);
    expect(undone.stdout).toMatch(/1 conflict/);
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

  it('takes a first load of three runs back, newest first, one of them killed with SIGKILL and resumed, an undo killed too and run again: only what was there before stays, nothing applied twice', async () => {
    tenant = await startTenant({ latencyMs: 3 });
    const api = (method: string, route: string, body: unknown) =>
      fetch(`${tenant!.sandbox.url}${route}`, {
        method,
        headers: { authorization: `Bearer ${TEST_KEY}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    // Made by a person before any push: a product and an attribute the catalog then uses.
    expect((await api('POST', '/products', { sku: 'HAND-1', name: 'Made by hand' })).ok).toBe(true);
    expect((await api('POST', '/attributes', { name: 'Origin', type: 'text' })).ok).toBe(true);
    const before = tenantTables(tenant.sandbox.state());

    const categories = write(tenant.dir, 'categories.csv', [
      'path,desc',
      'Apparel,All apparel',
      'Apparel > Shirts,Shirts',
      'Apparel > Hats,Hats',
      'Sale,On sale',
    ]);
    const products = write(
      tenant.dir,
      'products.csv',
      firstLoad().map((line, index) => `${line},${index === 0 ? 'attr:Origin' : 'USA'}`),
    );
    const stock = write(tenant.dir, 'inventory.csv', ['sku,location,count_on_hand', 'TEE-1,Outlet,4', 'CAP-1,Outlet,2', 'S-001,Main,50', 'HAND-1,Main,1']);
    const runIds: string[] = [];
    const pushed = async (args: string[]) => {
      const result = await tenant!.push(args);
      expect(result.code, result.stderr + result.stdout).toBe(0);
      runIds.push(path.basename(latestRun(tenant!.runDir)));
    };
    await pushed(['categories', categories]);
    const child = tenant.spawnPush(['products', products], { env: { JASPER_PUSH_BATCH_SIZE: '10' } });
    const killed = collect(child);
    const target = tenant.sandbox.requests.length + 60;
    await new Promise<void>((resolve) => {
      const timer = setInterval(() => {
        if (tenant!.sandbox.requests.length >= target) resolve(void clearInterval(timer));
      }, 5);
    });
    child.kill('SIGKILL');
    expect((await killed).signal).toBe('SIGKILL');
    // Half-way: some of the catalog's products are in Jasper, not all.
    const halfway = tenant.sandbox.state().products.length;
    expect(halfway).toBeGreaterThan(1);
    expect(halfway).toBeLessThan(35);
    await pushed(['products', products, '--resume']);
    await pushed(['inventory', stock]);
    expect(new Set(runIds).size).toBe(3);
    expect(tenant.sandbox.state().products.find((product) => product.sku === 'HAND-1')!.inventory).toHaveLength(1);

    const [categoriesRun, productsRun, inventoryRun] = runIds as [string, string, string];
    const undoStart = tenant.sandbox.requests.length;
    expect((await undoCli(tenant, [inventoryRun])).code).toBe(0);
    // The products run's undo is killed half-way; undoing it again finishes it.
    const undoing = spawnCli(['undo', productsRun, '--run-dir', tenant.runDir], { env: tenant.env });
    const stopped = collect(undoing);
    const deletes = () => tenant!.sandbox.requests.filter((request) => request.method === 'DELETE' && request.applied).length;
    const deletesBefore = deletes();
    await new Promise<void>((resolve) => {
      const timer = setInterval(() => {
        if (deletes() >= deletesBefore + 10) resolve(void clearInterval(timer));
      }, 2);
    });
    undoing.kill('SIGKILL');
    expect((await stopped).signal).toBe('SIGKILL');
    expect(tenant.sandbox.state().products.length).toBeGreaterThan(1);
    for (const runId of [productsRun, categoriesRun]) {
      const undone = await undoCli(tenant, [runId]);
      expect(undone.code, undone.stderr + undone.stdout).toBe(0);
    }
    expect(tenantTables(tenant.sandbox.state())).toEqual(before);
    // Nothing was applied twice: each thing deleted once.
    const applied = tenant.sandbox.requests.slice(undoStart).filter((request) => request.method !== 'GET' && request.applied);
    expect(new Set(applied.map((request) => `${request.method} ${request.path}`)).size).toBe(applied.length);
  });
});
