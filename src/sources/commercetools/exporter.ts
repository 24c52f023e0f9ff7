// Streams a commercetools project into §3 files in a directory: categories.json (the category tree,
// a JSON catalog with only its categories section) and products.csv (one row per product or
// variant, with option:, attr:, price:<BASE>:msrp, inventory:<Location>, images and barcode: columns).
// `push products categories.json products.csv` then pushes exactly the project, through the same
// validation, plan, delta cache and run files as any catalog.
//
// Memory: categories, product types and channels are held (they are small in any project); products
// come a page at a time, with the stock of that page's SKUs, and leave as spilled rows.
import fs from 'node:fs';
import path from 'node:path';
import type { Category, Channel, InventoryEntry, ProductProjection, ProductType } from '@commercetools/platform-sdk';
import { writeFileAtomic } from '../../files/atomic-write.js';
import { cleanName, localizer, TypeAttributes } from './attributes.js';
import { categoryTree } from './categories.js';
import { CommercetoolsClient } from './client.js';
import { CsvSpool } from './csv-spool.js';
import { zeroPriceCounts, type PriceCounts } from './prices.js';
import { productRows, type ProductCounts } from './product-rows.js';
import type { CommercetoolsSettings } from './settings.js';
import { CATEGORIES_FILE, EXPORT_INFO_FILE, PRODUCTS_FILE } from './spool-files.js';

export const DEFAULT_LOCATION = 'Default';
/** Products per page: a projection carries every variant's prices, so pages stay modest. */
const PRODUCT_PAGE_SIZE = 100;
/** SKUs per inventory query: `sku in (…)` must fit in a URL. */
const SKUS_PER_STOCK_QUERY = 50;

export interface ExportOptions {
  /** Language of localized fields; default the project's first. */
  locale?: string;
  /** Staged projections instead of the current (published) ones. */
  staged?: boolean;
  /** Currency or country → Jasper price base. */
  priceBaseMap?: ReadonlyMap<string, string>;
  /** Requests in flight at most. */
  concurrency?: number;
  /** Only products modified at or after this instant. */
  since?: Date;
  now?: () => Date;
  /** For tests: a client over another fetch. */
  client?: CommercetoolsClient;
  onProgress?: (counts: ExportCounts) => void;
}

export interface ExportCounts {
  project: string;
  locale: string;
  staged: boolean;
  since: string | null;
  startedAt: string;
  categories: number;
  productTypes: number;
  /** commercetools products read. */
  products: number;
  /** Their variants. */
  variants: number;
  /** products.csv rows: products, parents and variants. */
  rows: number;
  inventoryEntries: number;
  prices: PriceCounts;
  variantsWithoutSku: number;
  /** Categories left out because a sibling has the same name in the locale. */
  duplicateCategories: number;
  /** HTTP requests to commercetools. */
  requests: number;
}

export interface ExportResult {
  /** In push order: the category tree, then the products. */
  files: string[];
  counts: ExportCounts;
}

export async function exportCommercetoolsProject(settings: CommercetoolsSettings, options: ExportOptions, outDir: string): Promise<ExportResult> {
  const now = options.now ?? (() => new Date());
  const client = options.client ?? new CommercetoolsClient(settings, { ...(options.concurrency ? { concurrency: options.concurrency } : {}) });
  const { project, serverTime } = await client.project();
  // By commercetools' clock when it can tell (the next --since compares with its lastModifiedAt).
  const startedAt = serverTime ?? now();
  const locale = options.locale ?? project.languages[0] ?? 'en';
  const localize = localizer(locale, project.languages);
  const counts: ExportCounts = {
    project: settings.projectKey,
    locale,
    staged: Boolean(options.staged),
    since: options.since ? options.since.toISOString() : null,
    startedAt: startedAt.toISOString(),
    categories: 0,
    productTypes: 0,
    products: 0,
    variants: 0,
    rows: 0,
    inventoryEntries: 0,
    prices: zeroPriceCounts(),
    variantsWithoutSku: 0,
    duplicateCategories: 0,
    requests: 0,
  };

  const [categories, productTypes, channels] = await Promise.all([
    collect<Category>(client.pages('categories')),
    collect<ProductType>(client.pages('productTypes')),
    collect<Channel>(client.pages('channels')),
  ]);
  counts.productTypes = productTypes.length;
  const types = new Map(productTypes.map((type) => [type.id, new TypeAttributes(type)]));
  const channelKeys = new Map(channels.map((channel) => [channel.id, cleanName(channel.key ?? localize(channel.name) ?? channel.id)]));

  fs.mkdirSync(outDir, { recursive: true });
  const tree = categoryTree(categories, localize);
  counts.categories = tree.entries.length;
  counts.duplicateCategories = tree.duplicates;
  writeFileAtomic(path.join(outDir, CATEGORIES_FILE), `${JSON.stringify({ categories: tree.entries }, null, 1)}\n`, 0o644);

  const spool = new CsvSpool(path.join(outDir, `${PRODUCTS_FILE}.rows.jsonl`));
  try {
    const where = options.since ? [`lastModifiedAt >= "${options.since.toISOString()}"`] : [];
    const pages = client.pages<ProductProjection>('productProjections', { where, limit: PRODUCT_PAGE_SIZE, staged: Boolean(options.staged) });
    const productCounts: ProductCounts = { prices: counts.prices, variantsWithoutSku: 0 };
    // The next page is asked for while this page's stock is read: two kinds of request in flight.
    let next = pages.next();
    for (;;) {
      const page = await next;
      if (page.done) break;
      next = pages.next();
      // Awaited on the next turn; marked handled now, so a failure while this page is mapped cannot
      // leave it rejected with nobody listening.
      void next.catch(() => undefined);
      const stock = await pageStock(client, page.value, channelKeys, counts);
      for (const product of page.value) {
        counts.products++;
        counts.variants += 1 + product.variants.length;
        const rows = productRows(
          product,
          {
            localize,
            categoryPaths: tree.paths,
            productType: (id) => types.get(id) ?? new TypeAttributes(undefined),
            priceBaseMap: options.priceBaseMap ?? new Map(),
            stock: (sku) => stock.get(sku),
            staged: Boolean(options.staged),
            now: startedAt,
          },
          productCounts,
        );
        for (const row of rows) await spool.add(row);
      }
      counts.rows = spool.rows;
      counts.variantsWithoutSku = productCounts.variantsWithoutSku;
      counts.requests = client.calls;
      options.onProgress?.(counts);
    }
    await spool.writeCsv(path.join(outDir, PRODUCTS_FILE));
  } catch (error) {
    await spool.discard();
    throw error;
  }
  counts.requests = client.calls;
  writeFileAtomic(path.join(outDir, EXPORT_INFO_FILE), `${JSON.stringify(counts, null, 2)}\n`, 0o644);
  return { files: [path.join(outDir, CATEGORIES_FILE), path.join(outDir, PRODUCTS_FILE)], counts };
}

async function collect<T>(pages: AsyncGenerator<T[]>): Promise<T[]> {
  const all: T[] = [];
  for await (const page of pages) all.push(...page);
  return all;
}

/** The stock of a page's SKUs: SKU → location (supply channel key, or Default) → quantity. */
async function pageStock(
  client: CommercetoolsClient,
  products: readonly ProductProjection[],
  channelKeys: ReadonlyMap<string, string>,
  counts: ExportCounts,
): Promise<Map<string, Map<string, number>>> {
  const skus = products.flatMap((product) => [product.masterVariant, ...product.variants]).flatMap((variant) => (variant.sku ? [variant.sku] : []));
  const chunks: string[][] = [];
  for (let start = 0; start < skus.length; start += SKUS_PER_STOCK_QUERY) chunks.push(skus.slice(start, start + SKUS_PER_STOCK_QUERY));
  const stock = new Map<string, Map<string, number>>();
  await Promise.all(
    chunks.map(async (chunk) => {
      const where = [`sku in (${chunk.map((sku) => JSON.stringify(sku)).join(', ')})`];
      for await (const entries of client.pages<InventoryEntry>('inventory', { where })) {
        for (const entry of entries) {
          counts.inventoryEntries++;
          const location = entry.supplyChannel ? (channelKeys.get(entry.supplyChannel.id) ?? entry.supplyChannel.id) : DEFAULT_LOCATION;
          const held = stock.get(entry.sku) ?? new Map<string, number>();
          held.set(location, entry.quantityOnStock);
          stock.set(entry.sku, held);
        }
      }
    }),
  );
  return stock;
}
