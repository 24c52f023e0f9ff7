// The tenant check's sample (SPEC §6): at most 20 products the cache knows, spread over the input,
// read back by SKU; a product gone or under another id shows the cache is wrong.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type CatalogScan, scanCatalog } from '../src/catalog/index.js';
import type { ReadOptions } from '../src/catalog/index.js';
import type { JasperClient } from '../src/jasper/client.js';
import type { CacheEntry, CacheView } from '../src/plan/remote.js';
import { proveCache, TENANT_SAMPLE } from '../src/run/tenant-check.js';

const OPTIONS: ReadOptions = { kind: 'products', priceBase: 'US' };
const scans: CatalogScan[] = [];
const dirs: string[] = [];
afterEach(() => {
  for (const scan of scans.splice(0)) scan.index.close();
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

async function scanOf(skus: string[]): Promise<CatalogScan> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jp-tenant-'));
  dirs.push(dir);
  const file = path.join(dir, 'products.csv');
  fs.writeFileSync(file, ['sku,name', ...skus.map((sku) => `${sku},Product ${sku}`)].join('\n') + '\n');
  const scan = await scanCatalog([file], OPTIONS);
  scans.push(scan);
  return scan;
}

function cacheOf(ids: Map<string, number>): CacheView {
  return {
    get: (task): CacheEntry | undefined => (task.startsWith('product:') && ids.has(task.slice(8)) ? { id: ids.get(task.slice(8))! } : undefined),
    entriesUnder: () => [],
  };
}

/** A client whose Jasper holds `jasper` (SKU → id); it records the SKUs it was asked for. */
function clientOf(jasper: Map<string, number>) {
  const asked: string[] = [];
  const client = {
    findProductBySku: async (sku: string) => {
      asked.push(sku);
      return jasper.has(sku) ? { id: jasper.get(sku)!, sku } : undefined;
    },
  } as unknown as JasperClient;
  return { client, asked };
}

const skus = Array.from({ length: 100 }, (_, index) => `S-${String(index).padStart(3, '0')}`);

describe('the tenant check', () => {
  it('reads back at most 20 cached products, spread over the input, and trusts the cache when they are all there', async () => {
    const scan = await scanOf(skus);
    const known = new Map(skus.filter((_, index) => index % 3 !== 0).map((sku, index) => [sku, index + 1]));
    const { client, asked } = clientOf(known);
    expect(await proveCache(client, cacheOf(known), scan, OPTIONS)).toBeUndefined();
    expect(asked).toHaveLength(TENANT_SAMPLE);
    expect(asked.every((sku) => known.has(sku))).toBe(true);
    expect(asked[0]).toBe('S-001');
    expect(asked[asked.length - 1]! >= 'S-090').toBe(true);
  });

  it('says the cache is wrong when a product it knows is gone or has another id', async () => {
    const scan = await scanOf(skus.slice(0, 10));
    const cached = new Map(skus.slice(0, 10).map((sku, index) => [sku, index + 1]));
    const jasper = new Map(cached);
    jasper.delete('S-004');
    jasper.set('S-007', 99);
    const warning = await proveCache(clientOf(jasper).client, cacheOf(cached), scan, OPTIONS);
    expect(warning).toContain('2 of 10 products it knows in Jasper are gone (S-004, S-007)');
    expect(warning).toContain('--reconcile');
  });

  it('makes no call when the cache knows none of the input (a first load reads everything anyway)', async () => {
    const scan = await scanOf(skus.slice(0, 5));
    const { client, asked } = clientOf(new Map());
    expect(await proveCache(client, cacheOf(new Map()), scan, OPTIONS)).toBeUndefined();
    expect(asked).toEqual([]);
  });
});
