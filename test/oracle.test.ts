// The e2e oracle itself (test/helpers/oracle): a catalog using every documented column is pushed
// with the CLI; the oracle finds the sandbox exact, and it fails, naming the field, for each catalog
// whose expected state differs from the sandbox's in one field of one kind (or holds one thing fewer).
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type JasperState, oracleProblems, type Push } from './helpers/oracle/index.js';
import { startTenant, type Tenant } from './helpers/tenant.js';

const FILES = {
  categories: [
    'path,desc,slug,is_visible,seo_meta_title,seo_meta_desc,seo_meta_keywords,search_keywords',
    'Home,Everything for the home,home-all,true,Home,Home things,"home,house",house',
    'Home > Kitchen,Pots and pans,,false,Kitchen,,,',
  ],
  products: [
    'SKU,Name,parent_sku,option:Size,categories,enabled,is_visible,desc_short,desc_long,product_url,style_id,brand_id,page_title,msrp,map,cost,sell_price,price:CA:msrp,attr:Material,attr:Country[multiselect],attr:Finish[selectbox],inventory:Main,images,barcode:UPC-A,barcode:EAN,related:Accessories,_note',
    'POT-1,Stock Pot,,,Home > Kitchen|Sale,false,true,Short pot,A long pot text,https://shop.example.com/pot-1,ST-1,BR-1,Pot page,40,35,15,38,52,Steel,USA|Canada,Matte,,https://cdn.example.com/pot-1.jpg|https://cdn.example.com/pot-1-side.jpg,,,LID-1,ignored',
    'POT-1-S,Stock Pot S,POT-1,S,Home > Kitchen,true,false,,,,,,,40,,,,,Steel,USA,Glossy,5,https://cdn.example.com/pot-1-s.jpg,012345678905,,,',
    'POT-1-L,Stock Pot L,POT-1,L,Home > Kitchen,yes,1,,,,,,,44,,,,,Steel,Canada,Matte,7,,036000291452,,,',
    'LID-1,Glass Lid,,,Home > Kitchen,true,true,A lid,,,,,,12,,4,,,Glass,Mexico,,3,https://cdn.example.com/lid-1.jpg,,4006381333931,POT-1,',
  ],
  inventory: ['sku,location,count_on_hand,site,bin,type,count_on_hold,source', 'POT-1-S,Main,4,HQ,A-1,stock,1,erp', 'LID-1,Outlet,2,Mall,,,0,'],
};
type Kind = keyof typeof FILES;
const ORDER: Kind[] = ['categories', 'products', 'inventory'];

let tenant: Tenant;
let state: JasperState;

function write(dir: string, edit: (kind: Kind, text: string) => string = (_, text) => text): Push[] {
  fs.mkdirSync(dir, { recursive: true });
  return ORDER.map((kind) => {
    const file = path.join(dir, `${kind}.csv`);
    fs.writeFileSync(file, edit(kind, FILES[kind].join('\n') + '\n'));
    return [kind, [file]];
  });
}

beforeAll(async () => {
  tenant = await startTenant();
  for (const [kind, files] of write(path.join(tenant.dir, 'original'))) {
    const result = await tenant.push([kind, ...files]);
    expect(result.code, result.stdout + result.stderr).toBe(0);
  }
  state = tenant.sandbox.state();
});
afterAll(() => tenant.close());

/** [what differs, file, text in it, replacement, what the oracle must name] */
const CASES: [string, Kind, string, string, RegExp][] = [
  ['product name', 'products', 'Glass Lid', 'Glass Cover', /products\.LID-1\.name: "Glass Lid", expected "Glass Cover"/],
  ['product enabled', 'products', 'Home > Kitchen|Sale,false', 'Home > Kitchen|Sale,true', /products\.POT-1\.enabled: 0, expected 1/],
  ['product is_visible', 'products', 'Home > Kitchen,true,false', 'Home > Kitchen,true,true', /products\.POT-1-S\.is_visible: 0, expected 1/],
  ['desc_short', 'products', 'Short pot', 'Shorter pot', /products\.POT-1\.desc_short/],
  ['desc_long', 'products', 'A long pot text', 'Another text', /products\.POT-1\.desc_long/],
  ['product_url', 'products', 'shop.example.com/pot-1', 'shop.example.com/pot-2', /products\.POT-1\.product_url/],
  ['style_id', 'products', 'ST-1', 'ST-2', /products\.POT-1\.style_id/],
  ['brand_id', 'products', 'BR-1', 'BR-2', /products\.POT-1\.brand_id/],
  ['page_title', 'products', 'Pot page', 'Pot title', /products\.POT-1\.page_title/],
  ['msrp', 'products', ',40,35,15,38,52,', ',41,35,15,38,52,', /products\.POT-1\.prices\.US\.msrp: 40, expected 41/],
  ['map', 'products', ',40,35,15,38,52,', ',40,36,15,38,52,', /products\.POT-1\.prices\.US\.map/],
  ['cost', 'products', ',40,35,15,38,52,', ',40,35,16,38,52,', /products\.POT-1\.prices\.US\.cost/],
  ['sell_price', 'products', ',40,35,15,38,52,', ',40,35,15,39,52,', /products\.POT-1\.prices\.US\.sell_price/],
  ['a price of another base', 'products', ',40,35,15,38,52,', ',40,35,15,38,53,', /products\.POT-1\.prices\.CA\.msrp: 52, expected 53/],
  ['a price base', 'products', 'price:CA:msrp', 'price:MX:msrp', /products\.POT-1\.prices\.(CA: unexpected|MX: missing)/],
  ['a text attribute value', 'products', 'Glass,Mexico', 'Crystal,Mexico', /products\.LID-1\.attributes\.Material: \["Glass"\], expected \["Crystal"\]/],
  ['a multiselect value', 'products', 'Steel,USA|Canada', 'Steel,USA', /products\.POT-1\.attributes\.Country/],
  ['a select type value', 'products', 'Steel,USA,Glossy', 'Steel,USA,Satin', /attributes\.Finish\.values/],
  ['an attribute type', 'products', 'attr:Finish[selectbox]', 'attr:Finish', /attributes\.Finish\.type: "selectbox", expected "text"/],
  ['inventory count_on_hand', 'products', ',Matte,7,', ',Matte,8,', /products\.POT-1-L\.inventory\.Main\.count_on_hand: 7, expected 8/],
  ['inventory site', 'inventory', 'Main,4,HQ', 'Main,4,DC', /products\.POT-1-S\.inventory\.Main\.site/],
  ['inventory bin', 'inventory', 'HQ,A-1', 'HQ,A-2', /products\.POT-1-S\.inventory\.Main\.bin/],
  ['inventory type', 'inventory', 'A-1,stock', 'A-1,transit', /products\.POT-1-S\.inventory\.Main\.type/],
  ['inventory count_on_hold', 'inventory', 'stock,1,erp', 'stock,2,erp', /products\.POT-1-S\.inventory\.Main\.count_on_hold: 1, expected 2/],
  ['inventory source', 'inventory', 'stock,1,erp', 'stock,1,pos', /products\.POT-1-S\.inventory\.Main\.source/],
  ['inventory location', 'inventory', 'LID-1,Outlet', 'LID-1,Depot', /products\.LID-1\.inventory\.(Outlet: unexpected|Depot: missing)/],
  ['a category assignment', 'products', 'Home > Kitchen|Sale', 'Home > Kitchen', /products\.POT-1\.categories|categories\.Sale: unexpected/],
  ['category desc', 'categories', 'Pots and pans', 'Pans', /categories\.Home > Kitchen\.desc/],
  ['category slug', 'categories', 'home-all', 'home-everything', /categories\.Home\.slug/],
  ['category is_visible', 'categories', 'Pots and pans,,false', 'Pots and pans,,true', /categories\.Home > Kitchen\.is_visible: false, expected true/],
  ['category seo_meta_title', 'categories', 'true,Home,Home things', 'true,Homes,Home things', /categories\.Home\.seo_meta_title/],
  ['category seo_meta_desc', 'categories', 'Home things', 'House things', /categories\.Home\.seo_meta_desc/],
  ['category seo_meta_keywords', 'categories', '"home,house"', '"home"', /categories\.Home\.seo_meta_keywords/],
  ['category search_keywords', 'categories', '"home,house",house', '"home,house",homes', /categories\.Home\.search_keywords/],
  ['an image URL', 'products', 'cdn.example.com/lid-1.jpg', 'cdn.example.com/lid-2.jpg', /products\.LID-1\.images/],
  [
    'the main image',
    'products',
    'pot-1.jpg|https://cdn.example.com/pot-1-side.jpg',
    'pot-1-side.jpg|https://cdn.example.com/pot-1.jpg',
    /products\.POT-1\.thumbnails/,
  ],
  ['an image fewer', 'products', '|https://cdn.example.com/pot-1-side.jpg', '', /products\.POT-1\.images/],
  ['a barcode value', 'products', '036000291452', '081234500016', /products\.POT-1-L\.barcodes/],
  ['a barcode type', 'products', 'barcode:EAN', 'barcode:GTIN-13', /products\.LID-1\.barcodes: \["EAN 4006381333931"\]/],
  ['a related link', 'products', ',LID-1,ignored', ',POT-1-L,ignored', /products\.POT-1\.relations/],
  ['a relation type', 'products', 'related:Accessories', 'related:Spares', /relationTypes/],
  ['a variant link', 'products', 'POT-1-L,Stock Pot L,POT-1,L', 'POT-1-L,Stock Pot L,,', /products\.POT-1\.relations: \[.*"Variant → POT-1-L".*\]/],
  ['an option value', 'products', 'POT-1,L,', 'POT-1,XL,', /products\.POT-1-L\.options\.Size: "L", expected "XL"/],
  ['an option value of the tenant', 'products', 'POT-1,L,', 'POT-1,XL,', /^options\.Size: \["L","S"\], expected \["S","XL"\]$/],
  ["a parent's option set", 'products', 'option:Size', 'option:Fit', /^products\.POT-1\.option_set: \["Size"\], expected \["Fit"\]$/],
  ['an option of the tenant', 'products', 'option:Size', 'option:Fit', /^options\.(Size: unexpected|Fit: missing)/],
  [
    'a product fewer',
    'products',
    'POT-1-L,Stock Pot L,POT-1,L,Home > Kitchen,yes,1,,,,,,,44,,,,,Steel,Canada,Matte,7,,036000291452,,,\n',
    '',
    /products\.POT-1-L: unexpected/,
  ],
  ['an attribute fewer', 'products', 'attr:Finish[selectbox]', '_finish', /products\.POT-1\.attributes\.Finish: unexpected/],
  ['an inventory row fewer', 'inventory', 'LID-1,Outlet,2,Mall,,,0,', '', /products\.LID-1\.inventory\.Outlet: unexpected/],
  ['a barcode fewer', 'products', '036000291452', '', /products\.POT-1-L\.barcodes: \["UPC-A 036000291452"\], expected \[\]/],
  ['a category fewer', 'products', 'Home > Kitchen|Sale', 'Home > Kitchen', /categories\.Sale: unexpected/],
];

describe('the e2e oracle', () => {
  it('finds the sandbox exactly as the pushed files say', () => {
    expect(oracleProblems(state, write(path.join(tenant.dir, 'same')))).toEqual([]);
  });

  it.each(CASES)('fails when the catalog differs in %s', (name, kind, from, to, problem) => {
    const pushes = write(path.join(tenant.dir, name.replace(/\W+/g, '-')), (file, text) => {
      if (file !== kind) return text;
      expect(text, `the case's text is in ${kind}`).toContain(from);
      return text.replace(from, to);
    });
    const problems = oracleProblems(state, pushes);
    expect(
      problems.some((line) => problem.test(line)),
      problems.join('\n'),
    ).toBe(true);
  });

  it('fails when variants are expected by parent_id instead of a Variant relation', () => {
    const problems = oracleProblems(state, write(path.join(tenant.dir, 'parent-mode')), { variantMode: 'parent' });
    expect(problems).toContain('products.POT-1-S.parent: null, expected "POT-1"');
    expect(problems).toContain('relationTypes: ["Accessories","Variant"], expected ["Accessories"]');
  });

  const pot = (copy: JasperState) => copy.products.find((product) => product.sku === 'POT-1')!;
  it.each([
    ['a product held twice', (copy: JasperState) => copy.products.push({ ...pot(copy), id: 999 }), /product "POT-1" is held more than once/],
    ['a category assignment made twice', (copy: JasperState) => pot(copy).categories.push(pot(copy).categories[0]!), /products\.POT-1\.categories/],
    ['a link made twice', (copy: JasperState) => pot(copy).relations.push(pot(copy).relations[0]!), /products\.POT-1\.relations/],
    // By base: the US and CA prices are written at once, so the sandbox holds them in either order.
    [
      'a price held twice',
      (copy: JasperState) => pot(copy).prices.push(pot(copy).prices.find((price) => price.base === 'US')!),
      /product POT-1: price base "US" is held more than once/,
    ],
    [
      'an option value held twice',
      (copy: JasperState) => {
        const size = copy.options.find((option) => option.name === 'Size')!;
        size.values.push(size.values.find((value) => value.value === 'S')!);
      },
      /value of option Size "S" is held more than once/,
    ],
  ] as const)('fails on %s', (_, change, problem) => {
    const copy = structuredClone(state);
    change(copy);
    const problems = oracleProblems(copy, write(path.join(tenant.dir, 'twice')));
    expect(
      problems.some((line) => problem.test(line)),
      problems.join('\n'),
    ).toBe(true);
  });
});
