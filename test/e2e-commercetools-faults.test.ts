// Faults on the commercetools side (429s, 503s, a token refused mid-run, a run killed and resumed)
// end in the same exact Jasper state as a clean run.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { collect } from './helpers/cli.js';
import { type CommercetoolsServer, startCommercetools } from './helpers/commercetools-gateway.js';
import { commercetoolsProblems, readMock } from './helpers/commercetools-state.js';
import { dataset } from './helpers/datasets.js';
import { loadSunrise, sunriseApi } from './helpers/sunrise.js';
import { startTenant, type Tenant } from './helpers/tenant.js';

const sunrise = dataset('commercetools-sunrise');
// Two of Sunrise's 27 products: their variants with prices, images and stock per channel, about 270
// Jasper calls a run. What this file tests is the commercetools side failing (its reads are a
// handful of pages at any size), not the mapping, which e2e-commercetools checks (on 12 products,
// and on the whole project in `npm run test:datasets`); four products doubled each run's writes
// (about 470 calls) for nothing more to fault.
const PRODUCTS = 2;
let ct: CommercetoolsServer;
let tenant: Tenant;
const args = (extra: string[]) => ['products', '--from', 'commercetools', '--throttle-limit', '100000', ...extra];

async function expectExactProject(): Promise<void> {
  expect(commercetoolsProblems(tenant.sandbox.state(), await readMock(ct.mockUrl, ct.projectKey))).toEqual([]);
}

describe.skipIf(!sunrise.present)('commercetools faults', { timeout: 180_000 }, () => {
  // Every run only reads the project, so one mock holds it for the whole file; each test starts
  // with no faults and an empty request log, on a tenant of its own.
  beforeAll(async () => {
    ct = await startCommercetools();
    await loadSunrise(sunriseApi(ct.mockUrl, ct.projectKey), { products: PRODUCTS });
  }, 120_000);
  afterAll(async () => {
    await ct?.close();
  });
  beforeEach(async () => {
    ct.faults = {};
    ct.requests.length = 0;
    tenant = await startTenant();
  });
  afterEach(async () => {
    await tenant.close();
  });

  it('429s and 503s from commercetools are retried: the same exact state', async () => {
    ct.faults = { every429: 7, every503: 5 };
    const result = await tenant.push(args(['--source-concurrency', '2']), { env: ct.env, timeoutMs: 170_000 });
    expect(result.code, result.stderr).toBe(0);
    expect(ct.requests.filter((request) => request.status === 429).length).toBeGreaterThan(0);
    expect(ct.requests.filter((request) => request.status === 503).length).toBeGreaterThan(0);
    await expectExactProject();
  });

  it('a token refused mid-run is renewed: the same exact state', async () => {
    ct.faults = { tokenUses: 2 };
    const issuedBefore = ct.tokensIssued();
    const result = await tenant.push(args([]), { env: ct.env, timeoutMs: 170_000 });
    expect(result.code, result.stderr).toBe(0);
    expect(ct.tokensIssued() - issuedBefore).toBeGreaterThanOrEqual(3);
    expect(ct.requests.filter((request) => request.status === 401).length).toBeGreaterThan(0);
    await expectExactProject();
  });

  it('commercetools still failing after every retry stops the run with exit 75 and writes nothing', async () => {
    ct.faults = { every503: 1 };
    const result = await tenant.push(args(['--max-retries', '2']), { env: ct.env, timeoutMs: 170_000 });
    expect(result.code).toBe(75);
    expect(result.stderr).toMatch(/commercetools answered 503/);
    // --max-retries holds for commercetools too: the first read, then 2 retries.
    expect(ct.requests.filter((request) => request.status === 503).length).toBe(3);
    expect(tenant.sandbox.requests.filter((request) => request.method !== 'GET')).toEqual([]);
  });

  it('a run killed while reading the project leaves nothing to resume; the next run reads it whole', async () => {
    ct.faults = { latencyMs: 150 };
    const child = tenant.spawnPush(args([]), { env: ct.env });
    const finished = collect(child, { timeoutMs: 170_000 });
    for (let waited = 0; !ct.requests.some((request) => request.url.includes('/product-projections')); waited++) {
      if (waited > 3000) throw new Error('the push never started reading products');
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    child.kill('SIGKILL');
    // The kill landed mid-run: a push that had already finished would exit on its own.
    expect((await finished).signal).toBe('SIGKILL');
    ct.faults = {};
    const resumed = await tenant.push(args(['--resume']), { env: ct.env });
    expect(resumed.code).toBe(2);
    expect(resumed.stderr).toMatch(/Nothing to resume: no complete read of the project/);
    const fresh = await tenant.push(args([]), { env: ct.env, timeoutMs: 170_000 });
    expect(fresh.code, fresh.stderr).toBe(0);
    await expectExactProject();
  });

  it('an overlapping run (a second cron job) exits 75 without touching the read of the first, which ends exact', async () => {
    ct.faults = { latencyMs: 100 };
    const child = tenant.spawnPush(args([]), { env: ct.env });
    const first = collect(child, { timeoutMs: 170_000 });
    for (let waited = 0; !ct.requests.some((request) => request.url.includes('/product-projections')); waited++) {
      if (waited > 3000) throw new Error('the first push never started reading products');
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    const second = await tenant.push(args([]), { env: ct.env });
    expect(second.code).toBe(75);
    expect(second.stderr).toMatch(/Another push is reading or pushing this commercetools project/);
    ct.faults = {};
    const done = await first;
    expect(done.code, done.stderr).toBe(0);
    await expectExactProject();
  });

  it('a run killed while writing, then --resume, ends in the same exact state with nothing duplicated', async () => {
    const child = tenant.spawnPush(args(['--concurrency', '2']), { env: ct.env });
    const finished = collect(child, { timeoutMs: 170_000 });
    // Kill -9 once Jasper has taken some writes (90 of about 270), long before the end.
    for (let waited = 0; tenant.sandbox.requests.filter((request) => request.method !== 'GET').length < 90; waited++) {
      if (waited > 3000) throw new Error('the push never started writing');
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    child.kill('SIGKILL');
    // The kill landed mid-run: a push that had already finished would exit on its own.
    expect((await finished).signal).toBe('SIGKILL');
    const resumed = await tenant.push(args(['--resume']), { env: ct.env, timeoutMs: 170_000 });
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stdout).toMatch(new RegExp(`read ${PRODUCTS} products`));
    await expectExactProject();
  });
});
