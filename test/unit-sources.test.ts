// The pure pieces of the sources: §10's price rule, the platforms' packed cells, header recognition.
import { describe, expect, it } from 'vitest';
import { splitPairs } from '../src/sources/magento/variations.js';
import { Children, indexMagentoFiles } from '../src/sources/magento/index-pass.js';
import { openScratchDatabase, ScratchMap } from '../src/scratch-db.js';
import { relationOfFile } from '../src/sources/magento/links.js';
import { mediaUrlOf } from '../src/sources/magento/product-row.js';
import { labelOf, ProductDraft } from '../src/sources/product-draft.js';
import { exportHint, recognizeExport } from '../src/sources/signatures.js';
import { resolveRef } from '../src/sources/woocommerce/index-pass.js';
import { splitWooList } from '../src/sources/woocommerce/columns.js';
import { parseSourceName } from '../src/sources/registry.js';

const cell = (text: string) => ({ text, column: 'c' });
function priced(cells: Parameters<ProductDraft['prices']>[1]) {
  const draft = new ProductDraft({ file: 'f.csv', line: 2 }, 'SKU');
  draft.prices('US', cells);
  return { prices: draft.product.prices, issues: draft.issues.list.map((issue) => issue.message) };
}

describe('the price rule of SPEC §10', () => {
  it('msrp is the regular price; a different sale price is the sell_price', () => {
    expect(priced({ regular: cell('20'), sale: cell('18') }).prices).toEqual([{ base: 'US', msrp: 20, sell_price: 18 }]);
    expect(priced({ regular: cell('20'), sale: cell('20') }).prices).toEqual([{ base: 'US', msrp: 20 }]);
  });
  it("the source's own MSRP field wins; the regular price is then what a customer pays", () => {
    expect(priced({ msrp: cell('30'), regular: cell('25'), cost: cell('10'), map: cell('22') }).prices).toEqual([
      { base: 'US', msrp: 30, sell_price: 25, cost: 10, map: 22 },
    ]);
  });
  it('a compare-at price is the msrp only when above the price', () => {
    expect(priced({ compareAt: cell('150'), regular: cell('120') }).prices).toEqual([{ base: 'US', msrp: 150, sell_price: 120 }]);
    expect(priced({ compareAt: cell('120'), regular: cell('120') }).prices).toEqual([{ base: 'US', msrp: 120 }]);
    expect(priced({ compareAt: cell('110'), regular: cell('125') }).prices).toEqual([{ base: 'US', msrp: 125 }]);
  });
  it('no price at all writes no price row; a bad number is a located error', () => {
    expect(priced({}).prices).toEqual([]);
    expect(priced({ regular: cell('12,5') }).issues).toEqual(['"12,5" is not a number']);
  });
});

describe('stock counts', () => {
  it('accepts "100.0000", refuses 2.5, and pushes an oversold count as 0 with a warning', () => {
    const draft = new ProductDraft({ file: 'f.csv', line: 2 }, 'SKU');
    draft.stock('Default', cell('100.0000'));
    draft.stock('Other', cell('2.5'));
    draft.stock('Third', cell('-3'));
    expect(draft.product.inventory).toEqual([
      { location: 'Default', count_on_hand: 100 },
      { location: 'Third', count_on_hand: 0 },
    ]);
    expect(draft.issues.list.map((issue) => issue.severity)).toEqual(['error', 'warning']);
  });
});

describe('Magento cells', () => {
  it('splits additional_attributes at commas that start a new code=value, keeping commas inside values', () => {
    expect(splitPairs('material=Cotton, Polyester,climate=All-weather|Cool,eco_collection=Yes')).toEqual([
      ['material', 'Cotton, Polyester'],
      ['climate', 'All-weather|Cool'],
      ['eco_collection', 'Yes'],
    ]);
  });
  it('keeps each child of configurable_variations packed, and unpacks its parent, price and option values', () => {
    const db = openScratchDatabase();
    const children = new Children(new ScratchMap(db, 'children'));
    children.add('MH01-XS-Black', 'MH01', '52', 'sku=MH01-XS-Black,size=XS,color=Black');
    expect(children.get('MH01-XS-Black')).toEqual({
      parent: 'MH01',
      parentPrice: '52',
      values: [
        ['size', 'XS'],
        ['color', 'Black'],
      ],
    });
    expect(children.get('MH01-S-Gray')).toBeUndefined();
    db.close();
  });
  it("takes a link file's relation from its name and joins image paths to the media base", () => {
    expect(['related.csv', 'upsell.csv', 'crosssell.csv', 'Cross-Sell_links.csv', 'links.csv'].map((file) => relationOfFile(`/x/${file}`))).toEqual([
      'Related',
      'Up-sell',
      'Cross-sell',
      'Cross-sell',
      undefined,
    ]);
    expect(mediaUrlOf('https://shop.example/media/catalog/product/', '/m/h/a.jpg')).toBe('https://shop.example/media/catalog/product/m/h/a.jpg');
    expect(mediaUrlOf('https://shop.example/media', 'https://cdn.example/a.jpg')).toBe('https://cdn.example/a.jpg');
  });
  it('labels codes as the source would show them', () => {
    expect(['size', 'style_general', 'eco_collection'].map(labelOf)).toEqual(['Size', 'Style General', 'Eco Collection']);
  });
});

describe('a Magento row', () => {
  it('turns gtin/upc/ean codes of additional_attributes into barcodes typed by length', async () => {
    const { magentoProduct } = await import('../src/sources/magento/product-row.js');
    const cells: Record<string, string> = {
      sku: 'MUG',
      product_type: 'simple',
      name: 'Mug',
      price: '12',
      additional_attributes: 'upc=036000291452,ean=4006381333931,material=Ceramic',
      qty: '3',
    };
    const record = {
      line: 2,
      cell: (name: string) => cells[name] ?? '',
      raw: (name: string) => cells[name] ?? '',
      has: (name: string) => name in cells,
      label: (name: string) => name,
      width: 0,
      cells: [],
      header: [],
    };
    const index = await indexMagentoFiles([], new Map());
    const draft = magentoProduct(record, { file: 'm.csv', priceBase: 'US', location: 'Default', mediaUrl: undefined, index });
    index.close();
    expect(draft.product.barcodes).toEqual([
      { type: 'UPC-A', value: '036000291452' },
      { type: 'GTIN-13', value: '4006381333931' },
    ]);
    expect(draft.product.attributes).toEqual([{ name: 'Material', values: ['Ceramic'] }]);
    expect(draft.product.inventory).toEqual([{ location: 'Default', count_on_hand: 3 }]);
    expect(draft.product.prices).toEqual([{ base: 'US', msrp: 12 }]);
  });
});

describe('WooCommerce cells', () => {
  it('splits lists at commas but not at escaped ones, and resolves id:N references', () => {
    expect(splitWooList('Clothing > Tshirts, Sale\\, last chance , ')).toEqual(['Clothing > Tshirts', 'Sale, last chance']);
    const index = { skuById: new Map([['44', 'woo-vneck-tee']]) };
    expect(['id:44', 'woo-hoodie', 'id:99', ''].map((ref) => resolveRef(ref, index))).toEqual(['woo-vneck-tee', 'woo-hoodie', undefined, undefined]);
  });
});

describe('recognising exports', () => {
  it('names the platform a header comes from, and the --from it needs', () => {
    expect(recognizeExport(['handle', 'title', 'variant sku', 'option1 name', 'variant price'])?.source).toBe('shopify');
    expect(recognizeExport(['sku', 'name', 'parent_sku', 'msrp'])).toBeUndefined();
    expect(exportHint(['id', 'type', 'sku', 'name', 'regular price'], 'jasper')).toBe('this looks like a WooCommerce export: add --from woocommerce');
    expect(exportHint(['id', 'type', 'sku', 'name', 'regular price'], 'woocommerce')).toBeUndefined();
    expect(exportHint(['sku', 'product_type', 'attribute_set_code'], 'shopify')).toBe('this looks like a Magento export: use --from magento');
  });
  it('parses --from names case-insensitively and refuses others', () => {
    expect(parseSourceName('Shopify')).toBe('shopify');
    expect(parseSourceName(undefined)).toBe('jasper');
    expect(() => parseSourceName('bigcommerce')).toThrow(/BigCommerce is planned/);
  });
});

describe('the WooCommerce index', () => {
  it('resolves id:N parents given further down, gathers each parent’s axes, and finds multiselects outside the axes', async () => {
    const { mkdtemp, rm, writeFile } = await import('node:fs/promises');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { indexWooFiles } = await import('../src/sources/woocommerce/index-pass.js');
    const dir = await mkdtemp(join(tmpdir(), 'woo-index-'));
    const file = join(dir, 'export.csv');
    const header = 'ID,Type,SKU,Name,Regular price,Sale price,Parent,Attribute 1 name,Attribute 1 value(s),Attribute 2 name,Attribute 2 value(s)';
    const rows = [
      '11,variation,TEE-S,Tee S,,,id:10,Size,S,,',
      '12,variation,TEE-M,Tee M,,,id:10,Size,M,Color,Red',
      '10,variable,TEE,Tee,20,15,,Size,"S, M",Color,"Red, Blue"',
      '13,simple,MUG,Mug,9,,,Material,"Stoneware, Glaze",,',
      '14,simple,,No SKU,9,,,Finish,"Matte, Gloss",,',
      '15,variation,CAP-S,Cap S,,,CAP,,,,',
      '16,variable,CAP,Cap,12,,,Fabric,"Wool, Cotton",,',
    ];
    await writeFile(file, `${header}\n${rows.join('\n')}\n`);
    const index = await indexWooFiles([file], new Map());
    try {
      expect(index.skuById.get('10')).toBe('TEE');
      expect(index.axes.get('TEE')).toEqual(new Set(['Size', 'Color']));
      expect(index.axes.get('CAP')).toEqual(new Set());
      expect(index.axes.get('MUG')).toBeUndefined();
      expect(index.parentPrices.get('TEE')).toEqual({ regular: '20', sale: '15' });
      expect(index.parentPrices.get('MUG')).toBeUndefined();
      expect([...index.multiselect].sort()).toEqual(['Fabric', 'Finish', 'Material']);
    } finally {
      index.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
