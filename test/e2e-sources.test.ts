// End to end: WooCommerce's sample export and the Shopify fixtures pushed with --from, checked
// against what the files say; convert then push gives the same state; broken exports are
// reported whole and located; a platform file given without --from is named for what it is.
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterEach, describe, expect, it } from 'vitest';
import { writeCount } from './helpers/catalog-state.js';
import { FIXTURES, runCli, scratch } from './helpers/cli.js';
import { dataset } from './helpers/datasets.js';
import { stateDigest } from './helpers/state-digest.js';
import { latestRun, startTenant, type Tenant } from './helpers/tenant.js';

const woocommerce = dataset('woocommerce-sample');
const WOO = path.join(woocommerce.dir, 'sample_products.csv');
const luma = dataset('magento2-luma');
const SHOPIFY = path.join(FIXTURES, 'shopify/products_export.csv');
const SHOPIFY_BROKEN = path.join(FIXTURES, 'shopify/broken_export.csv');
const FAST = ['--throttle-limit', '1000000'];

type Row = Record<string, string>;
const rows = (file: string): Row[] => parse<Row>(fs.readFileSync(file), { columns: true, bom: true });

let tenants: Tenant[] = [];
const cleanups: (() => void)[] = [];
afterEach(async () => {
  await Promise.all(tenants.map((tenant) => tenant.close()));
  tenants = [];
  for (const cleanup of cleanups.splice(0)) cleanup();
});

async function tenant(): Promise<Tenant> {
  const started = await startTenant();
  tenants.push(started);
  return started;
}

/** convert, then push the section 3 products.csv to a fresh tenant; returns that tenant's digest. */
async function convertThenPush(
  from: string,
  files: string[],
  extra: string[] = [],
  convertExit = 0,
): Promise<{ digest: ReturnType<typeof stateDigest>; code: number | null }> {
  const work = scratch();
  cleanups.push(work.cleanup);
  const out = path.join(work.dir, 'out');
  const converted = await runCli(['convert', '--from', from, ...files, '--out', out, ...extra]);
  expect(converted.code, converted.stderr).toBe(convertExit);
  const other = await tenant();
  const pushed = await other.push(['products', path.join(out, 'products.csv'), ...FAST]);
  return { digest: stateDigest(other.sandbox.state()), code: pushed.code };
}

describe.skipIf(!woocommerce.present)('push products --from woocommerce (WooCommerce sample export)', () => {
  it('pushes every product, variation, option value, category, price and grouped link; the three "any" variations fail, located; a second push writes nothing; convert gives the same state', async () => {
    const source = rows(WOO);
    const any = source.filter((row) => row.Type === 'variation' && row['Attribute 2 name'] !== '' && row['Attribute 2 value(s)'] === '');
    expect(any.map((row) => row.SKU)).toEqual(['woo-vneck-tee-red', 'woo-vneck-tee-green', 'woo-vneck-tee-blue']);

    const validate = await runCli(['validate', 'products', '--from', 'woocommerce', WOO]);
    expect(validate.code).toBe(2);
    const lines = validate.stdout.split('\n').filter((line) => line.includes('Size is "any" on this variation'));
    // Data rows 15-17 are physical lines 16-18 (no newlines in cells before them).
    expect(lines.map((line) => /sample_products\.csv:(\d+): column Attribute 2 value\(s\)/.exec(line)?.[1])).toEqual(['16', '17', '18']);
    expect(validate.stdout).toContain('3 errors in 3 rows');

    const woo = await tenant();
    const refused = await woo.push(['products', '--from', 'woocommerce', WOO, ...FAST]);
    expect(refused.code).toBe(2);
    expect(writeCount(woo.sandbox.requests)).toBe(0);

    const first = await woo.push(['products', '--from', 'woocommerce', WOO, '--skip-invalid', ...FAST]);
    expect(first.code, first.stderr).toBe(1);
    const digest = stateDigest(woo.sandbox.state());
    const pushed = source.filter((row) => !any.includes(row));
    expect(Object.keys(digest.products).sort()).toEqual(pushed.map((row) => row.SKU!).sort());
    for (const row of pushed) {
      const product = digest.products[row.SKU!]!;
      expect(product.name).toBe(row.Name);
      const regular = row['Regular price'] || source.find((parent) => parent.SKU === row.Parent)?.['Regular price'] || '';
      const sale = row['Sale price'];
      expect(product.prices, row.SKU).toEqual(regular === '' ? [] : [`US:${Number(regular)}/${sale ? Number(sale) : null}/null/null`]);
      expect(product.visible).toBe(row['Visibility in catalog'] === 'hidden' ? 0 : 1);
      if (row.Categories) expect(product.categories).toEqual([row.Categories]);
      // Images: the row's comma-separated URLs, the first one the main image; no barcodes in the sample.
      expect(product.images, row.SKU).toEqual(row.Images!.split(', ').map((url, index) => (index === 0 ? `*${url}` : url)));
      expect(product.barcodes).toEqual([]);
      if (row.Type === 'variation') {
        expect(digest.products[row.Parent!]!.relations).toContain(`Variant:${row.SKU}`);
        expect(product.options).toEqual({ Color: row['Attribute 1 value(s)'], Logo: row['Attribute 2 value(s)'] });
      }
    }
    // Stock is empty throughout the sample: no inventory anywhere. The option values are the variations' own.
    for (const product of Object.values(digest.products)) expect(product.inventory).toEqual([]);
    const variations = pushed.filter((row) => row.Type === 'variation');
    expect(digest.options).toEqual({
      Color: [...new Set(variations.map((row) => row['Attribute 1 value(s)']!))].sort(),
      Logo: [...new Set(variations.map((row) => row['Attribute 2 value(s)']!))].sort(),
    });
    const grouped = source.find((row) => row.Type === 'grouped')!;
    expect(digest.products[grouped.SKU!]!.relations).toEqual(
      grouped['Grouped products']!.split(', ')
        .map((sku) => `Grouped:${sku}`)
        .sort(),
    );
    // A simple product's single attribute value is an attribute; a variable product's axes are not.
    expect(digest.products['woo-tshirt']!.attributes.Color).toEqual(['Gray']);
    expect(digest.products['woo-hoodie']!.attributes.Color).toBeUndefined();
    expect(digest.products['woo-vneck-tee']!.attributes.Size).toBeUndefined();

    const failures = rows(path.join(latestRun(woo.runDir), 'failures.csv'));
    expect(failures.map((row) => row.SKU)).toEqual(any.map((row) => row.SKU));
    for (const row of failures) expect(row._error).toContain('Size is "any" on this variation');
    // WooCommerce's own header, as the file spells it.
    expect(Object.keys(failures[0]!)).toEqual([...Object.keys(source[0]!), '_error', '_status', '_stage']);

    const before = woo.sandbox.requests.length;
    const second = await woo.push(['products', '--from', 'woocommerce', WOO, '--skip-invalid', ...FAST]);
    expect(second.code, second.stderr).toBe(1);
    expect(writeCount(woo.sandbox.requests.slice(before))).toBe(0);

    const converted = await convertThenPush('woocommerce', [WOO], ['--skip-invalid'], 1);
    expect(converted.code).toBe(0);
    expect(converted.digest).toEqual(digest);
  });
});

describe('WooCommerce references', () => {
  it('reads Parent as id:N even when the variation comes first, with a BOM, and locates an id that is nowhere', async () => {
    const work = scratch();
    cleanups.push(work.cleanup);
    const file = path.join(work.dir, 'wc-export.csv');
    fs.writeFileSync(
      file,
      '\uFEFFID,Type,SKU,Name,Regular price,Parent,Upsells,Attribute 1 name,Attribute 1 value(s),Attribute 1 visible,Attribute 1 global\n' +
        '11,variation,TEE-S,Tee - S,10,id:10,,Size,S,,1\n' +
        '10,variable,TEE,Tee,,,id:12,Size,"S, M",1,1\n' +
        '12,simple,CAP,Cap,5,,,,,,\n' +
        '13,variation,TEE-M,Tee - M,,id:99,,Size,M,,1\n' +
        '14,simple,,No SKU,3,,,,,,\n' +
        '15,simple,  CAP  ,Cap again,5,,,,,,\n',
    );
    const result = await runCli(['validate', 'products', '--from', 'woocommerce', file, '--json']);
    const document = JSON.parse(result.stdout);
    expect(document.counts).toMatchObject({ rows: 6, products: 2, variants: 1, invalidRows: 3 });
    expect(document.issues.map((issue: { text: string }) => issue.text)).toEqual([
      `${file}:5: column Parent: parent "id:99" is not a product of the input (no row has that ID)`,
      `${file}:6: column SKU: no SKU: Jasper matches products by SKU, so every product and variant needs one`,
      // A padded cell is trimmed, so this is the same SKU as line 4.
      `${file}:7: column sku: duplicate SKU "CAP": first at ${file}:4`,
    ]);
    const work2 = path.join(work.dir, 'out');
    const refused = await runCli(['convert', '--from', 'woocommerce', file, '--out', work2]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('--skip-invalid converts the valid rows');
    expect(fs.existsSync(work2)).toBe(false);
    const converted = await runCli(['convert', '--from', 'woocommerce', file, '--out', work2, '--skip-invalid']);
    // Rows left out make a partial result, as in a push.
    expect(converted.code, converted.stderr).toBe(1);
    const products = rows(path.join(work2, 'products.csv'));
    expect(products.map((row) => [row.sku, row.parent_sku, row['option:Size'], row['related:Up-sell'], row['price:US:msrp']])).toEqual([
      ['TEE-S', 'TEE', 'S', '', '10'],
      ['TEE', '', '', 'CAP', ''],
      ['CAP', '', '', '', '5'],
    ]);
    expect(rows(path.join(work2, 'failures.csv')).map((row) => row.SKU)).toEqual(['TEE-M', '', '  CAP  ']);
  });
});

describe('push products --from shopify (fixtures)', () => {
  it('turns handle-grouped rows into parents and variants, single Default Title variants into products, and applies the compare-at rule', async () => {
    const shop = await tenant();
    const first = await shop.push(['products', '--from', 'shopify', SHOPIFY, ...FAST]);
    expect(first.code, first.stderr + first.stdout).toBe(0);
    const digest = stateDigest(shop.sandbox.state());
    expect(Object.keys(digest.products).sort()).toEqual(
      [
        'trail-jacket',
        'TJ-S-MOSS-NY',
        'TJ-M-MOSS-NY',
        'TJ-M-SLATE-RN',
        'TJ-L-SLATE-RN',
        '00451',
        '000123',
        'gift-card',
        'GC-010',
        'GC-025',
        'GC-050',
        'canvas-tote',
        '0TOTE-NAT',
        '0TOTE-BLK',
        'BELT-1',
      ].sort(),
    );
    const jacket = digest.products['trail-jacket']!;
    expect(jacket).toMatchObject({
      name: 'Trail Jacket',
      parent: null,
      prices: [],
      inventory: [],
      categories: ['Apparel & Accessories > Clothing > Outerwear'],
    });
    expect(jacket.attributes).toEqual({ Vendor: ['Northwind'], Type: ['Jacket'], Tags: ['outdoor', 'rain', 'sale'] });
    expect(jacket.relations).toEqual(['Variant:TJ-L-SLATE-RN', 'Variant:TJ-M-MOSS-NY', 'Variant:TJ-M-SLATE-RN', 'Variant:TJ-S-MOSS-NY']);
    // Three option axes.
    expect(digest.products['TJ-M-SLATE-RN']!.options).toEqual({ Size: 'M', Color: 'Slate', Material: 'Recycled Nylon' });
    expect(digest.products['TJ-M-SLATE-RN']!.name).toBe('Trail Jacket - M / Slate / Recycled Nylon');
    // Compare-at above the price: msrp = compare-at, sell_price = price; equal or below: msrp = price.
    expect(digest.products['TJ-S-MOSS-NY']!.prices).toEqual(['US:150/120/48.5/null']);
    expect(digest.products['TJ-M-MOSS-NY']!.prices).toEqual(['US:120/null/48.5/null']);
    expect(digest.products['TJ-M-SLATE-RN']!.prices).toEqual(['US:125/null/50/null']);
    expect(digest.products['TJ-L-SLATE-RN']!.inventory).toEqual(['Default=3']);
    // Default Title: one product under the variant's SKU, leading zeros kept.
    expect(digest.products['00451']).toMatchObject({ name: 'Enamel Mug', parent: null, prices: ['US:18/null/null/null'], inventory: ['Default=40'] });
    expect(digest.products['000123']).toMatchObject({
      name: 'Wool Socks',
      enabled: 0,
      visible: 0,
      prices: ['US:19.5/14/4.2/null'],
      inventory: ['Default=250'],
    });
    // The gift card: a parent with three denominations, no stock (not tracked).
    expect(digest.products['gift-card']!.attributes['Gift Card']).toEqual(['Yes']);
    expect(digest.products['GC-025']).toMatchObject({ options: { Denomination: '$25' }, prices: ['US:25/null/null/null'], inventory: [] });
    expect(digest.products['0TOTE-NAT']!.prices).toEqual(['US:32/null/null/null']);
    expect(digest.attributes.Tags).toBe('multiselect');
    // One variant with a real option is one product; its option value is kept as an attribute; oversold stock is 0.
    expect(digest.products['BELT-1']).toMatchObject({ name: 'Leather Belt', parent: null, inventory: ['Default=0'] });
    expect(digest.products['BELT-1']!.attributes.Size).toEqual(['One Size']);
    expect(first.stderr).toContain('negative stock -2 (oversold) is pushed as 0');
    // A handle's Image Src rows are its images in Image Position order, the first the main one; a variant's Variant Image is its own.
    // Barcodes are typed by their length (12 digits UPC-A, 13 GTIN-13); Jasper keeps digits only, so TOTE-NAT-01 is left out, warned.
    const files = 'https://cdn.example.com/s/files/';
    const media = Object.fromEntries(Object.entries(digest.products).map(([sku, product]) => [sku, [...product.images, ...product.barcodes]]));
    expect(media).toEqual({
      'trail-jacket': [`*${files}trail-jacket-front.jpg`, `${files}trail-jacket-back.jpg`, `${files}trail-jacket-hood.jpg`, `${files}trail-jacket-detail.jpg`],
      'TJ-S-MOSS-NY': [`*${files}trail-jacket-moss.jpg`, 'UPC-A:012345678905'],
      'TJ-M-MOSS-NY': [`*${files}trail-jacket-moss.jpg`],
      'TJ-M-SLATE-RN': [`*${files}trail-jacket-slate.jpg`],
      'TJ-L-SLATE-RN': [`*${files}trail-jacket-slate.jpg`],
      '00451': [`*${files}enamel-mug.jpg`, 'UPC-A:036000291452'],
      '000123': [`*${files}wool-socks.jpg`, `${files}wool-socks-pair.jpg`, 'GTIN-13:4006381333931'],
      'gift-card': [`*${files}gift-card.png`],
      'GC-010': [],
      'GC-025': [],
      'GC-050': [],
      'canvas-tote': [`*${files}canvas-tote.jpg`],
      '0TOTE-NAT': [`*${files}canvas-tote-natural.jpg`],
      '0TOTE-BLK': [`*${files}canvas-tote-black.jpg`],
      'BELT-1': [],
    });
    expect(first.stderr).toMatch(/Variant Barcode.*"TOTE-NAT-01".*left out/);

    const before = shop.sandbox.requests.length;
    const second = await shop.push(['products', '--from', 'shopify', SHOPIFY, ...FAST]);
    expect(second.code, second.stderr).toBe(0);
    expect(writeCount(shop.sandbox.requests.slice(before))).toBe(0);

    const converted = await convertThenPush('shopify', [SHOPIFY]);
    expect(converted.code).toBe(0);
    expect(converted.digest).toEqual(digest);
  });

  it('--location puts the one count per SKU at that location', async () => {
    const shop = await tenant();
    const pushed = await shop.push(['products', '--from', 'shopify', SHOPIFY, '--location', 'Warehouse 2', ...FAST]);
    expect(pushed.code, pushed.stderr).toBe(0);
    expect(stateDigest(shop.sandbox.state()).products['00451']!.inventory).toEqual(['Warehouse 2=40']);
  });

  it('validate reports every problem of a broken export at once, located; a push writes nothing; --skip-invalid puts every row of a failed handle in a failures file that reads back with --from shopify', async () => {
    const validate = await runCli(['validate', 'products', '--from', 'shopify', SHOPIFY_BROKEN]);
    expect(validate.code).toBe(2);
    const errors = validate.stdout.split('\n').filter((line) => line.startsWith('error '));
    expect(errors.map((line) => line.replace(/^error .*broken_export\.csv:/, ''))).toEqual([
      '2: column Title: the first row of handle "rain-hat" has no Title',
      '3: column Variant Price: "22,50" is not a number',
      '4: column Published: "maybe" is not a boolean (true/false/1/0/yes/no)',
      '5: column Variant SKU: no SKU: Jasper matches products by SKU, so every product and variant needs one',
      '6: column Option1 Value: no value for option "Color": every variant of "field-cap" needs one',
      '8: column Handle: handle "rain-hat" appears again (first at line 2): keep the rows of a product together',
      '9: column Variant Inventory Qty: "2.5" is not a whole number of items',
    ]);

    const shop = await tenant();
    const refused = await shop.push(['products', '--from', 'shopify', SHOPIFY_BROKEN, ...FAST]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('7 problems in the input; nothing was written');
    expect(writeCount(shop.sandbox.requests)).toBe(0);

    const skipped = await shop.push(['products', '--from', 'shopify', SHOPIFY_BROKEN, '--skip-invalid', ...FAST]);
    expect(skipped.code).toBe(1);
    expect(Object.keys(stateDigest(shop.sandbox.state()).products)).toEqual(['TB-1']);
    const failuresFile = path.join(latestRun(shop.runDir), 'failures.csv');
    const failures = rows(failuresFile);
    // Every row of every handle with a failure, in Shopify's columns.
    expect(failures.map((row) => `${row.Handle}:${row['Variant SKU']}`)).toEqual([
      'rain-hat:RH-S',
      'rain-hat:RH-M',
      'field-cap:FC-OLV',
      'field-cap:',
      'field-cap:FC-XXX',
      'rain-hat:RH-L',
      'pack-liner:PL-1',
    ]);
    const again = await runCli(['validate', 'products', '--from', 'shopify', failuresFile]);
    expect(again.stdout).toContain('"22,50" is not a number');
    expect(again.stdout).not.toContain('missing column');
  });
});

describe('validate products --from: every problem of a broken export at once, located', () => {
  const errorsOf = (stdout: string) =>
    stdout
      .split('\n')
      .filter((line) => line.startsWith('error '))
      .map((line) => line.replace(/^error .*?\.csv:/, ''));

  it('Magento: line numbers count the newlines inside quoted descriptions', async () => {
    const result = await runCli(['validate', 'products', '--from', 'magento', path.join(FIXTURES, 'magento/broken_catalog_product.csv')]);
    expect(result.code).toBe(2);
    expect(errorsOf(result.stdout)).toEqual([
      '4: column price: "20,50" is not a number',
      '5: column qty: "5.5" is not a whole number of items',
      '7: column sku: no SKU: Jasper matches products by SKU, so every product and variant needs one',
      '8: column sku: duplicate SKU "TEE-S": first at ' + path.join(FIXTURES, 'magento/broken_catalog_product.csv') + ':2',
    ]);
  });

  it('WooCommerce: an "any" value, a parent id found nowhere, a price that is not a number', async () => {
    const result = await runCli(['validate', 'products', '--from', 'woocommerce', path.join(FIXTURES, 'woocommerce/broken_export.csv')]);
    expect(result.code).toBe(2);
    expect(errorsOf(result.stdout)).toEqual([
      '3: column Attribute 1 value(s): Size is "any" on this variation: Jasper needs one value per option, so give each variation its value (one row per Size)',
      '4: column Parent: parent "id:77" is not a product of the input (no row has that ID)',
      '5: column Regular price: "fifteen" is not a number',
    ]);
  });
});

describe('--from and header hints', () => {
  it('a platform export given without --from says which --from it needs', async () => {
    const work = scratch();
    cleanups.push(work.cleanup);
    const bigcommerce = path.join(work.dir, 'bc.csv');
    fs.writeFileSync(bigcommerce, 'Item Type,Product ID,Product Name,Product Type,Product Code/SKU,Price\nProduct,1,Mug,P,MUG-1,10\n');
    const cases: [string, RegExp][] = [
      [SHOPIFY, /products_export\.csv:1: this looks like a Shopify export: add --from shopify/],
      [path.join(FIXTURES, 'woocommerce/broken_export.csv'), /broken_export\.csv:1: this looks like a WooCommerce export: add --from woocommerce/],
      [path.join(FIXTURES, 'magento/broken_catalog_product.csv'), /broken_catalog_product\.csv:1: this looks like a Magento export: add --from magento/],
      [bigcommerce, /bc\.csv:1: this looks like a BigCommerce export, which jasper-push cannot read yet/],
    ];
    for (const [file, hint] of cases) {
      const result = await runCli(['validate', 'products', file]);
      expect(result.code, file).toBe(2);
      expect(result.stdout).toMatch(hint);
    }
    const shop = await tenant();
    const pushed = await shop.push(['products', SHOPIFY]);
    expect(pushed.code).toBe(2);
    expect(pushed.stderr).toContain('this looks like a Shopify export: add --from shopify');
    const wrong = await runCli(['validate', 'products', '--from', 'magento', SHOPIFY]);
    expect(wrong.stdout).toContain('this looks like a Shopify export: use --from shopify');
  });

  it.skipIf(!woocommerce.present || !luma.present)('the real samples get the same hints; the Luma gear files, of another layout, are no export', async () => {
    const samples: [string, RegExp][] = [
      [WOO, /sample_products\.csv:1: this looks like a WooCommerce export: add --from woocommerce/],
      [path.join(luma.dir, 'products.csv'), /products\.csv:1: this looks like a Magento export: add --from magento/],
    ];
    for (const [file, hint] of samples) {
      const result = await runCli(['validate', 'products', file]);
      expect(result.code, file).toBe(2);
      expect(result.stdout).toMatch(hint);
    }
    const gear = await runCli(['validate', 'products', '--from', 'magento', path.join(luma.dir, 'gear/products_gear_bags.csv')]);
    expect(gear.code).toBe(2);
    expect(gear.stdout).toContain(`products_gear_bags.csv:1: missing column "product_type": --from magento reads Magento's catalog_product export`);
  });

  it('knows its sources: an unknown one is a usage error, and commercetools reads no files', async () => {
    const unknown = await runCli(['validate', 'products', '--from', 'prestashop', SHOPIFY]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('--from takes jasper, shopify, woocommerce, magento, commercetools');
    const commercetools = await runCli(['validate', 'products', '--from', 'commercetools', SHOPIFY]);
    expect(commercetools.code).toBe(2);
    expect(commercetools.stderr).toContain('--from commercetools reads the project over its API');
    const location = await runCli(['validate', 'products', '--location', 'Main', path.join(FIXTURES, 'demo/products.csv')]);
    expect(location.code).toBe(2);
    expect(location.stderr).toContain('--location is for exports with one quantity per SKU');
    const media = await runCli(['validate', 'products', '--from', 'shopify', '--media-url', 'https://x.example', SHOPIFY]);
    expect(media.code).toBe(2);
    expect(media.stderr).toContain('--media-url');
  });
});
