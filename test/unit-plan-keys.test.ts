// The stable, pure parts of src/plan on plain data: match keys, content and per-field hashes,
// comparing wanted values with what Jasper answers, and what must be read given the cache.
import { describe, expect, it } from 'vitest';
import { bodyChanges, sameBarcodeType, samePrice, sameInventory, sameValue, sameValues } from '../src/plan/compare.js';
import type { DesiredProduct, DesiredState } from '../src/plan/desired.js';
import { type InventoryRowInput, nameKey } from '../src/catalog/types.js';
import { compareFields, fieldHashes } from '../src/plan/field-hash.js';
import { contentHash, stableJson } from '../src/plan/hash.js';
import {
  assetKey,
  assignmentKey,
  attributeValuesHash,
  barcodeKey,
  categoryHash,
  inventoryHash,
  inventoryKey,
  legacyAttributeValuesHash,
  legacyCategoryHash,
  legacyInventoryHash,
  CREATED_HASH,
  DISABLED_HASH,
  legacyPriceHash,
  legacyProductHash,
  PRESENCE_HASH,
  priceHash,
  priceKey,
  productEntities,
  productHash,
  type ReadNeeds,
  ReadNeedsCollector,
  relatedLinkKey,
  typeValueKey,
  variantLinkKey,
} from '../src/plan/keys.js';
import type { CacheEntry, CacheView } from '../src/plan/remote.js';
import type { RemoteInventory, RemotePrice } from '../src/jasper/types.js';

function product(overrides: Partial<DesiredProduct> = {}): DesiredProduct {
  return {
    sku: 'TEE-1',
    loc: { file: 'products.csv', line: 2 },
    body: { name: 'Tee' },
    hasName: true,
    parentSku: undefined,
    options: [],
    optionSet: undefined,
    categories: [],
    prices: [],
    attributes: [],
    inventory: [],
    related: [],
    images: [],
    barcodes: [],
    ...overrides,
  };
}

function cacheOf(entries: Record<string, CacheEntry>): CacheView {
  return { get: (id) => entries[id], entriesUnder: (prefix) => Object.entries(entries).filter(([id]) => id.startsWith(prefix)) };
}

describe('hashes', () => {
  it('stableJson: keys sorted, undefined left out (as null at the top), arrays in order', () => {
    expect(stableJson({ b: 1, a: [2, { d: undefined, c: 'x' }], e: null })).toBe('{"a":[2,{"c":"x"}],"b":1,"e":null}');
    expect(stableJson(undefined)).toBe('null');
    expect(stableJson('s')).toBe('"s"');
    expect(stableJson([undefined])).toBe('[null]');
    expect(stableJson({ B: 1, a: 2, A: 3 })).toBe('{"A":3,"B":1,"a":2}');
  });

  it('contentHash: 16 hex characters, the same for the same content in any key order', () => {
    expect(contentHash({ a: 1, b: 2 })).toMatch(/^[0-9a-f]{16}$/);
    expect(contentHash({ a: 1, b: 2 })).toBe(contentHash({ b: 2, a: 1 }));
    expect(contentHash({ a: 1 })).not.toBe(contentHash({ a: 2 }));
    expect(contentHash({ a: 1, b: undefined })).toBe(contentHash({ a: 1 }));
  });

  it('contentHash: the first 8 bytes of the SHA-256 of stableJson, so the change caches users already have stay valid', () => {
    // `printf '%s' '{"a":1,"b":[2,"c"]}' | sha256sum` is d765e5ded987639d0b8c….
    expect(contentHash({ b: [2, 'c'], a: 1 })).toBe('d765e5ded987639d');
  });

  it('nameKey: trimmed and lowercased', () => {
    expect(nameKey('  Main Store ')).toBe('main store');
  });

  it('fieldHashes: one 8-hex hash per named field, names sorted and encoded, undefined left out', () => {
    const hash = fieldHashes({ count_on_hand: 5, bin: 'A-1', site: undefined, 'a&b=c': 1 });
    expect(hash).toMatch(/^f:a%26b%3Dc=[0-9a-f]{8}&bin=[0-9a-f]{8}&count_on_hand=[0-9a-f]{8}$/);
    expect(hash).toContain(`bin=${contentHash('A-1').slice(0, 8)}`);
    expect(fieldHashes({})).toBe('f:');
  });

  it('compareFields: unchanged when every wanted field matches; a write merges its fields over the cached ones', () => {
    const both = fieldHashes({ count_on_hand: 5, bin: 'A-1' });
    const count = fieldHashes({ count_on_hand: 5 });
    expect(compareFields(both, count)).toEqual({ same: true, hash: both });
    const changed = compareFields(both, fieldHashes({ count_on_hand: 6 }));
    expect(changed).toEqual({ same: false, hash: fieldHashes({ count_on_hand: 6, bin: 'A-1' }) });
    expect(compareFields(count, fieldHashes({ bin: 'A-1' }))).toEqual({ same: false, hash: both });
    expect(compareFields('f:', count)).toEqual({ same: false, hash: count });
    expect(compareFields('f:', 'f:')).toEqual({ same: true, hash: 'f:' });
    // Not in the per-field form: the whole-content hash of an earlier version, or nothing cached.
    expect(compareFields(undefined, count)).toEqual({ same: false, hash: count });
    expect(compareFields('0123456789abcdef', count, '0123456789abcdef')).toEqual({ same: true, hash: count });
    expect(compareFields('0123456789abcdef', count, 'fedcba9876543210')).toEqual({ same: false, hash: count });
    expect(compareFields('0123456789abcdef', count)).toEqual({ same: false, hash: count });
  });

  it('price, inventory, product, attribute and category hashes name exactly the fields they write', () => {
    expect(priceHash({ base: 'US', msrp: 20, cost: undefined })).toBe(fieldHashes({ msrp: 20 }));
    expect(priceHash({ base: 'US', msrp: 20, map: 1, cost: 2, sell_price: 3 })).toBe(fieldHashes({ msrp: 20, map: 1, cost: 2, sell_price: 3 }));
    expect(legacyPriceHash({ base: 'US', msrp: 20 })).toBe(contentHash({ msrp: 20 }));
    expect(legacyInventoryHash({ location: ' Main ', count_on_hand: 5 })).toBe(contentHash({ count_on_hand: 5, location: 'main' }));
    expect(inventoryHash({ location: 'Main', count_on_hand: 5, bin: 'B' })).toBe(fieldHashes({ count_on_hand: 5, bin: 'B' }));

    const variant = product({ sku: 'TEE-1-M', parentSku: 'TEE-1', options: [{ option: 'Size', value: 'M' }] });
    expect(productHash(variant, 'parent')).toBe(fieldHashes({ name: 'Tee', __parent: 'TEE-1', __options: variant.options }));
    expect(productHash(variant, 'relation')).toBe(fieldHashes({ name: 'Tee', __options: variant.options }));
    expect(productHash(product({ optionSet: 'tee-1' }), 'relation')).toBe(fieldHashes({ name: 'Tee', __optionSet: 'tee-1' }));
    expect(productHash(product({ options: [{ option: 'Size', value: 'M' }] }), 'parent')).toBe(fieldHashes({ name: 'Tee' }));
    expect(legacyProductHash(variant, 'parent')).toBe(contentHash({ body: { name: 'Tee' }, parent: 'TEE-1', options: variant.options }));
    expect(legacyProductHash(variant, 'relation')).toBe(contentHash({ body: { name: 'Tee' }, options: variant.options }));
    expect(legacyProductHash(product({ optionSet: 's' }), 'relation')).toBe(contentHash({ body: { name: 'Tee' }, optionSet: 's' }));

    const withAttributes = product({
      attributes: [
        { attribute: 'Country', values: ['USA', 'Canada'] },
        { attribute: 'Brand', values: ['Acme'] },
      ],
    });
    expect(attributeValuesHash(withAttributes)).toBe(fieldHashes({ Country: ['Canada', 'USA'], Brand: ['Acme'] }));
    expect(legacyAttributeValuesHash(withAttributes)).toBe(
      contentHash([
        { attribute: 'Brand', values: ['Acme'] },
        { attribute: 'Country', values: ['USA', 'Canada'] },
      ]),
    );
    expect(categoryHash('Shirts', 'apparel', { desc: 'x' })).toBe(fieldHashes({ desc: 'x', __name: 'Shirts', __parent: 'apparel' }));
    expect(categoryHash('Apparel', undefined, {})).toBe(fieldHashes({ __name: 'Apparel', __parent: null }));
    expect(legacyCategoryHash('Shirts', 'apparel', { desc: 'x' })).toBe(contentHash({ name: 'Shirts', parent: 'apparel', fields: { desc: 'x' } }));
  });
});

describe('keys', () => {
  it('the hashes stored in the change cache for links, created items and disabled products', () => {
    // Stored on disk: a new spelling would make every cached entry look changed.
    expect([PRESENCE_HASH, CREATED_HASH, DISABLED_HASH]).toEqual(['present', 'created', 'disabled']);
  });

  it('every entity kind has its key', () => {
    expect(priceKey('A', 'ca')).toBe('A|CA');
    expect(inventoryKey('A', ' Main Store ')).toBe('A|main store');
    expect(assignmentKey('A', 'apparel>shirts')).toBe('A|apparel>shirts');
    expect(variantLinkKey('P', 'V')).toBe('P>V');
    expect(relatedLinkKey('A', 'Accessories', 'B')).toBe('A|Accessories|B');
    expect(assetKey('A', 'https://x/a.jpg')).toBe('A|https://x/a.jpg');
    expect(barcodeKey('A', 'EAN', '4006381330015')).toBe('A|EAN|4006381330015');
    expect(typeValueKey('Country', ' USA ')).toBe('Country=USA');
  });

  it('productEntities lists the product and everything written for it, in order', () => {
    const full = product({
      sku: 'V',
      parentSku: 'P',
      prices: [{ base: 'US', msrp: 1 }],
      attributes: [{ attribute: 'Brand', values: ['Acme'] }],
      inventory: [{ location: 'Main', count_on_hand: 2 }],
      categories: ['apparel'],
      images: ['https://x/a.jpg'],
      barcodes: [{ type: 'EAN', value: '4006381330015' }],
      related: [{ type: 'Accessories', sku: 'C' }],
    });
    const relation = productEntities(full, 'relation').map(({ entity, key, hash }) => [entity, key, hash === PRESENCE_HASH ? 'present' : 'hash']);
    expect(relation).toEqual([
      ['product', 'V', 'hash'],
      ['price', 'V|US', 'hash'],
      ['attributeValues', 'V', 'hash'],
      ['inventory', 'V|main', 'hash'],
      ['categoryAssignment', 'V|apparel', 'present'],
      ['variantLink', 'P>V', 'present'],
      ['asset', 'V|https://x/a.jpg', 'present'],
      ['barcode', 'V|EAN|4006381330015', 'present'],
      ['relatedLink', 'V|Accessories|C', 'present'],
    ]);
    expect(productEntities(full, 'parent').map(({ entity }) => entity)).not.toContain('variantLink');
    expect(productEntities(product(), 'relation').map(({ entity }) => entity)).toEqual(['product']);
  });
});

/** The desired state of a push with its product and inventory rows, as the shared pass collects them. */
type Wanted = DesiredState & { products: DesiredProduct[]; inventoryRows: InventoryRowInput[] };

/** What a push must read, through the collector the shared pass feeds row by row. */
function readNeeds(wanted: Wanted, cache: CacheView | undefined, variantMode: 'relation' | 'parent', kind: 'products' | 'categories'): ReadNeeds {
  const collector = new ReadNeedsCollector(cache, variantMode, new Set(wanted.products.map((product) => product.sku)));
  for (const product of wanted.products) collector.product(product);
  for (const row of wanted.inventoryRows) collector.inventoryRow(row);
  return collector.finish(wanted, wanted.products, kind);
}

/** A push's desired state holding these products and nothing else unless `extra` says so. */
function desired(products: DesiredProduct[], extra: Partial<Wanted> = {}): Wanted {
  return {
    categories: [],
    options: new Map(),
    optionValues: new Map(),
    optionSets: new Map(),
    attributes: new Map(),
    attributeValuesUsed: new Map(),
    relationTypes: new Map(),
    products,
    inventoryRows: [],
    ...extra,
  };
}

/** Cache entries vouching (with a Jasper id) for every entity of these products, as a relation-mode push leaves them. */
function cached(...products: DesiredProduct[]): Record<string, CacheEntry> {
  const entries: Record<string, CacheEntry> = {};
  for (const one of products) for (const entity of productEntities(one, 'relation')) entries[`${entity.entity}:${entity.key}`] = { id: 1, hash: entity.hash };
  return entries;
}

describe('readNeeds', () => {
  const list = (skus: Iterable<string>) => [...skus].sort();

  it('with no cache everything is read: products in the input in detail, outside SKUs for existence only', () => {
    const tee = product({ related: [{ type: 'Accessories', sku: 'CAP-1' }], images: ['https://x/a.jpg'] });
    const variant = product({ sku: 'TEE-1-M', parentSku: 'TEE-1' });
    const orphan = product({ sku: 'SOCK-1-M', parentSku: 'SOCK-1' });
    const needs = readNeeds(
      desired([tee, variant, orphan], {
        options: new Map([['size', { name: 'Size' }]]),
        relationTypes: new Map([['accessories', { name: 'Accessories' }]]),
        attributes: new Map([['brand', { name: 'Brand', type: undefined }]]),
        categories: [{ key: 'apparel', name: 'Apparel', parentKey: undefined, fields: {}, loc: { file: 'c.csv', line: 2 } } as never],
        inventoryRows: [{ sku: 'HAT-1', location: 'Main', count_on_hand: 1, loc: { file: 'i.csv', line: 2 } }],
      }),
      undefined,
      'relation',
      'products',
    );
    expect(needs).toMatchObject({ categories: true, options: true, attributes: true, relationTypes: true });
    expect(list(needs.productDetail)).toEqual(['HAT-1', 'SOCK-1-M', 'TEE-1', 'TEE-1-M']);
    expect(list(needs.productExistence)).toEqual(['CAP-1', 'SOCK-1']);
    expect(list(needs.media)).toEqual(['TEE-1']);
  });

  it('what the cache vouches for is not read; a category push reads no product', () => {
    const tee = product({ prices: [{ base: 'US', msrp: 1 }], related: [{ type: 'Accessories', sku: 'CAP-1' }] });
    const entities = productEntities(tee, 'relation');
    const entries: Record<string, CacheEntry> = {
      'product:CAP-1': { id: 9, hash: 'x' },
      'relationType:accessories': { id: 3, hash: PRESENCE_HASH },
      'option:size': { id: 1 },
      'optionValue:size=m': { id: 2 },
      'attribute:brand': { id: 4, hash: 'selectbox' },
      'typeValue:brand=Acme': { id: 5 },
      'category:apparel': { id: 6, hash: categoryHash('Apparel', undefined, {}) },
    };
    for (const entity of entities) entries[`${entity.entity}:${entity.key}`] = { id: 7, hash: entity.hash };
    const state = desired([tee], {
      options: new Map([['size', { name: 'Size' }]]),
      optionValues: new Map([['size=m', { option: 'size', value: 'M' }]]),
      relationTypes: new Map([['accessories', { name: 'Accessories' }]]),
      attributes: new Map([['brand', { name: 'Brand', type: 'selectbox' }]]),
      attributeValuesUsed: new Map([['brand', new Set(['Acme'])]]),
      categories: [{ key: 'apparel', name: 'Apparel', parentKey: undefined, fields: {} } as never],
    });
    const needs = readNeeds(state, cacheOf(entries), 'relation', 'products');
    expect(needs).toMatchObject({ categories: false, options: false, attributes: false, relationTypes: false });
    expect(list(needs.productDetail)).toEqual([]);
    expect(list(needs.productExistence)).toEqual([]);

    // A select value the cache has not seen, a category whose fields changed, an option value missing.
    const moreValues = { ...state, attributeValuesUsed: new Map([['brand', new Set(['Acme', 'Other'])]]) };
    expect(readNeeds(moreValues, cacheOf(entries), 'relation', 'products').attributes).toBe(true);
    const changedCategory = { ...state, categories: [{ key: 'apparel', name: 'Apparel', parentKey: undefined, fields: { desc: 'new' } } as never] };
    expect(readNeeds(changedCategory, cacheOf(entries), 'relation', 'products').categories).toBe(true);
    const { 'optionValue:size=m': _value, ...withoutValue } = entries;
    expect(readNeeds(state, cacheOf(withoutValue), 'relation', 'products').options).toBe(true);

    // A changed price is not a read (the cache knows its id); a price in a new base is.
    const repriced = product({ prices: [{ base: 'US', msrp: 2 }], related: tee.related });
    expect(list(readNeeds(desired([repriced]), cacheOf(entries), 'relation', 'products').productDetail)).toEqual([]);
    const changed = product({
      prices: [
        { base: 'US', msrp: 1 },
        { base: 'CA', msrp: 1 },
      ],
      related: tee.related,
    });
    expect(list(readNeeds(desired([changed]), cacheOf(entries), 'relation', 'products').productDetail)).toEqual(['TEE-1']);
    expect(list(readNeeds(desired([changed]), cacheOf(entries), 'relation', 'categories').productDetail)).toEqual([]);
  });

  it('relation mode reads a parent in the input whenever one of its variants is read', () => {
    const parent = product({ sku: 'P' });
    const variant = product({ sku: 'V', parentSku: 'P' });
    const entries = cached(parent);
    expect(list(readNeeds(desired([parent, variant]), cacheOf(entries), 'relation', 'products').productDetail)).toEqual(['P', 'V']);
    expect(list(readNeeds(desired([parent, variant]), cacheOf(entries), 'parent', 'products').productDetail)).toEqual(['V']);
  });
});

describe('readNeeds, case by case', () => {
  const detail = (wanted: Wanted, entries: Record<string, CacheEntry>, mode: 'relation' | 'parent' = 'relation') =>
    [...readNeeds(wanted, cacheOf(entries), mode, 'products').productDetail].sort();

  it('an entry without a Jasper id vouches only for links and assignments', () => {
    const tee = product({ prices: [{ base: 'US', msrp: 1 }], categories: ['apparel'] });
    const entries = cached(tee);
    entries['categoryAssignment:TEE-1|apparel'] = {};
    expect(detail(desired([tee]), entries)).toEqual([]);
    entries['price:TEE-1|US'] = { hash: 'x' };
    expect(detail(desired([tee]), entries)).toEqual(['TEE-1']);
  });

  it('a product read for its barcodes alone has its media read too', () => {
    const coded = product({ barcodes: [{ type: 'EAN', value: '4006381330015' }] });
    expect([...readNeeds(desired([coded]), undefined, 'relation', 'products').media]).toEqual(['TEE-1']);
    expect([...readNeeds(desired([coded]), cacheOf(cached(coded)), 'relation', 'products').media]).toEqual([]);
  });

  it('inventory rows: a product in the input is left to its own row; one outside is read unless the cache knows it and the row', () => {
    const tee = product();
    const row = (sku: string) => ({ sku, location: 'Main', count_on_hand: 1, loc: { file: 'i.csv', line: 2 } });
    expect(detail(desired([tee], { inventoryRows: [row('TEE-1')] }), cached(tee))).toEqual([]);
    const entries = { ...cached(tee), 'product:HAT-1': { id: 5, hash: 'x' } };
    expect(detail(desired([tee], { inventoryRows: [row('HAT-1')] }), entries)).toEqual(['HAT-1']);
    expect(detail(desired([tee], { inventoryRows: [row('HAT-1')] }), { ...entries, 'inventory:HAT-1|main': { id: 6, hash: 'y' } })).toEqual([]);
    expect(detail(desired([tee], { inventoryRows: [row('HAT-1')] }), { ...cached(tee), 'inventory:HAT-1|main': { id: 6, hash: 'y' } })).toEqual(['HAT-1']);
  });

  it('a product without an id in the cache is read for existence; one with an id is not', () => {
    const tee = product({ related: [{ type: 'Accessories', sku: 'CAP-1' }] });
    const existence = (entries: Record<string, CacheEntry>) => [...readNeeds(desired([tee]), cacheOf(entries), 'relation', 'products').productExistence];
    expect(existence({ ...cached(tee), 'product:CAP-1': { hash: 'x' } })).toEqual(['CAP-1']);
    expect(existence({ ...cached(tee), 'product:CAP-1': { id: 3, hash: 'x' } })).toEqual([]);
  });

  it('a parent outside the input is not read in detail for its variant; a variant not read does not pull its parent', () => {
    const variant = product({ sku: 'V', parentSku: 'Q' });
    expect(detail(desired([variant]), {})).toEqual(['V']);
    const parent = product({ sku: 'P' });
    const child = product({ sku: 'W', parentSku: 'P' });
    expect(detail(desired([parent, child]), cached(child))).toEqual(['P']);
  });

  it('shared entities: one unknown category of two, an unknown option set, a select value of an attribute cached as text', () => {
    const categories = [
      { key: 'a', name: 'A', parentKey: undefined, fields: {} },
      { key: 'b', name: 'B', parentKey: undefined, fields: {} },
    ] as never;
    const known = { 'category:a': { id: 1, hash: categoryHash('A', undefined, {}) } };
    expect(readNeeds(desired([], { categories }), cacheOf(known), 'relation', 'products').categories).toBe(true);
    const sets = desired([], { optionSets: new Map([['tee', { name: 'Tee', options: ['size'] }]]) });
    expect(readNeeds(sets, cacheOf({}), 'relation', 'products').options).toBe(true);
    expect(readNeeds(sets, cacheOf({ 'optionSet:tee': { id: 1 } }), 'relation', 'products').options).toBe(false);
    const attributes = (hash: string | undefined, type: 'text' | 'selectbox') =>
      readNeeds(
        desired([], { attributes: new Map([['brand', { name: 'Brand', type }]]), attributeValuesUsed: new Map([['brand', new Set(['Acme'])]]) }),
        cacheOf({ 'attribute:brand': hash === undefined ? { id: 1 } : { id: 1, hash } }),
        'relation',
        'products',
      ).attributes;
    expect(attributes('text', 'selectbox')).toBe(false);
    expect(attributes(undefined, 'text')).toBe(false);
    expect(attributes(undefined, 'selectbox')).toBe(true);
  });
});

describe('comparing with what Jasper answers', () => {
  it('sameValue compares by meaning: 1/0 and "true" for booleans, strings for numbers, empty for null', () => {
    for (const current of [true, 1, '1', 'true']) expect(sameValue(true, current)).toBe(true);
    for (const current of [false, 0, '0', 'false', null, undefined, 'yes']) expect(sameValue(true, current)).toBe(false);
    expect(sameValue(false, 0)).toBe(true);
    expect(sameValue(false, 1)).toBe(false);
    expect(sameValue(12.5, '12.50')).toBe(true);
    expect(sameValue(12.5, 12.5)).toBe(true);
    expect(sameValue(0, '')).toBe(false);
    expect(sameValue(0, null)).toBe(false);
    expect(sameValue(0, undefined)).toBe(false);
    expect(sameValue(0, '0')).toBe(true);
    expect(sameValue(1, '2')).toBe(false);
    for (const current of [null, undefined, '']) expect(sameValue(null, current)).toBe(true);
    expect(sameValue(undefined, '')).toBe(true);
    expect(sameValue(null, 'x')).toBe(false);
    expect(sameValue(null, 0)).toBe(false);
    expect(sameValue('', null)).toBe(true);
    expect(sameValue('', undefined)).toBe(true);
    expect(sameValue('undefined', undefined)).toBe(false);
    expect(sameValue('a', null)).toBe(false);
    expect(sameValue('5', 5)).toBe(true);
    expect(sameValue(['a', 'b'], 'a,b')).toBe(true);
    expect(sameValue({ a: 1 }, { a: 1 })).toBe(true);
    expect(sameValue({ a: 1 }, { a: 2 })).toBe(false);
  });

  it('bodyChanges lists only the fields that differ', () => {
    expect(bodyChanges({ name: 'Tee', enabled: true, desc_short: 'x' }, { name: 'Tee', enabled: 0, desc_short: 'x', extra: 'y' })).toEqual({ enabled: true });
    expect(bodyChanges({}, { name: 'x' })).toEqual({});
  });

  it('prices, inventory, attribute values and barcode types', () => {
    const remote = { id: 1, base: 'US', msrp: '20.00', map: null, cost: '8', sell_price: null } as unknown as RemotePrice;
    expect(samePrice({ base: 'US', msrp: 20 }, remote)).toBe(true);
    expect(samePrice({ base: 'US', msrp: 20, cost: 8 }, remote)).toBe(true);
    expect(samePrice({ base: 'US', msrp: 21 }, remote)).toBe(false);
    expect(samePrice({ base: 'US', map: 1 }, remote)).toBe(false);
    expect(samePrice({ base: 'US', sell_price: 1 }, remote)).toBe(false);
    const stock = { id: 1, location: 'Other', count_on_hand: '5', bin: 'A' } as unknown as RemoteInventory;
    expect(sameInventory({ location: 'Main', count_on_hand: 5 }, stock)).toBe(true);
    expect(sameInventory({ location: 'Main', count_on_hand: 5, bin: 'B' }, stock)).toBe(false);
    expect(sameInventory({ location: 'Main', count_on_hand: 6 }, stock)).toBe(false);
    expect(sameValues(['b', ' a', 'a'], ['a', 'b '])).toBe(true);
    expect(sameValues(['a'], ['a', 'b'])).toBe(false);
    expect(sameValues(['a', 'c'], ['a', 'b'])).toBe(false);
    expect(sameValues([], [])).toBe(true);
    expect(sameValues(['a', 'b'], ['b', 'a'])).toBe(true);
    expect(sameValues(['a'], ['a', 'a'])).toBe(true);
    expect(sameBarcodeType(' upc-a', 'UPC-A ')).toBe(true);
    expect(sameBarcodeType('EAN', 'GTIN-13')).toBe(false);
  });
});
