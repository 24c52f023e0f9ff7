// End to end: images and barcodes pushed, read back with --reconcile, checked offline; and
// --prune deleting exactly what a row stopped listing that this tool had created.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { writeCount } from './helpers/catalog-state.js';
import { collect, FIXTURES, runCli } from './helpers/cli.js';
import { oracleProblems } from './helpers/oracle/index.js';
import { latestRun, startTenant, TEST_KEY, type Tenant, tenantWithDemoProducts } from './helpers/tenant.js';

const PRODUCTS = path.join(FIXTURES, 'demo', 'products.csv');
const IMAGES_IN_DEMO = 11;
const BARCODES_IN_DEMO = 11;

let tenant: Tenant | undefined;
afterEach(async () => {
  await tenant?.close();
  tenant = undefined;
});

async function pushed(t: Tenant, args: string[]): Promise<{ stdout: string; writes: string[] }> {
  const before = t.sandbox.requests.length;
  const result = await t.push(args);
  expect(result.code, result.stderr + result.stdout).toBe(0);
  const writes = t.sandbox.requests
    .slice(before)
    .filter((request) => request.method !== 'GET')
    .map((request) => `${request.method} ${request.path.replace(/\/\d+/g, '/N')}`);
  return { stdout: result.stdout, writes };
}

async function api(t: Tenant, method: string, route: string, body?: unknown): Promise<any> {
  const response = await fetch(`${t.sandbox.url}${route}`, {
    method,
    headers: { Authorization: `Bearer ${TEST_KEY}`, 'Content-Type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return response.json();
}

const product = (t: Tenant, sku: string) => t.sandbox.state().products.find((candidate) => candidate.sku === sku)!;

describe('images and barcodes', () => {
  it('writes every image (the main one first, as thumbnail) and barcode once; --dry-run counts them; the rerun writes nothing', async () => {
    tenant = await startTenant();
    const dry = await pushed(tenant, ['products', PRODUCTS, '--dry-run']);
    expect(dry.stdout).toMatch(new RegExp(`image\\s+${IMAGES_IN_DEMO}\\s+0`));
    expect(dry.stdout).toMatch(new RegExp(`barcode\\s+${BARCODES_IN_DEMO}\\s+0`));

    const first = await pushed(tenant, ['products', PRODUCTS]);
    expect(first.writes.filter((write) => write === 'POST /api/v1/products/N/assets')).toHaveLength(IMAGES_IN_DEMO);
    expect(first.writes.filter((write) => write === 'POST /api/v1/products/N/barcodes')).toHaveLength(BARCODES_IN_DEMO);
    expect(oracleProblems(tenant.sandbox.state(), [['products', [PRODUCTS]]])).toEqual([]);
    const cap = product(tenant, 'CAP-TRUCKER');
    expect(cap.assets.map((asset) => [asset.uri, asset.thumbnail])).toEqual([
      ['https://cdn.example.com/demo/cap-trucker.jpg', true],
      ['https://cdn.example.com/demo/cap-trucker-side.jpg', false],
    ]);
    expect(cap.barcodes.map((code) => code.type).sort()).toEqual(['EAN', 'UPC-A']);
    const summary = JSON.parse(fs.readFileSync(path.join(latestRun(tenant.runDir), 'summary.json'), 'utf8'));
    expect(summary.entities.image).toMatchObject({ created: IMAGES_IN_DEMO, failed: 0 });
    expect(summary.entities.barcode).toMatchObject({ created: BARCODES_IN_DEMO, failed: 0 });

    expect((await pushed(tenant, ['products', PRODUCTS])).writes).toEqual([]);
  });

  it('the JSON forms push the same images and barcodes', async () => {
    tenant = await startTenant();
    const json = path.join(FIXTURES, 'demo', 'catalog.json');
    await pushed(tenant, ['products', json]);
    expect(oracleProblems(tenant.sandbox.state(), [['products', [json]]])).toEqual([]);
    const assets = tenant.sandbox.state().products.flatMap((candidate) => candidate.assets);
    expect(assets).toHaveLength(IMAGES_IN_DEMO);
    expect(tenant.sandbox.state().products.flatMap((candidate) => candidate.barcodes)).toHaveLength(BARCODES_IN_DEMO);
  });

  it('--reconcile reads images and barcodes back: what someone deleted in Jasper is written again, nothing else', async () => {
    tenant = await tenantWithDemoProducts();
    const cap = product(tenant, 'CAP-TRUCKER');
    const side = cap.assets.find((asset) => asset.uri.endsWith('cap-trucker-side.jpg'))!;
    await api(tenant, 'DELETE', `/products/${cap.id}/assets/${side.id}`);
    await api(tenant, 'DELETE', `/products/${cap.id}/barcodes/${cap.barcodes[0]!.id}`);
    // The change cache still vouches for them: a delta run cannot know.
    expect((await pushed(tenant, ['products', PRODUCTS])).writes).toEqual([]);
    const reconcile = await pushed(tenant, ['products', PRODUCTS, '--reconcile']);
    expect(reconcile.writes.sort()).toEqual(['POST /api/v1/products/N/assets', 'POST /api/v1/products/N/barcodes']);
    expect(oracleProblems(tenant.sandbox.state(), [['products', [PRODUCTS]]])).toEqual([]);
    expect((await pushed(tenant, ['products', PRODUCTS])).writes).toEqual([]);
  });

  it('validates image URLs and barcode digit counts offline, with file:line and column', async () => {
    tenant = await startTenant();
    const file = path.join(tenant.dir, 'products.csv');
    fs.writeFileSync(
      file,
      [
        'sku,name,images,barcode:UPC-A,barcode:itf-14',
        'A,Alpha,https://cdn.example.com/a.jpg|ftp://cdn.example.com/a.jpg,123456789012,',
        'B,Beta,cdn.example.com/b.jpg,12345678901,0123456789123X',
        'C,Gamma,https://cdn.example.com/c.jpg,,01234567891234',
      ].join('\n') + '\n',
    );
    const result = await runCli(['validate', 'products', file]);
    expect(result.code).toBe(2);
    const output = result.stdout + result.stderr;
    expect(output).toContain('products.csv:2: column images: "ftp://cdn.example.com/a.jpg" is not an http or https URL');
    expect(output).toContain('products.csv:3: column images: "cdn.example.com/b.jpg" is not an image URL');
    expect(output).toContain('products.csv:3: column barcode:UPC-A: "12345678901" is not a UPC-A barcode: it has 11 digits, UPC-A has 12');
    expect(output).toContain('products.csv:3: column barcode:itf-14: "0123456789123X" is not a ITF-14 barcode: digits only');
    expect(output).not.toContain('products.csv:4');
    const pushResult = await tenant.push(['products', file]);
    expect(pushResult.code).toBe(2);
    expect(writeCount(tenant.sandbox.requests)).toBe(0);

    const unknownType = path.join(tenant.dir, 'unknown.csv');
    fs.writeFileSync(unknownType, 'sku,name,barcode:UPC-B\nA,Alpha,123\n');
    const unknown = await runCli(['validate', 'products', unknownType]);
    expect(unknown.code).toBe(2);
    expect(unknown.stdout + unknown.stderr).toContain('unknown barcode type "UPC-B"');

    const json = path.join(tenant.dir, 'catalog.json');
    fs.writeFileSync(
      json,
      JSON.stringify({
        products: [
          {
            sku: 'A',
            name: 'A',
            images: ['https://x.example.com/a.png', 7],
            barcodes: [
              { type: 'GTIN-13', value: '123' },
              { type: 'Nope', value: '1' },
            ],
          },
        ],
      }),
    );
    const jsonResult = await runCli(['validate', 'products', json]);
    expect(jsonResult.code).toBe(2);
    const jsonOutput = jsonResult.stdout + jsonResult.stderr;
    expect(jsonOutput).toContain('products[0]: column images[1]: must be an image URL string, not a number');
    expect(jsonOutput).toContain('column barcodes[0].value: "123" is not a GTIN-13 barcode: it has 3 digits, GTIN-13 has 13');
    expect(jsonOutput).toContain('column barcodes[1].type: a barcode needs a type');
  });
});

describe('--prune', () => {
  it('deletes exactly the related link, image and barcode removed from rows, and nothing another feed or a person created', async () => {
    tenant = await tenantWithDemoProducts();
    // Someone adds an image and a link by hand: no row lists them, and this tool did not create them.
    const cap = product(tenant, 'CAP-TRUCKER');
    const bottle = product(tenant, 'BOTTLE-STEEL');
    const type = tenant.sandbox.state().relationTypes.find((candidate) => candidate.name === 'Accessories')!;
    await api(tenant, 'POST', `/products/${cap.id}/assets`, { image_url: 'https://cdn.example.com/by-hand.jpg' });
    await api(tenant, 'POST', `/products/${cap.id}/relations/${bottle.id}/type/${type.id}`, {});

    const edited = path.join(tenant.dir, 'products.csv');
    const original = fs.readFileSync(PRODUCTS, 'utf8');
    const text = original
      .replace(',,,CAP-TRUCKER|SOCK-CREW,', ',,,SOCK-CREW,')
      .replace('https://cdn.example.com/demo/cap-trucker.jpg|https://cdn.example.com/demo/cap-trucker-side.jpg', 'https://cdn.example.com/demo/cap-trucker.jpg')
      .replace(/(CAP-TRUCKER,Trucker Cap,.*,\d{12}),\d{13}\n/, '$1,\n');
    expect(text.split('\n').filter((line, index) => line !== original.split('\n')[index])).toHaveLength(2);
    fs.writeFileSync(edited, text);

    // Without --prune, what a row stops listing stays.
    expect((await pushed(tenant, ['products', edited])).writes).toEqual([]);
    const dry = await pushed(tenant, ['products', edited, '--prune', '--dry-run']);
    expect(dry.writes).toEqual([]);
    expect(dry.stdout).toContain('--prune would delete:');
    expect(dry.stdout).toContain('TEE-CLASSIC: related link accessories → CAP-TRUCKER');
    expect(dry.stdout).toContain('CAP-TRUCKER: image https://cdn.example.com/demo/cap-trucker-side.jpg');
    expect(dry.stdout).toMatch(/CAP-TRUCKER: barcode EAN \d{13}/);

    const pruned = await pushed(tenant, ['products', edited, '--prune']);
    expect(pruned.writes.sort()).toEqual([
      'DELETE /api/v1/products/N/assets/N',
      'DELETE /api/v1/products/N/barcodes/N',
      'DELETE /api/v1/products/N/relations/N/type/N',
    ]);
    expect(pruned.stdout).toMatch(/image\s+0\s+0\s+1\s+/);
    // report.html shows the deletes too, in the same column as the summary.
    expect(fs.readFileSync(path.join(latestRun(tenant.runDir), 'report.html'), 'utf8')).toMatch(
      /<th>deleted<\/th>.*<td>image<\/td><td class="zero">0<\/td><td class="zero">0<\/td><td class="">1<\/td>/s,
    );
    const tee = product(tenant, 'TEE-CLASSIC');
    const after = product(tenant, 'CAP-TRUCKER');
    const accessories = (relations: { related_id: number; relation_type_id: number }[]) =>
      relations.filter((relation) => relation.relation_type_id === type.id).map((relation) => relation.related_id);
    expect(accessories(tee.relations)).toEqual([product(tenant, 'SOCK-CREW').id]);
    expect(after.assets.map((asset) => asset.uri)).toEqual(['https://cdn.example.com/demo/cap-trucker.jpg', 'https://cdn.example.com/by-hand.jpg']);
    expect(after.barcodes.map((code) => code.type)).toEqual(['UPC-A']);
    expect(accessories(after.relations).sort()).toEqual([bottle.id, tee.id].sort());
    expect(after.prices).toHaveLength(2);
    expect(after.inventory).toHaveLength(2);
    const journal = fs.readFileSync(path.join(latestRun(tenant.runDir), 'journal.jsonl'), 'utf8');
    expect(journal.match(/"outcome":"deleted"/g)).toHaveLength(3);

    // Pruned once: the rerun deletes nothing, and a row that lists it again brings it back.
    expect((await pushed(tenant, ['products', edited, '--prune'])).writes).toEqual([]);
    expect((await pushed(tenant, ['products', PRODUCTS, '--prune'])).writes.sort()).toEqual([
      'POST /api/v1/products/N/assets',
      'POST /api/v1/products/N/barcodes',
      'POST /api/v1/products/N/relations/N/type/N',
    ]);
  });

  it('a DELETE whose answer was lost is retried, finds the item gone, and counts as done', async () => {
    tenant = await tenantWithDemoProducts();
    const edited = path.join(tenant.dir, 'products.csv');
    fs.writeFileSync(edited, fs.readFileSync(PRODUCTS, 'utf8').replace('|https://cdn.example.com/demo/cap-trucker-side.jpg', ''));
    tenant.sandbox.setFaults({ dropAfterApplyRate: 1 });
    const result = await tenant.push(['products', edited, '--prune', '--json']);
    tenant.sandbox.setFaults({});
    expect(result.code, result.stderr).toBe(0);
    const deletes = tenant.sandbox.requests.filter((request) => request.method === 'DELETE');
    expect(deletes.map((request) => [request.status, request.applied])).toEqual([
      [0, true],
      [404, false],
    ]);
    expect(JSON.parse(result.stdout).pruned).toEqual(['CAP-TRUCKER: image https://cdn.example.com/demo/cap-trucker-side.jpg']);
    expect(product(tenant, 'CAP-TRUCKER').assets.map((asset) => asset.uri)).toEqual(['https://cdn.example.com/demo/cap-trucker.jpg']);
    expect((await pushed(tenant, ['products', edited, '--prune'])).writes).toEqual([]);
  });

  it('a prune that failed is journaled and --resume finishes it, deleting each item once', async () => {
    tenant = await tenantWithDemoProducts();
    const edited = path.join(tenant.dir, 'products.csv');
    fs.writeFileSync(
      edited,
      fs.readFileSync(PRODUCTS, 'utf8').replace('|https://cdn.example.com/demo/cap-trucker-side.jpg', '').replace(',,,CAP-TRUCKER|SOCK-CREW,', ',,,SOCK-CREW,'),
    );
    // The tenant check's reads (SPEC §6) must succeed: the dry run counts them (it reads exactly
    // what the push reads), the push takes them as its first throttle window, and the fault starts
    // once they are in, well before the deletes may start (the window is 1.5 s).
    const dryBefore = tenant.sandbox.requests.length;
    await pushed(tenant, ['products', edited, '--prune', '--dry-run']);
    const reads = tenant.sandbox.requests.length - dryBefore;
    const before = tenant.sandbox.requests.length;
    const failing = collect(
      tenant.spawnPush(['products', edited, '--prune', '--max-retries', '0', '--throttle-limit', String(reads), '--throttle-seconds', '1.5']),
    );
    while (tenant.sandbox.requests.length - before < reads) await new Promise((resolve) => setTimeout(resolve, 5));
    tenant.sandbox.setFaults({ errorRate: 1 });
    const failed = await failing;
    tenant.sandbox.setFaults({});
    expect(failed.code, failed.stderr + failed.stdout).toBe(1);
    expect(tenant.sandbox.requests.filter((request) => request.method === 'DELETE' && request.applied)).toHaveLength(0);
    const journal = fs.readFileSync(path.join(latestRun(tenant.runDir), 'journal.jsonl'), 'utf8');
    expect(journal.match(/"outcome":"failed"/g)).toHaveLength(2);

    const resumed = await pushed(tenant, ['products', edited, '--prune', '--resume']);
    expect(resumed.writes.sort()).toEqual(['DELETE /api/v1/products/N/assets/N', 'DELETE /api/v1/products/N/relations/N/type/N']);
    expect(tenant.sandbox.requests.filter((request) => request.method === 'DELETE' && request.status === 404)).toHaveLength(0);
    expect(product(tenant, 'CAP-TRUCKER').assets).toHaveLength(1);
    expect((await pushed(tenant, ['products', edited, '--prune'])).writes).toEqual([]);
  });
});
