// End to end: the Sunrise data in the commercetools mock, `push products --from commercetools`
// into the sandbox; Jasper's state is checked against what the mock's own API returns.
//
// npm test loads the project's first 12 products (48 variants, their 528 stock entries: more than
// one page of 500) and every category; the whole project (27 products, about 2,300 calls) runs
// with JASPER_PUSH_FULL_DATASETS=1, in `npm run test:datasets`.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeCount } from './helpers/catalog-state.js';
import { runCli } from './helpers/cli.js';
import { type CommercetoolsServer, startCommercetools } from './helpers/commercetools-gateway.js';
import { commercetoolsProblems, readMock } from './helpers/commercetools-state.js';
import { dataset } from './helpers/datasets.js';
import { loadSunrise, sunriseApi } from './helpers/sunrise.js';
import { latestRun, startTenant, type Tenant } from './helpers/tenant.js';

const sunrise = dataset('commercetools-sunrise');
const FULL = process.env.JASPER_PUSH_FULL_DATASETS === '1';
/**
 * What the loaded products hold, counted from the dataset's CSV files apart from jasper-push, and
 * the pages a read of them takes: one of categories, one of products, and the stock by 50 SKUs at
 * a time in pages of 500 entries (12 products: 528 entries in 2 pages; 27: 550, 550 and 22 in 5).
 */
const PROJECT = FULL ? { products: 27, variants: 102, inventoryEntries: 1122, pages: 7 } : { products: 12, variants: 48, inventoryEntries: 528, pages: 4 };
const CATEGORIES = 39;
let ct: CommercetoolsServer;
let tenant: Tenant;
// The sandbox has no rate limit to honour: the default 500 calls a minute would only slow the test.
const push = (args: string[]) =>
  tenant.push(['products', '--from', 'commercetools', '--throttle-limit', '100000', ...args], { env: ct.env, timeoutMs: 170_000 });

beforeAll(async () => {
  ct = await startCommercetools();
  await loadSunrise(sunriseApi(ct.mockUrl, ct.projectKey), { products: PROJECT.products });
  tenant = await startTenant();
  // lastModifiedAt of the load and the first read's clock (whole seconds) must not share a second.
  await nextSecond();
}, 120_000);
afterAll(async () => {
  await tenant.close();
  await ct.close();
});

/** Resolves early in the next whole second of the clock (commercetools' dates and the CLI's both read it). */
function nextSecond(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 1000 - (Date.now() % 1000) + 20));
}

function runValidate(extra: string[]) {
  return runCli(['validate', 'products', '--from', 'commercetools', ...extra], {
    env: { ...ct.env, JASPER_PUSH_CONFIG_DIR: path.join(tenant.dir, 'validate-config') },
  });
}

/** The SKUs whose Jasper products received a write among these requests. */
function writtenSkus(requests: Tenant['sandbox']['requests']): Set<string> {
  const ids = new Set(requests.filter((request) => request.method !== 'GET').map((request) => Number(/^\/api\/v1\/products\/(\d+)/.exec(request.path)?.[1])));
  return new Set(
    tenant.sandbox
      .state()
      .products.filter((product) => ids.has(product.id))
      .map((product) => product.sku),
  );
}

/** The SKUs among these that Jasper holds (a one-variant product has no parent under its slug), sorted. */
function jasperSkus(skus: string[]): string[] {
  const held = new Set(tenant.sandbox.state().products.map((product) => product.sku));
  return skus.filter((sku) => held.has(sku)).sort();
}

/** Renames `count` products (their names, so every Jasper product of theirs changes); returns their slugs and variant SKUs. */
async function renameProducts(count: number, skip: number): Promise<string[]> {
  const api = sunriseApi(ct.mockUrl, ct.projectKey);
  const { body } = await api
    .products()
    .get({ queryArgs: { limit: count, offset: skip, sort: ['id asc'] } })
    .execute();
  const skus: string[] = [];
  for (const product of body.results) {
    const current = product.masterData.current;
    await api
      .products()
      .withId({ ID: product.id })
      .post({
        body: {
          version: product.version,
          actions: [{ action: 'changeName', name: { ...current.name, en: `${current.name['en']} (renamed)` }, staged: false }],
        },
      })
      .execute();
    skus.push(current.slug['en']!, ...[current.masterVariant, ...current.variants].map((variant) => variant.sku!));
  }
  return skus;
}

describe.skipIf(!sunrise.present)('push products --from commercetools', { timeout: 180_000 }, () => {
  it('writes exactly the project: every variant SKU, parents with their variants, the category tree, unscoped prices, stock per channel', async () => {
    const result = await push(['--json']);
    expect(result.code, result.stderr).toBe(0);
    const document = JSON.parse(result.stdout);
    const { products, variants, inventoryEntries } = PROJECT;
    expect(document.source).toMatchObject({ name: 'commercetools', products, variants, inventoryEntries, categories: CATEGORIES });
    expect(document.source.prices.scoped).toBe(PROJECT.variants * 12);
    expect(document.rows).toMatchObject({ total: PROJECT.products + PROJECT.variants + CATEGORIES, failed: 0, skipped: 0 });

    const problems = commercetoolsProblems(tenant.sandbox.state(), await readMock(ct.mockUrl, ct.projectKey));
    expect(problems).toEqual([]);
    // Options from the axes that differ (size, and the enum filter size), attributes typed.
    const state = tenant.sandbox.state();
    expect(state.options.map((option) => option.name).sort()).toEqual(['Filtersize', 'Size']);
    expect(state.attributes.find((attribute) => attribute.name === 'Designer')?.type).toBe('selectbox');
  });

  it('a second run writes nothing', async () => {
    const before = tenant.sandbox.requests.length;
    const again = await push([]);
    expect(again.code, again.stderr).toBe(0);
    expect(writeCount(tenant.sandbox.requests.slice(before))).toBe(0);
    expect(again.stdout).toContain(`read ${PROJECT.products} products`);
  });

  it('--since last reads only the 3 products changed since, and writes only theirs', async () => {
    const changed = await renameProducts(3, 0);
    const before = tenant.sandbox.requests.length;
    const result = await push(['--since', 'last', '--json']);
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout).source).toMatchObject({ products: 3 });
    expect([...writtenSkus(tenant.sandbox.requests.slice(before))].sort()).toEqual(jasperSkus(changed));
    expect(commercetoolsProblems(tenant.sandbox.state(), await readMock(ct.mockUrl, ct.projectKey))).toEqual([]);
  });

  it('after 3 more products change, a full read writes only theirs', async () => {
    const changed = await renameProducts(3, 3);
    // commercetools' Date has whole seconds: a change in the second a read starts is read again by
    // the next --since run (harmless: the cache writes nothing). The last test wants a clean second.
    await nextSecond();
    const before = tenant.sandbox.requests.length;
    const result = await push([]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain(`read ${PROJECT.products} products`);
    expect([...writtenSkus(tenant.sandbox.requests.slice(before))].sort()).toEqual(jasperSkus(changed));
    expect(commercetoolsProblems(tenant.sandbox.state(), await readMock(ct.mockUrl, ct.projectKey))).toEqual([]);
    const renamed = tenant.sandbox.state().products.filter((product) => changed.includes(product.sku));
    expect(renamed.every((product) => product.name.includes('(renamed)'))).toBe(true);
  });

  it('validate products --from commercetools walks pages by id with at most --source-concurrency requests in flight', async () => {
    ct.faults = { latencyMs: 40 };
    ct.resetMaxInFlight();
    const from = ct.requests.length;
    try {
      const result = await tenant.push([], { env: ct.env });
      expect(result.code).toBe(2); // `push products` with no files and no --from
      const validated = await runValidate(['--source-concurrency', '2']);
      expect(validated.code, validated.stderr).toBe(0);
      expect(validated.stdout).toContain(`read ${PROJECT.products} products`);
      const rows = CATEGORIES + PROJECT.products + PROJECT.variants;
      expect(validated.stdout).toContain(
        `valid — ${rows} rows: ${CATEGORIES} categories, ${PROJECT.products} products, ${PROJECT.variants} variants, ${PROJECT.inventoryEntries} inventory records`,
      );
    } finally {
      ct.faults = {};
    }
    expect(ct.maxInFlight()).toBe(2);
    const reads = ct.requests.slice(from).filter((request) => /\/(product-projections|inventory|categories)\?/.test(request.url));
    expect(reads).toHaveLength(PROJECT.pages);
    expect(reads.some((request) => decodeURIComponent(request.url.replace(/\+/g, ' ')).includes('id > "'))).toBe(true);
    expect(reads.filter((request) => /[?&]offset=/.test(request.url))).toEqual([]);
  });

  it('--since last with nothing changed reads nothing and writes nothing', async () => {
    const before = tenant.sandbox.requests.length;
    const result = await push(['--since', 'last']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/read 0 products modified since/);
    // Nothing changed is the normal night: no warning that the spooled products file has no rows.
    expect(result.stderr).not.toContain('no data rows');
    expect(writeCount(tenant.sandbox.requests.slice(before))).toBe(0);
    const run = latestRun(tenant.runDir);
    const summary = JSON.parse(fs.readFileSync(path.join(run, 'summary.json'), 'utf8'));
    expect(summary.rows.failed).toBe(0);
    expect(summary.source).toMatchObject({ name: 'commercetools', products: 0, project: 'sunrise' });
    expect(summary.source.since).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/);
  });
});
