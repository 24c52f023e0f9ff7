// End to end: nightly pushes where two inputs describe the same entities with different fields
// (a catalog feed and a stock feed, a category tree and the product paths, two product files).
// An unchanged rerun must write nothing, whichever files carry a row.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FIXTURES } from './helpers/cli.js';
import { type Tenant, tenantWithDemoCatalog, tenantWithDemoProducts } from './helpers/tenant.js';

const DEMO = path.join(FIXTURES, 'demo');
const CATEGORIES = path.join(DEMO, 'categories.csv');
const PRODUCTS = path.join(DEMO, 'products.csv');

let tenant: Tenant | undefined;
afterEach(async () => {
  await tenant?.close();
  tenant = undefined;
});

/**
 * The calls every push makes to prove the tenant (SPEC §6): the key check and a sample read back,
 * at most 20 products, or a categories push's one category list.
 */
const isTenantCheck = (kind: string) => (call: string) =>
  call === 'GET /api/v1/ping' || (kind === 'categories' ? call === 'GET /api/v1/categories' : call.startsWith('GET /api/v1/products/sku/'));

/** Pushes and returns the requests it made beyond the tenant check, as `METHOD /path` with ids as N. */
async function callsOf(t: Tenant, args: string[]): Promise<string[]> {
  const before = t.sandbox.requests.length;
  const result = await t.push(args);
  expect(result.code, result.stderr + result.stdout).toBe(0);
  const calls = t.sandbox.requests.slice(before).map((request) => `${request.method} ${request.path.replace(/\/\d+/g, '/N')}`);
  const check = isTenantCheck(args[0]!);
  expect(calls.filter(check).length).toBeLessThanOrEqual(21);
  return calls.filter((call) => !check(call));
}

/** Pushes and returns the write requests it made. */
async function writesOf(t: Tenant, args: string[]): Promise<string[]> {
  return (await callsOf(t, args)).filter((call) => !call.startsWith('GET '));
}

/** The stock feed of the demo catalog: every inventory cell of products.csv as a row, with a bin. */
function stockFeed(dir: string, counts: Map<string, number> = new Map()): string {
  const lines = fs.readFileSync(PRODUCTS, 'utf8').trim().split('\n');
  const header = lines[0]!.split(',');
  const locations = header
    .map((name, index) => [name.replace(/^inventory:/, ''), index] as const)
    .filter(([, index]) => header[index]!.startsWith('inventory:'));
  const rows = ['sku,location,count_on_hand,bin'];
  for (const line of lines.slice(1)) {
    const cells = line.split(',');
    for (const [location, index] of locations) {
      if (cells[index] === '') continue;
      const sku = cells[0]!;
      rows.push(`${sku},${location},${counts.get(`${sku}@${location}`) ?? cells[index]},BIN-${sku.length}`);
    }
  }
  const file = path.join(dir, 'inventory.csv');
  fs.writeFileSync(file, rows.join('\n') + '\n');
  return file;
}

describe('nightly pushes of one catalog from several inputs', () => {
  it('products.csv then inventory.csv: the unchanged rerun writes nothing; a changed count writes that row once', async () => {
    // categories.csv and products.csv pushed (a first load), then the first stock feed.
    tenant = await tenantWithDemoCatalog();
    const first = await writesOf(tenant, ['inventory', stockFeed(tenant.dir)]);
    // The stock feed adds the bins: one update per inventory row, and nothing else.
    expect(first).toEqual(Array<string>(18).fill('PUT /api/v1/products/N/inventory/N'));

    for (let night = 0; night < 2; night++) {
      expect(await callsOf(tenant, ['products', PRODUCTS])).toEqual([]);
      expect(await callsOf(tenant, ['inventory', stockFeed(tenant.dir)])).toEqual([]);
    }

    // The stock of one SKU changes in both exports.
    const products = path.join(tenant.dir, 'products.csv');
    fs.writeFileSync(products, fs.readFileSync(PRODUCTS, 'utf8').replace('Polyester,USA,120,40,', 'Polyester,USA,117,40,'));
    const changed = stockFeed(tenant.dir, new Map([['CAP-TRUCKER@Main Warehouse', 117]]));
    expect(await writesOf(tenant, ['products', products])).toEqual(['PUT /api/v1/products/N/inventory/N']);
    expect(await writesOf(tenant, ['inventory', changed])).toEqual([]);
    const cap = tenant.sandbox.state().products.find((product) => product.sku === 'CAP-TRUCKER')!;
    expect(cap.inventory.find((row) => row.location === 'Main Warehouse')).toMatchObject({ count_on_hand: 117, bin: 'BIN-11' });

    // Only the stock feed changes: it writes its row once, and its rerun writes nothing.
    const stockOnly = stockFeed(
      tenant.dir,
      new Map([
        ['CAP-TRUCKER@Main Warehouse', 117],
        ['SOCK-CREW@Toronto', 70],
      ]),
    );
    expect(await writesOf(tenant, ['inventory', stockOnly])).toEqual(['PUT /api/v1/products/N/inventory/N']);
    expect(await writesOf(tenant, ['inventory', stockOnly])).toEqual([]);
  });

  it('categories from product paths and from categories.csv: rerunning both writes nothing', async () => {
    tenant = await tenantWithDemoProducts();
    const described = await writesOf(tenant, ['categories', CATEGORIES]);
    expect(described.filter((write) => write === 'PUT /api/v1/categories/N')).toHaveLength(10);
    // The change cache vouches for both: not even the category list is read again.
    for (let night = 0; night < 2; night++) {
      expect(await callsOf(tenant, ['products', PRODUCTS])).toEqual([]);
      expect(await callsOf(tenant, ['categories', CATEGORIES])).toEqual([]);
    }
    const tops = tenant.sandbox.state().categories.find((category) => category.name === 'Tops')!;
    expect(tops.desc).toBe('Tees, hoodies and more');
  });

  it('two product files with different columns for the same SKUs: rerunning both writes nothing', async () => {
    tenant = await tenantWithDemoProducts();
    const details = path.join(tenant.dir, 'details.csv');
    fs.writeFileSync(
      details,
      'sku,desc_long,price:US:sell_price,attr:Care\nCAP-TRUCKER,Hand wash only,17.50,Cold water\nSOCK-CREW,Machine washable,12.00,Warm water\n',
    );
    expect((await writesOf(tenant, ['products', details])).sort()).toEqual([
      'POST /api/v1/attributes',
      'PUT /api/v1/products/N',
      'PUT /api/v1/products/N',
      'PUT /api/v1/products/N/attributes',
      'PUT /api/v1/products/N/attributes',
      'PUT /api/v1/products/N/prices/N',
      'PUT /api/v1/products/N/prices/N',
    ]);
    for (let night = 0; night < 2; night++) {
      expect(await writesOf(tenant, ['products', PRODUCTS])).toEqual([]);
      expect(await writesOf(tenant, ['products', details])).toEqual([]);
    }
    const cap = tenant.sandbox.state().products.find((product) => product.sku === 'CAP-TRUCKER')!;
    expect(cap.desc_long).toBe('Hand wash only');
    expect(cap.desc_short).toBe('Mesh back and a curved brim');
    expect(cap.prices.find((price) => price.base === 'US')).toMatchObject({ msrp: 19, cost: 6, sell_price: 17.5 });
  });
});
