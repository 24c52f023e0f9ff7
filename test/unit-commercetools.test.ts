// The commercetools mapping as plain data: settings, prices, attribute types, variant axes, rows.
import type { Price, ProductProjection, ProductType, ProductVariant } from '@commercetools/platform-sdk';
import { describe, expect, it } from 'vitest';
import { EXIT_CONFIG, EXIT_TEMPORARY, reportForError } from '../src/cli/exit-codes.js';
import { ConfigError, SourceError, UsageError } from '../src/errors.js';
import { toCommercetoolsError } from '../src/sources/commercetools/errors.js';
import { categoryTree } from '../src/sources/commercetools/categories.js';
import { attributeLabel, displayValues, jasperType, localizer, TypeAttributes } from '../src/sources/commercetools/attributes.js';
import { moneyAmount, parsePriceBaseMap, variantPrices, zeroPriceCounts } from '../src/sources/commercetools/prices.js';
import { type MappingContext, productRows } from '../src/sources/commercetools/product-rows.js';
import { deriveAuthUrl, resolveCommercetoolsSettings, resolveCommercetoolsTarget } from '../src/sources/commercetools/settings.js';

const NOW = new Date('2026-11-30T12:00:00Z');
const eur = (centAmount: number, extra: Partial<Price> = {}): Price => ({
  id: `p${centAmount}`,
  value: { type: 'centPrecision', currencyCode: 'EUR', centAmount, fractionDigits: 2 },
  ...extra,
});

describe('commercetools settings', () => {
  const base = { CTP_CLIENT_ID: 'id', CTP_CLIENT_SECRET: 'secret-value' };

  it('takes the project key from the API URL path or from CTP_PROJECT_KEY, and derives the auth host from the region', () => {
    const fromPath = resolveCommercetoolsSettings({ ...base, CTP_API_URL: 'https://api.europe-west1.gcp.commercetools.com/mystore' }, {});
    expect(fromPath).toMatchObject({
      apiUrl: 'https://api.europe-west1.gcp.commercetools.com',
      projectKey: 'mystore',
      authUrl: 'https://auth.europe-west1.gcp.commercetools.com',
    });
    const separate = resolveCommercetoolsSettings({ ...base, CTP_API_URL: 'api.us-central1.gcp.commercetools.com', CTP_PROJECT_KEY: 'shop-1' }, {});
    expect(separate).toMatchObject({
      apiUrl: 'https://api.us-central1.gcp.commercetools.com',
      projectKey: 'shop-1',
      authUrl: 'https://auth.us-central1.gcp.commercetools.com',
    });
    expect(deriveAuthUrl('https://api.australia-southeast1.gcp.commercetools.com')).toBe('https://auth.australia-southeast1.gcp.commercetools.com');
  });

  it('prefers CTP_* over the profile and splits scopes on spaces or commas', () => {
    const settings = resolveCommercetoolsSettings(
      { CTP_CLIENT_SECRET: 'from-env', CTP_SCOPES: 'view_products:shop, view_project_settings:shop' },
      { 'ct-api-url': 'https://api.eu-central-1.aws.commercetools.com/shop', 'ct-client-id': 'cid', 'ct-client-secret': 'from-profile' },
    );
    expect(settings).toMatchObject({
      clientSecret: 'from-env',
      clientId: 'cid',
      scopes: ['view_products:shop', 'view_project_settings:shop'],
      authUrl: 'https://auth.eu-central-1.aws.commercetools.com',
    });
  });

  it('refuses conflicting project keys, plain http to a remote host, and a missing secret', () => {
    expect(() => resolveCommercetoolsSettings({ ...base, CTP_API_URL: 'https://api.x.commercetools.com/a', CTP_PROJECT_KEY: 'b' }, {})).toThrow(ConfigError);
    expect(() => resolveCommercetoolsSettings({ ...base, CTP_API_URL: 'http://api.example.com/a' }, {})).toThrow(/Refusing http/);
    expect(() => resolveCommercetoolsSettings({ CTP_CLIENT_ID: 'id', CTP_API_URL: 'https://api.x.commercetools.com/shop' }, {})).toThrow(
      /No commercetools client secret/,
    );
    expect(resolveCommercetoolsTarget({ CTP_CLIENT_ID: 'id', CTP_API_URL: 'http://127.0.0.1:9/shop' }, {}).clientSecret).toBeUndefined();
  });
});

describe('commercetools prices', () => {
  it('reads amounts from cent amounts and fraction digits, high precision included', () => {
    expect(moneyAmount({ type: 'centPrecision', currencyCode: 'EUR', centAmount: 1999, fractionDigits: 2 })).toBe(19.99);
    expect(moneyAmount({ type: 'centPrecision', currencyCode: 'JPY', centAmount: 1500, fractionDigits: 0 })).toBe(1500);
    expect(moneyAmount({ type: 'highPrecision', currencyCode: 'EUR', centAmount: 1235, preciseAmount: 123456, fractionDigits: 4 })).toBe(12.3456);
  });

  it('puts a country price on the country base, a currency price on the currency base, and leaves scoped prices out, counted', () => {
    const counts = zeroPriceCounts();
    const prices = [
      eur(18750),
      eur(15000, { country: 'DE' }),
      eur(12295, { customerGroup: { typeId: 'customer-group', id: 'b2b' } }),
      eur(15450, { country: 'DE', channel: { typeId: 'channel', id: 'berlin' } }),
      eur(9000, { validUntil: '2020-01-01T00:00:00Z' }),
      eur(100, { country: 'IT', tiers: [{ minimumQuantity: 10, value: { type: 'centPrecision', currencyCode: 'EUR', centAmount: 90, fractionDigits: 2 } }] }),
    ];
    expect([...variantPrices(prices, new Map(), counts, NOW)]).toEqual([
      ['EUR', 187.5],
      ['DE', 150],
      ['IT', 1],
    ]);
    expect(counts).toEqual({ scoped: 2, notValidNow: 1, tiers: 1, superseded: 0 });
  });

  it('--price-base-map renames currencies (and countries); a country price wins a shared base', () => {
    const map = parsePriceBaseMap('EUR=EU, usd=us,GB=UK');
    expect([...map]).toEqual([
      ['EUR', 'EU'],
      ['USD', 'US'],
      ['GB', 'UK'],
    ]);
    const counts = zeroPriceCounts();
    const usd = (centAmount: number, country?: string) =>
      ({ id: 'x', value: { type: 'centPrecision', currencyCode: 'USD', centAmount, fractionDigits: 2 }, ...(country ? { country } : {}) }) as Price;
    expect([...variantPrices([usd(1000), usd(1200, 'US'), eur(500), eur(700, { country: 'GB' })], map, counts, NOW)]).toEqual([
      ['US', 12],
      ['EU', 5],
      ['UK', 7],
    ]);
    expect(counts.superseded).toBe(1);
    expect(() => parsePriceBaseMap('EUR:EU')).toThrow(UsageError);
  });
});

const productType = {
  id: 'type-1',
  attributes: [
    { name: 'size', label: { en: 'Size' }, type: { name: 'text' }, attributeConstraint: 'None' },
    { name: 'color', label: { en: 'Colour', de: 'Farbe' }, type: { name: 'lenum', values: [] }, attributeConstraint: 'None' },
    { name: 'sku-code', label: { en: 'Code' }, type: { name: 'text' }, attributeConstraint: 'Unique' },
    { name: 'onSale', label: { en: 'On sale' }, type: { name: 'boolean' }, attributeConstraint: 'None' },
    { name: 'tags', label: { en: 'Tags' }, type: { name: 'set', elementType: { name: 'enum', values: [] } }, attributeConstraint: 'None' },
    { name: 'gtin', label: { en: 'GTIN' }, type: { name: 'text' }, attributeConstraint: 'None' },
  ],
} as unknown as ProductType;

const variant = (id: number, sku: string | undefined, attributes: Record<string, unknown>, prices: Price[] = []): ProductVariant => ({
  id,
  ...(sku ? { sku } : {}),
  prices,
  images: [{ url: `https://img.example/${id}.jpg`, dimensions: { w: 1, h: 1 } }],
  attributes: Object.entries(attributes).map(([name, value]) => ({ name, value })),
});

const red = { key: 'red', label: { en: 'red', de: 'rot' } };

describe('commercetools attributes and axes', () => {
  const localize = localizer('de', ['en']);

  it('maps enum and lenum to selectbox, a set of them to multiselect, the rest to text', () => {
    expect(productType.attributes!.map((definition) => jasperType(definition.type))).toEqual(['text', 'selectbox', 'text', 'text', 'multiselect', 'text']);
    expect(displayValues(productType.attributes![1]!.type, red, localize)).toEqual(['rot']);
    expect(
      displayValues(
        productType.attributes![4]!.type,
        [
          { key: 'a', label: 'A' },
          { key: 'b', label: 'B' },
        ],
        localize,
      ),
    ).toEqual(['A', 'B']);
    expect(displayValues({ name: 'ltext' }, { en: 'Cotton', de: 'Baumwolle' }, localize)).toEqual(['Baumwolle']);
    expect(displayValues({ name: 'boolean' }, false, localize)).toEqual(['false']);
  });

  it('names an attribute by its label in the locale; brackets cannot pass for a type hint', () => {
    expect(attributeLabel({ label: { en: 'Width [cm]' } } as never, 'width', localizer('en', []))).toBe('Width (cm)');
    expect(attributeLabel(undefined, 'width', localizer('en', []))).toBe('width');
  });

  it('takes the enum, lenum and text attributes that differ as axes, never Unique ones or booleans', () => {
    const type = new TypeAttributes(productType);
    const variants = [
      variant(1, 'A', { size: 'S', color: red, 'sku-code': 'x1', onSale: true }),
      variant(2, 'B', { size: 'M', color: red, 'sku-code': 'x2', onSale: false }),
    ];
    expect(type.axes(variants).map((axis) => axis.name)).toEqual(['size']);
    const combination = new TypeAttributes({
      ...productType,
      attributes: [
        ...productType.attributes!,
        { name: 'fit', label: { en: 'Fit' }, type: { name: 'enum', values: [] }, attributeConstraint: 'CombinationUnique' },
      ],
    } as ProductType);
    expect(combination.axes(variants).map((axis) => axis.name)).toEqual(['fit']);
  });
});

describe('commercetools product rows', () => {
  const context = (overrides: Partial<MappingContext> = {}): MappingContext => ({
    localize: localizer('en', ['de']),
    categoryPaths: new Map([['cat-1', ['Women', 'Shirts']]]),
    productType: () => new TypeAttributes(productType),
    priceBaseMap: new Map(),
    stock: (sku) =>
      sku === 'A'
        ? new Map([
            ['Default', 4],
            ['store-berlin', 2],
          ])
        : undefined,
    staged: false,
    now: NOW,
    ...overrides,
  });
  const product = (variants: ProductVariant[], extra: Partial<ProductProjection> = {}): ProductProjection =>
    ({
      id: 'prod-1',
      name: { en: 'Shirt | Classic', de: 'Hemd' },
      slug: { en: 'shirt-classic', de: 'hemd' },
      categories: [{ typeId: 'category', id: 'cat-1' }],
      productType: { typeId: 'product-type', id: 'type-1' },
      masterVariant: variants[0],
      variants: variants.slice(1),
      ...extra,
    }) as ProductProjection;

  it('a product with one variant is one row with its SKU, prices, stock, images and barcode', () => {
    const counts = { prices: zeroPriceCounts(), variantsWithoutSku: 0 };
    const rows = productRows(product([variant(1, 'A', { size: 'S', color: red, gtin: '4006381333931' }, [eur(1999)])]), context(), counts);
    expect(rows).toEqual([
      {
        sku: 'A',
        name: 'Shirt / Classic',
        enabled: 'true',
        categories: 'Women > Shirts',
        product_url: 'shirt-classic',
        'price:EUR:msrp': '19.99',
        'attr:Size': 'S',
        'attr:Colour[selectbox]': 'red',
        'barcode:GTIN-13': '4006381333931',
        'inventory:Default': '4',
        'inventory:store-berlin': '2',
        images: 'https://img.example/1.jpg',
      },
    ]);
  });

  it('several variants: a parent keyed by the product key (else the slug) and one row per variant with its options', () => {
    const counts = { prices: zeroPriceCounts(), variantsWithoutSku: 0 };
    const variants = [
      variant(1, 'A', { size: 'S', color: red }, [eur(1000)]),
      variant(2, 'B', { size: 'M', color: red }),
      variant(3, undefined, { size: 'L', color: red }),
    ];
    const rows = productRows(product(variants), context(), counts);
    expect(rows.map((row) => [row['sku'], row['parent_sku'], row['option:Size'], row['name']])).toEqual([
      ['shirt-classic', undefined, undefined, 'Shirt / Classic'],
      ['A', 'shirt-classic', 'S', 'Shirt / Classic – S'],
      ['B', 'shirt-classic', 'M', 'Shirt / Classic – M'],
    ]);
    // Shared attributes on the parent; no prices, stock or axes there.
    expect(rows[0]).toMatchObject({ 'attr:Colour[selectbox]': 'red', categories: 'Women > Shirts' });
    expect(Object.keys(rows[0]!).some((header) => header.startsWith('price:') || header.startsWith('inventory:') || header === 'attr:Size')).toBe(false);
    expect(counts.variantsWithoutSku).toBe(1);
    expect(productRows(product(variants, { key: 'shirt-key' }), context(), counts)[0]!['sku']).toBe('shirt-key');
  });

  it('staged projections carry their published flag as enabled', () => {
    const counts = { prices: zeroPriceCounts(), variantsWithoutSku: 0 };
    const rows = productRows(product([variant(1, 'A', {})], { published: false }), context({ staged: true }), counts);
    expect(rows[0]!['enabled']).toBe('false');
  });
});

describe('commercetools categories', () => {
  const category = (id: string, en: string, parent?: string, extra: Record<string, unknown> = {}) =>
    ({
      id,
      name: { en, de: `${en}-de` },
      slug: { en: en.toLowerCase() },
      ...(parent ? { parent: { typeId: 'category', id: parent } } : {}),
      ...extra,
    }) as never;

  it('builds each path from the root in the locale, parents first, children listed before their parents too', () => {
    const tree = categoryTree(
      [
        category('c3', 'Trousers', 'c2'),
        category('c2', 'Women', 'c1'),
        category('c1', 'New', undefined, { metaTitle: { en: 'New in' } }),
        category('c4', 'Women'),
      ],
      localizer('en', []),
    );
    expect(tree.entries.map((entry) => entry.path.join(' > '))).toEqual(['New', 'Women', 'New > Women', 'New > Women > Trousers']);
    expect(tree.entries[0]).toEqual({ path: ['New'], slug: 'new', seo_meta_title: 'New in' });
    expect(tree.paths.get('c3')).toEqual(['New', 'Women', 'Trousers']);
    expect(categoryTree([category('c1', 'New')], localizer('de', ['en'])).entries[0]!.path).toEqual(['New-de']);
  });

  it('keeps the first of two siblings with the same name and counts the other', () => {
    const tree = categoryTree([category('a', 'Shoes'), category('b', 'shoes'), category('c', 'Boots', 'b')], localizer('en', []));
    expect(tree.entries.map((entry) => entry.path.join(' > '))).toEqual(['Shoes', 'shoes > Boots']);
    expect(tree.duplicates).toBe(1);
  });

  it('orders siblings by orderHint, as decimals, whatever order they are listed in: the first keeps its slug', () => {
    const siblings = [
      category('late', 'Sale', undefined, { orderHint: '0.9', slug: { en: 'sale-late' } }),
      category('early', 'SALE', undefined, { orderHint: '0.10', slug: { en: 'sale-early' } }),
      category('first', 'Boots', undefined, { orderHint: '0.05' }),
      category('unhinted', 'Bags'),
    ];
    for (const listed of [siblings, [...siblings].reverse()]) {
      const tree = categoryTree(listed, localizer('en', []));
      expect(tree.entries.map((entry) => [entry.path.join(' > '), entry.slug])).toEqual([
        ['Bags', 'bags'],
        ['Boots', 'boots'],
        ['SALE', 'sale-early'],
      ]);
      expect(tree.duplicates).toBe(1);
    }
  });
});

describe('commercetools failures are source errors the exit-code switch maps', () => {
  const where = { apiUrl: 'https://api.example.com', authUrl: 'https://auth.example.com', projectKey: 'shop', during: 'reading the project' };
  const report = (raw: unknown) => reportForError(toCommercetoolsError(raw, where));

  it('a refused client, a missing scope or project, a certificate that does not match are lasting (exit 3), with the remedy as hint', () => {
    expect(report({ statusCode: 401, body: { error: 'invalid_client' } })).toMatchObject({
      code: EXIT_CONFIG,
      hint: expect.stringContaining('rotate-key --commercetools'),
    });
    expect(report({ statusCode: 403, body: { errors: [{ code: 'insufficient_scope' }] } })).toMatchObject({
      code: EXIT_CONFIG,
      hint: expect.stringContaining('view_products:shop'),
    });
    expect(report({ statusCode: 404 }).code).toBe(EXIT_CONFIG);
    expect(report({ cause: { code: 'ERR_TLS_CERT_ALTNAME_INVALID' } }).code).toBe(EXIT_CONFIG);
  });

  it('429s, 5xx and an unreachable host may pass (exit 75)', () => {
    expect(report({ statusCode: 503 })).toMatchObject({ code: EXIT_TEMPORARY, message: expect.stringContaining('answered 503') });
    expect(report({ statusCode: 429 }).code).toBe(EXIT_TEMPORARY);
    expect(report({ cause: { code: 'ENOTFOUND' } })).toMatchObject({ code: EXIT_TEMPORARY, hint: expect.stringContaining('region') });
    expect(toCommercetoolsError({ statusCode: 503 }, where)).toBeInstanceOf(SourceError);
  });
});
