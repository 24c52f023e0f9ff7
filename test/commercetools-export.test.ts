// The exporter against the commercetools mock holding the Sunrise data: what it reads and the §3
// files it writes, which our own validation accepts as they are.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scanCatalog } from '../src/catalog/index.js';
import { exportCommercetoolsProject } from '../src/sources/commercetools/exporter.js';
import { resolveCommercetoolsSettings } from '../src/sources/commercetools/settings.js';
import { scratch } from './helpers/cli.js';
import { type CommercetoolsServer, startCommercetools } from './helpers/commercetools-gateway.js';
import { dataset } from './helpers/datasets.js';
import { loadSunrise, sunriseApi } from './helpers/sunrise.js';

const sunrise = dataset('commercetools-sunrise');
let ct: CommercetoolsServer;
let work: ReturnType<typeof scratch>;
beforeAll(async () => {
  ct = await startCommercetools();
  await loadSunrise(sunriseApi(ct.mockUrl, ct.projectKey));
  work = scratch('jp-ct-export-');
}, 120_000);
afterAll(async () => {
  await ct.close();
  work.cleanup();
});

describe.skipIf(!sunrise.present)('exportCommercetoolsProject', () => {
  it('streams the Sunrise project into categories.json and products.csv that validate', async () => {
    const settings = resolveCommercetoolsSettings(ct.env, {});
    const out = path.join(work.dir, 'export');
    const { files, counts } = await exportCommercetoolsProject(settings, { concurrency: 3 }, out);
    expect(files.map((file) => path.basename(file))).toEqual(['categories.json', 'products.csv']);
    expect(counts).toMatchObject({ products: 27, variants: 102, rows: 129, categories: 39, productTypes: 1, inventoryEntries: 1122, locale: 'en' });
    expect(counts.prices.scoped).toBe(102 * 12);
    const scan = await scanCatalog(files, { kind: 'products', priceBase: 'US' });
    expect(scan.issues.filter((issue) => issue.severity === 'error').map((issue) => `${issue.location.line} ${issue.column} ${issue.message}`)).toEqual([]);
    const header = fs.readFileSync(files[1]!, 'utf8').split('\n')[0]!.split(',');
    expect(header.slice(0, 4)).toEqual(['sku', 'name', 'parent_sku', 'enabled']);
    expect(header).toEqual(expect.arrayContaining(['price:DE:msrp', 'price:EUR:msrp', 'price:US:msrp', 'option:Size', 'attr:Designer[selectbox]', 'images']));
    expect(header.filter((column) => column.startsWith('inventory:'))[0]).toBe('inventory:Default');
    expect(header.filter((column) => column.startsWith('inventory:'))).toHaveLength(11);
    const tree = JSON.parse(fs.readFileSync(files[0]!, 'utf8')) as { categories: { path: string[] }[] };
    expect(tree.categories.map((category) => category.path.join(' > '))).toContain('New > Women > Clothing > Trousers');
  });
});
