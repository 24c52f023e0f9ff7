// SPEC §6 end to end: every push proves the tenant. A revoked key fails a night with nothing to
// write; a tenant restored from scratch gets its catalog back on the next unchanged push; an
// unchanged nightly costs only the key check and a sample of at most 20 reads.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startSandbox } from '../src/sandbox/index.js';
import { writeCount } from './helpers/catalog-state.js';
import { FIXTURES } from './helpers/cli.js';
import { oracleProblems, type Push } from './helpers/oracle/index.js';
import { type Sandbox, type Tenant, tenantWithDemoCatalog, tenantWithDemoProducts, TEST_KEY } from './helpers/tenant.js';

const DEMO = path.join(FIXTURES, 'demo');
const CATEGORIES = path.join(DEMO, 'categories.csv');
const PRODUCTS = path.join(DEMO, 'products.csv');
const INVENTORY = path.join(DEMO, 'inventory.csv');

let tenant: Tenant | undefined;
let restarted: Sandbox | undefined;
afterEach(async () => {
  await restarted?.close();
  await tenant?.close();
  tenant = restarted = undefined;
});

/** Pushes; returns the result and the calls it made as `METHOD /path`. */
async function pushed(current: Tenant, args: string[]) {
  const before = current.sandbox.requests.length;
  const result = await current.push(args);
  return { ...result, calls: current.sandbox.requests.slice(before).map((request) => `${request.method} ${request.path}`) };
}

describe('every push proves the tenant', () => {
  it('a revoked key exits 3 on a night with nothing to write', async () => {
    tenant = await tenantWithDemoProducts();
    expect((await tenant.push(['inventory', INVENTORY])).code).toBe(0);
    // inventory.csv's counts differ from products.csv's inventory columns: the quiet night repeats the last push.
    const quiet = await pushed(tenant, ['inventory', INVENTORY]);
    expect(quiet.code).toBe(0);
    expect(quiet.calls.filter((call) => !call.startsWith('GET '))).toEqual([]);

    tenant.sandbox.revokeKey(TEST_KEY);
    for (const kind of ['products', 'inventory'] as const) {
      const refused = await pushed(tenant, [kind, kind === 'products' ? PRODUCTS : INVENTORY]);
      expect(refused.code, refused.stdout + refused.stderr).toBe(3);
      expect(refused.stderr).toContain('Jasper refused the API key (401)');
      expect(refused.calls).toEqual(['GET /api/v1/ping']);
    }
  });

  it('an unchanged nightly costs the key check and at most 20 reads; a tenant restored from scratch gets its whole catalog back', async () => {
    tenant = await tenantWithDemoCatalog();
    const expected: Push[] = [
      ['categories', [CATEGORIES]],
      ['products', [PRODUCTS]],
    ];
    expect(oracleProblems(tenant.sandbox.state(), expected)).toEqual([]);

    const quiet = await pushed(tenant, ['products', PRODUCTS]);
    expect(quiet.code, quiet.stderr).toBe(0);
    expect(quiet.calls[0]).toBe('GET /api/v1/ping');
    expect(quiet.calls.length).toBeGreaterThan(1);
    expect(quiet.calls.length).toBeLessThanOrEqual(21);
    expect(quiet.calls.slice(1).every((call) => call.startsWith('GET /api/v1/products/sku/'))).toBe(true);
    expect(quiet.stderr).not.toContain('out of date');

    // The tenant is restored from scratch: the same URL, no data.
    const { port } = tenant.sandbox;
    await tenant.sandbox.close();
    restarted = await startSandbox({ port, keys: [TEST_KEY] });
    tenant.sandbox = restarted;
    const categories = await pushed(tenant, ['categories', CATEGORIES]);
    expect(categories.code, categories.stderr).toBe(0);
    expect(categories.stderr).toContain('The change cache is out of date');
    const products = await pushed(tenant, ['products', PRODUCTS]);
    expect(products.code, products.stderr).toBe(0);
    expect(products.stderr).toMatch(/The change cache is out of date: \d+ of \d+ products it knows in Jasper are gone/);
    expect(products.stderr).toContain('--reconcile');
    // Exact, nothing missing or extra: the whole catalog is back.
    expect(oracleProblems(restarted.state(), expected)).toEqual([]);

    // Repaired, the cache is trusted again: the next night writes nothing and says nothing.
    const after = await pushed(tenant, ['products', PRODUCTS]);
    expect(after.code).toBe(0);
    expect(writeCount(restarted.requests.slice(-after.calls.length))).toBe(0);
    expect(after.calls.length).toBeLessThanOrEqual(21);
    expect(after.stderr).not.toContain('out of date');
    const summary = JSON.parse(fs.readFileSync(path.join(tenant.runDir, fs.readdirSync(tenant.runDir).sort().at(-2)!, 'summary.json'), 'utf8'));
    expect(summary.mode).toBe('reconcile');
  });
});
