// SPEC §13 end to end: a first load made of three runs, one killed and resumed, taken back newest
// first, its undo killed and run again too: the tenant holds exactly what it held before.
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { collect, spawnCli } from './helpers/cli.js';
import { tenantTables } from './helpers/tenant-tables.js';
import { latestRun, startTenant, type Tenant } from './helpers/tenant.js';
import { firstLoad, undoCli, write } from './helpers/undo-catalog.js';

let tenant: Tenant | undefined;
afterEach(async () => {
  await tenant?.close();
  tenant = undefined;
});

describe('undo', () => {
  it('takes a first load of three runs back, newest first, one of them killed with SIGKILL and resumed (variants under their parent), an undo killed too and run again: only what was there before stays, nothing applied twice', async () => {
    tenant = await startTenant({ latencyMs: 3 });
    // Made by a person before any push: a product and an attribute the catalog then uses.
    expect((await tenant.byHand('POST', '/products', { sku: 'HAND-1', name: 'Made by hand' })).ok).toBe(true);
    expect((await tenant.byHand('POST', '/attributes', { name: 'Origin', type: 'text' })).ok).toBe(true);
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
    const child = tenant.spawnPush(['products', products, '--variant-mode', 'parent'], { env: { JASPER_PUSH_BATCH_SIZE: '10' } });
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
    await pushed(['products', products, '--variant-mode', 'parent', '--resume']);
    await pushed(['inventory', stock]);
    expect(new Set(runIds).size).toBe(3);
    // Parent mode: the variants hang under TEE-1 by parent_id, so they must go before it.
    const state = tenant.sandbox.state();
    expect(state.products.filter((product) => product.parent_id === state.products.find((parent) => parent.sku === 'TEE-1')!.id)).toHaveLength(2);
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
