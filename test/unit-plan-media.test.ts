// The planner's images, barcodes and --prune, with plain data: no network, no files. Each catalog
// fits in one batch of the planner a push runs.
import { describe, expect, it } from 'vitest';
import type { Catalog } from '../src/catalog/types.js';
import { CREATED_HASH, PRESENCE_HASH } from '../src/plan/keys.js';
import type { CacheEntry, CacheView, RemoteSnapshot } from '../src/plan/remote.js';
import type { Plan } from '../src/plan/types.js';
import { catalogOf, planBatches, product } from './helpers/planning.js';

function tenant(remote: Partial<RemoteSnapshot> = {}): RemoteSnapshot {
  return { products: new Map(), missingSkus: new Set(), categories: [], options: [], optionSets: [], attributes: [], relationTypes: [], ...remote };
}

function cacheOf(entries: Record<string, CacheEntry>): CacheView {
  const map = new Map(Object.entries(entries));
  return {
    get: (id) => map.get(id),
    entriesUnder: (prefix) => [...map].filter(([id]) => id.startsWith(prefix)),
  };
}

async function plan(catalog: Catalog, remote: RemoteSnapshot, cache?: CacheView, prune = false): Promise<Plan> {
  const { batches } = await planBatches(catalog, remote, { ...(cache ? { cache } : {}), prune });
  return batches[0]!.plan;
}

const images = ['https://cdn.example.com/a.jpg', 'https://cdn.example.com/b.jpg'];
const barcodes = [{ type: 'UPC-A' as const, value: '012345678905' }];

describe('planner: images and barcodes', () => {
  it('a new product gets one asset create per image, in order (the main image first), and one barcode create per code', async () => {
    const result = await plan(catalogOf(product('A', { images, barcodes })), tenant({ missingSkus: new Set(['A']) }));
    const assets = result.tasks.filter((task) => task.entity === 'asset');
    expect(assets.map((task) => task.payload)).toEqual([
      { entity: 'asset', product: { entity: 'product', key: 'A' }, url: images[0], sortOrder: 1 },
      { entity: 'asset', product: { entity: 'product', key: 'A' }, url: images[1], sortOrder: 2 },
    ]);
    expect(assets.every((task) => task.deps.includes('product:A') && task.hash === CREATED_HASH)).toBe(true);
    // In the row's order: the second waits for the first.
    expect(assets[1]!.deps).toContain(assets[0]!.id);
    const codes = result.tasks.filter((task) => task.entity === 'barcode');
    expect(codes.map((task) => [task.key, task.action])).toEqual([['A|UPC-A|012345678905', 'create']]);
  });

  it('what Jasper already has (an asset by its uri, a barcode by type and value) is not written again, and is recorded as found', async () => {
    const remote = tenant({
      products: new Map([
        ['A', { id: 7, sku: 'A', name: 'Name A', assets: [{ id: 70, uri: images[0] }], barcodes: [{ id: 71, type: 'upc-a', barcode: '012345678905' }] }],
      ]),
    });
    const result = await plan(catalogOf(product('A', { images, barcodes })), remote);
    expect(result.tasks.filter((task) => task.entity === 'asset' || task.entity === 'barcode').map((task) => task.key)).toEqual([
      'A|https://cdn.example.com/b.jpg',
    ]);
    expect(
      result.outcomes
        .filter((outcome) => outcome.entity === 'asset' || outcome.entity === 'barcode')
        .map((outcome) => [outcome.key, outcome.remoteId, outcome.hash]),
    ).toEqual([
      ['A|https://cdn.example.com/a.jpg', 70, PRESENCE_HASH],
      ['A|UPC-A|012345678905', 71, PRESENCE_HASH],
    ]);
  });

  it('the change cache vouches for images and barcodes, keeping whether this tool created them', async () => {
    const cache = cacheOf({
      'product:A': { id: 7 },
      'asset:A|https://cdn.example.com/a.jpg': { id: 70, hash: CREATED_HASH },
      'asset:A|https://cdn.example.com/b.jpg': { id: 72, hash: PRESENCE_HASH },
      'barcode:A|UPC-A|012345678905': { id: 71, hash: CREATED_HASH },
    });
    const result = await plan(catalogOf(product('A', { images, barcodes })), tenant(), cache);
    expect(result.tasks.filter((task) => task.entity !== 'product')).toEqual([]);
    expect(result.outcomes.filter((outcome) => outcome.entity !== 'product').map((outcome) => outcome.hash)).toEqual([
      CREATED_HASH,
      PRESENCE_HASH,
      CREATED_HASH,
    ]);
  });
});

describe('planner: --prune', () => {
  const cache = cacheOf({
    'product:A': { id: 7 },
    'product:B': { id: 8 },
    'product:A|X': { id: 9 },
    'relationType:accessories': { id: 3 },
    'asset:A|https://cdn.example.com/a.jpg': { id: 70, hash: CREATED_HASH },
    'asset:A|https://cdn.example.com/old.jpg': { id: 73, hash: CREATED_HASH },
    'asset:A|https://cdn.example.com/found.jpg': { id: 74, hash: PRESENCE_HASH },
    'asset:A|X|https://cdn.example.com/other-product.jpg': { id: 75, hash: CREATED_HASH },
    'barcode:A|EAN|4006381333931': { id: 76, hash: CREATED_HASH },
    'relatedLink:A|accessories|B': { id: 0, hash: CREATED_HASH },
    'price:A|US': { id: 77, hash: 'f:msrp=00000000' },
  });
  const row = product('A', { images: [images[0]!] });

  it('deletes what this tool created for the product and the row no longer lists; nothing found, nothing of another SKU, never prices', async () => {
    const result = await plan(catalogOf(row), tenant(), cache, true);
    const deletions = result.tasks.filter((task) => task.action === 'delete');
    expect(deletions.map((task) => task.payload)).toEqual([
      {
        entity: 'removal',
        of: 'relatedLink',
        product: { entity: 'product', key: 'A' },
        relatedId: 8,
        relationTypeId: 3,
        what: 'A: related link accessories → B',
      },
      { entity: 'removal', of: 'asset', product: { entity: 'product', key: 'A' }, id: 73, what: 'A: image https://cdn.example.com/old.jpg' },
      { entity: 'removal', of: 'barcode', product: { entity: 'product', key: 'A' }, id: 76, what: 'A: barcode EAN 4006381333931' },
    ]);
    expect(deletions.map((task) => task.entity)).toEqual(['relatedLink', 'asset', 'barcode']);
  });

  it('without --prune, or for a product not in the input, nothing is deleted', async () => {
    expect((await plan(catalogOf(row), tenant(), cache)).tasks.filter((task) => task.action === 'delete')).toEqual([]);
    expect((await plan(catalogOf(product('B')), tenant(), cache, true)).tasks.filter((task) => task.action === 'delete')).toEqual([]);
  });
});
