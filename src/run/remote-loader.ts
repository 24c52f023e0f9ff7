// Reads what the planner needs from Jasper, once per run: the list endpoints, and the products
// whose state the change cache cannot vouch for. For many SKUs the paginated listing (large
// pages) is cheaper than one lookup per SKU; the first page's total decides.
import { nameKey } from '../catalog/types.js';
import type { JasperClient } from '../jasper/client.js';
import type { RemoteProduct, RemoteRelation } from '../jasper/types.js';
import type { DesiredState } from '../plan/desired.js';
import type { ReadNeeds } from '../plan/keys.js';
import type { RemoteProducts, RemoteSnapshot } from '../plan/remote.js';

/** Products per listing page. */
export const PRODUCT_PAGE_LIMIT = 500;

/** Where the products read are kept: on disk (run/scratch-store.ts), as a first load may read a catalog's worth; a Map does too. */
export interface FoundProducts extends RemoteProducts {
  has(sku: string): boolean;
  set(sku: string, product: RemoteProduct): unknown;
  keys(): Iterable<string>;
}

/** Products whose collections are read at a time: their promises and answers are what is held. */
const DETAIL_CHUNK = 500;

export async function loadRemote(client: JasperClient, needs: ReadNeeds, desired: DesiredState, found: FoundProducts): Promise<RemoteSnapshot> {
  const snapshot: RemoteSnapshot = { products: found, missingSkus: new Set() };
  await Promise.all([
    needs.categories && client.listCategories().then((list) => (snapshot.categories = list)),
    needs.options && loadOptions(client, desired).then((result) => Object.assign(snapshot, result)),
    needs.attributes && client.listAttributes().then((list) => (snapshot.attributes = list)),
    needs.relationTypes && client.listRelationTypes().then((list) => (snapshot.relationTypes = list)),
    loadProducts(client, needs, found, snapshot),
  ]);
  return snapshot;
}

async function loadOptions(client: JasperClient, desired: DesiredState): Promise<Pick<RemoteSnapshot, 'options' | 'optionSets'>> {
  const [options, sets] = await Promise.all([client.listOptions(), client.listOptionSets()]);
  const withValues = await Promise.all(
    options.map(async (option) => (desired.options.has(nameKey(option.name)) ? { ...option, values: await client.listOptionValues(option.id) } : option)),
  );
  const setsWithMembers = await Promise.all(
    sets.map(async (set) =>
      desired.optionSets.has(nameKey(set.name))
        ? { ...set, optionIds: (await client.listOptionSetOptions(set.id)).map((member) => Number(member.option_id)) }
        : set,
    ),
  );
  return { options: withValues, optionSets: setsWithMembers };
}

async function loadProducts(client: JasperClient, needs: ReadNeeds, found: FoundProducts, snapshot: RemoteSnapshot): Promise<void> {
  // The two sets are asked in turn rather than copied into one: on a first load each holds every SKU.
  const isWanted = (sku: string) => needs.productDetail.has(sku) || needs.productExistence.has(sku);
  const wanted = function* (): Generator<string> {
    yield* needs.productDetail;
    for (const sku of needs.productExistence) if (!needs.productDetail.has(sku)) yield sku;
  };
  if (needs.productDetail.size === 0 && needs.productExistence.size === 0) return;
  const keep = (products: RemoteProduct[]) => {
    for (const product of products) {
      if (isWanted(product.sku)) found.set(product.sku, product);
      for (const child of product.children ?? []) {
        // Some listings nest variants; a nested child still proves the SKU exists.
        if (child.sku && isWanted(child.sku) && !found.has(child.sku)) found.set(child.sku, child as RemoteProduct);
      }
    }
  };
  const first = await client.listProducts(1, PRODUCT_PAGE_LIMIT);
  keep(first.products);
  const pagesLeft = Math.max(0, first.lastPage - 1);
  if (pagesLeft > 0) {
    // Counted, not listed: on a first load every SKU of the catalog is wanted.
    let notFound = 0;
    for (const sku of wanted()) if (!found.has(sku)) notFound++;
    if (notFound > 0 && pagesLeft <= notFound) {
      // Each page is sifted as it arrives: the tenant's whole listing is never held at once.
      await Promise.all(
        Array.from({ length: pagesLeft }, (_, index) => client.listProducts(index + 2, PRODUCT_PAGE_LIMIT).then((page) => keep(page.products))),
      );
    } else if (notFound > 0) {
      const missing = [...wanted()].filter((sku) => !found.has(sku));
      const looked = await Promise.all(missing.map(async (sku) => [sku, await client.findProductBySku(sku)] as const));
      for (const [sku, product] of looked) if (product) found.set(sku, product);
    }
  }
  let chunk: string[] = [];
  const complete = async () => {
    await Promise.all(
      chunk.map(async (sku) => {
        const product = found.get(sku)!;
        await completeDetail(client, product, needs.media.has(sku));
        found.set(sku, product);
      }),
    );
    chunk = [];
  };
  for (const sku of found.keys()) {
    if (!needs.productDetail.has(sku)) continue;
    chunk.push(sku);
    if (chunk.length >= DETAIL_CHUNK) await complete();
  }
  await complete();
  // Wanted and not found: Jasper does not have it.
  snapshot.missingSkus = { has: (sku) => isWanted(sku) && !found.has(sku) };
}

/** Listings may leave out a product's collections; read the ones missing. */
async function completeDetail(client: JasperClient, product: RemoteProduct, media: boolean): Promise<void> {
  const reads: Promise<unknown>[] = [];
  if (media && !Array.isArray(product.assets)) reads.push(client.listAssets(product.id).then((list) => (product.assets = list)));
  if (media && !Array.isArray(product.barcodes)) reads.push(client.listBarcodes(product.id).then((list) => (product.barcodes = list)));
  if (!Array.isArray(product.prices)) reads.push(client.listPrices(product.id).then((list) => (product.prices = list)));
  if (!Array.isArray(product.inventory)) reads.push(client.listInventory(product.id).then((list) => (product.inventory = list)));
  if (!Array.isArray(product.product_attributes)) {
    reads.push(client.listProductAttributes(product.id).then((list) => (product.product_attributes = list)));
  }
  if (!Array.isArray(product.categories) && !Array.isArray(product.category_ids)) {
    reads.push(client.getProduct(product.id).then((full) => (product.categories = full.categories ?? [])));
  }
  if (!Array.isArray(product.related_products)) {
    reads.push(
      client.listRelations(product.id).then((byType) => {
        const relations: RemoteRelation[] = [];
        for (const [type, products] of Object.entries(byType)) {
          for (const related of products) relations.push({ relation_type: type, id: Number(related.id), ...(related.sku ? { sku: related.sku } : {}) });
        }
        product.related_products = relations;
      }),
    );
  }
  await Promise.all(reads);
}
