// SPEC §6: every push proves the tenant is still there before it trusts the change cache. The key
// is checked first, so a revoked key fails a night with nothing to write (exit 3); then a sample
// of what the cache vouches for among the kinds pushed is read back. A wiped or restored tenant
// (a product the cache knows is gone) makes the push read Jasper as --reconcile does.
import { type CatalogScan, categoryPathKey, type ReadOptions, validEntries } from '../catalog/index.js';
import { nameKey } from '../catalog/types.js';
import type { JasperClient } from '../jasper/client.js';
import type { CacheView } from '../plan/remote.js';
import { taskId } from '../plan/types.js';

/** Entities read back per push: enough to notice a wiped tenant, few enough for a quiet night. */
export const TENANT_SAMPLE = 20;
/** Inventory rows read per batch while looking for their products in the cache. */
const INVENTORY_BATCH = 500;

interface Vouched {
  entity: 'product' | 'category';
  key: string;
  id: number;
}

/** A key Jasper refuses throws here (401/403: exit 3), before anything is locked or read. */
export async function checkKey(client: JasperClient): Promise<void> {
  await client.ping();
}

/**
 * Reads back a sample of what the cache vouches for; returns a warning when the cache is wrong
 * (then the push reads Jasper as --reconcile does), else undefined.
 */
export async function proveCache(client: JasperClient, cache: CacheView, scan: CatalogScan, readOptions: ReadOptions): Promise<string | undefined> {
  const sample = await vouchedSample(cache, scan, readOptions);
  if (sample.length === 0) return undefined;
  const gone = sample[0]!.entity === 'category' ? await goneCategories(client, sample) : await goneProducts(client, sample);
  if (gone.length === 0) return undefined;
  const what = sample[0]!.entity === 'category' ? 'categories' : 'products';
  return (
    `The change cache is out of date: ${gone.length} of ${sample.length} ${what} it knows in Jasper are gone (${gone.slice(0, 3).join(', ')}` +
    `${gone.length > 3 ? ', …' : ''}): a wiped or restored tenant, or deleted by hand. Reading Jasper as --reconcile does, so what is missing is written again.`
  );
}

/** Up to TENANT_SAMPLE entities of this push with an id in the cache, spread over the input. */
async function vouchedSample(cache: CacheView, scan: CatalogScan, readOptions: ReadOptions): Promise<Vouched[]> {
  const idOf = (entity: Vouched['entity'], key: string) => cache.get(taskId(entity, key))?.id || undefined;
  if (readOptions.kind === 'categories') {
    const keys = scan.categories.map((category) => categoryPathKey(category.path.map(nameKey)));
    return spread(keys, keys.length, (key) => vouched('category', key, idOf('category', key)));
  }
  if (readOptions.kind === 'products') {
    const counts = scan.index.counts();
    const skus = (function* () {
      for (const product of scan.index.products()) yield product.sku;
    })();
    return spread(skus, counts.products + counts.variants, (sku) => vouched('product', sku, idOf('product', sku)));
  }
  // An inventory push: the products of its first rows that the cache knows.
  const sample = new Map<string, Vouched>();
  for await (const entries of validEntries(
    scan.files.map((file) => file.file),
    readOptions,
    scan,
    INVENTORY_BATCH,
  )) {
    for (const entry of entries) {
      const found = vouched('product', entry.value.sku, idOf('product', entry.value.sku));
      if (found && sample.size < TENANT_SAMPLE) sample.set(found.key, found);
    }
    if (sample.size >= TENANT_SAMPLE) break;
  }
  return [...sample.values()];
}

const vouched = (entity: Vouched['entity'], key: string, id: number | undefined): Vouched | undefined => (id === undefined ? undefined : { entity, key, id });

/** Every (total / TENANT_SAMPLE)-th key, or the next one the cache knows when that one it does not. */
function spread(keys: Iterable<string>, total: number, pick: (key: string) => Vouched | undefined): Vouched[] {
  const stride = Math.max(1, Math.ceil(total / TENANT_SAMPLE));
  const sample: Vouched[] = [];
  let index = 0;
  let wanted = false;
  for (const key of keys) {
    if (index++ % stride === 0) wanted = true;
    if (!wanted) continue;
    const found = pick(key);
    if (found && !sample.some((item) => item.key === found.key)) {
      sample.push(found);
      wanted = false;
      if (sample.length >= TENANT_SAMPLE) break;
    }
  }
  return sample;
}

/** The sampled products that Jasper no longer has under the id the cache knows. */
async function goneProducts(client: JasperClient, sample: Vouched[]): Promise<string[]> {
  const found = await Promise.all(sample.map((item) => client.findProductBySku(item.key)));
  return sample.filter((item, index) => Number(found[index]?.id) !== item.id).map((item) => item.key);
}

async function goneCategories(client: JasperClient, sample: Vouched[]): Promise<string[]> {
  const ids = new Set((await client.listCategories()).map((category) => category.id));
  return sample.filter((item) => !ids.has(item.id)).map((item) => item.key);
}
