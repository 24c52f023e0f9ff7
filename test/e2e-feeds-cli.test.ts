// SPEC §12 end to end: feeds are named, not guessed from file names. Two unrelated products.csv
// files pushed to one tenant stay two feeds; --disable-missing needs --feed; a feed's first run
// disables nothing and says so; `jasper-push feeds` lists each feed with its products and last run.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { writeCount } from './helpers/catalog-state.js';
import { runCli } from './helpers/cli.js';
import { latestRun, startTenant, type Tenant } from './helpers/tenant.js';

let tenant: Tenant | undefined;
afterEach(async () => {
  await tenant?.close();
  tenant = undefined;
});

/** `<dir>/products.csv` with one simple product per SKU: the name `convert` always writes. */
function productsCsv(dir: string, skus: string[]): string {
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, 'products.csv');
  fs.writeFileSync(file, ['sku,name', ...skus.map((sku) => `${sku},Product ${sku}`)].join('\n') + '\n');
  return file;
}

const range = (prefix: string, count: number) => Array.from({ length: count }, (_, index) => `${prefix}-${String(index).padStart(2, '0')}`);
const enabled = (current: Tenant) => new Map(current.sandbox.state().products.map((product) => [product.sku, product.enabled]));

describe('feeds', () => {
  it('two unrelated products.csv: --disable-missing needs --feed, a first run disables nothing, each feed disables only its own; feeds lists them', async () => {
    tenant = await startTenant();
    const shopA = productsCsv(path.join(tenant.dir, 'shop-a'), range('A', 12));
    const shopB = productsCsv(path.join(tenant.dir, 'shop-b'), range('B', 12));

    const unnamed = await tenant.push(['products', shopA, '--disable-missing']);
    expect(unnamed.code).toBe(2);
    expect(unnamed.stderr).toContain('--disable-missing needs --feed <name>');
    expect(unnamed.stderr).toContain('Nothing was written');
    expect(tenant.sandbox.requests).toHaveLength(0);
    expect(fs.existsSync(tenant.runDir)).toBe(false);

    const firstOfA = await tenant.push(['products', shopA, '--feed', 'shop-a', '--disable-missing', '--json']);
    expect(firstOfA.code, firstOfA.stderr).toBe(0);
    const document = JSON.parse(firstOfA.stdout);
    expect(document.feed).toMatchObject({ name: 'shop-a', disabled: [], firstRun: true });
    expect(document.warnings).toContain(
      'First run of feed "shop-a": nothing is disabled this time; its products are recorded, and the next run disables the ones its input no longer lists.',
    );
    // Shop B's file lists none of shop A's products: as its feed's first run, it disables nothing.
    const firstOfB = await tenant.push(['products', shopB, '--feed', 'shop-b', '--disable-missing']);
    expect(firstOfB.code, firstOfB.stderr).toBe(0);
    expect(firstOfB.stderr).toContain('First run of feed "shop-b": nothing is disabled this time');
    expect(tenant.sandbox.state().products).toHaveLength(24);

    // Shop A stops listing one product: only that one is disabled, none of shop B's (all missing from A's file).
    productsCsv(
      path.join(tenant.dir, 'shop-a'),
      range('A', 12).filter((sku) => sku !== 'A-05'),
    );
    const before = tenant.sandbox.requests.length;
    const second = await tenant.push(['products', shopA, '--feed', 'shop-a', '--disable-missing']);
    expect(second.code, second.stderr).toBe(0);
    expect(second.stdout).toContain('Disabled 1 product of feed "shop-a" (12 products)');
    expect(second.stderr).not.toContain('First run');
    expect(writeCount(tenant.sandbox.requests.slice(before))).toBe(1);
    expect(enabled(tenant)).toEqual(new Map([...range('A', 12), ...range('B', 12)].map((sku) => [sku, sku === 'A-05' ? 0 : 1])));
    const lastOfA = path.basename(latestRun(tenant.runDir));

    const listed = await runCli(['feeds', '--json'], { env: tenant.env });
    expect(listed.code, listed.stderr).toBe(0);
    const { feeds } = JSON.parse(listed.stdout) as { feeds: { name: string; products: number; disabled: number; lastRun: { runId: string } | null }[] };
    expect(feeds.map(({ name, products, disabled }) => ({ name, products, disabled }))).toEqual([
      { name: 'shop-a', products: 12, disabled: 1 },
      { name: 'shop-b', products: 12, disabled: 0 },
    ]);
    expect(feeds[0]!.lastRun?.runId).toBe(lastOfA);
    expect(feeds[1]!.lastRun?.runId).toMatch(/^\d{8}-\d{6}-\d{3}-[0-9a-f]{4}$/);

    const human = await runCli(['feeds'], { env: tenant.env });
    expect(human.code).toBe(0);
    expect(human.stdout).toMatch(new RegExp(`shop-a\\s+12\\s+1\\s+\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d UTC\\s+\\(run ${lastOfA}\\)`));
    expect(human.stdout).toMatch(/shop-b\s+12\s+0\s+/);
  });
});
