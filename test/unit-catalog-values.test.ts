// The cell parsers and header names of src/catalog on plain strings: every accepted form and
// every refusal with its exact message (these are what users read).
import { describe, expect, it } from 'vitest';
import {
  checkBarcode,
  checkCategoryLevels,
  checkCountNumber,
  checkPriceNumber,
  parseBoolean,
  parseCategoryPath,
  parseCount,
  parseImageUrl,
  parsePrice,
  splitMulti,
} from '../src/catalog/values.js';
import { interpretHeaderName, normalizeHeaderName, prepareRenames } from '../src/catalog/header-names.js';

const ok = (value: unknown) => ({ ok: true, value });
const bad = (message: string) => ({ ok: false, message });

describe('cell values', () => {
  it('booleans: true/1/yes and false/0/no in any case, trimmed; anything else is refused', () => {
    for (const word of ['true', ' TRUE ', '1', 'Yes']) expect(parseBoolean(word)).toEqual(ok(true));
    for (const word of ['false', 'False', '0', ' no']) expect(parseBoolean(word)).toEqual(ok(false));
    expect(parseBoolean('y')).toEqual(bad('"y" is not a boolean (true/false/1/0/yes/no)'));
    expect(parseBoolean('')).toEqual(bad('"" is not a boolean (true/false/1/0/yes/no)'));
  });

  it('prices: plain decimals only; negative ones and locale or exponent forms are refused', () => {
    expect(parsePrice(' 12.50 ')).toEqual(ok(12.5));
    expect(parsePrice('7')).toEqual(ok(7));
    expect(parsePrice('7.')).toEqual(ok(7));
    expect(parsePrice('.5')).toEqual(ok(0.5));
    expect(parsePrice('.55')).toEqual(ok(0.55));
    expect(parsePrice('0')).toEqual(ok(0));
    expect(parsePrice('-3')).toEqual(bad('"-3" is negative; a price must be ≥ 0'));
    expect(parsePrice('-.5')).toEqual(bad('"-.5" is negative; a price must be ≥ 0'));
    for (const text of ['12,5', '1e3', '$12', '', '.', '1.2.3', '-', '--1', 'x1', '1x'])
      expect(parsePrice(text)).toEqual(bad(`${JSON.stringify(text)} is not a number`));
  });

  it('counts: whole numbers ≥ 0 within safe integers', () => {
    expect(parseCount(' 42 ')).toEqual(ok(42));
    expect(parseCount('0')).toEqual(ok(0));
    for (const text of ['-1', '2.5', '', 'x', '1e2', '9007199254740993', ' 1 2'])
      expect(parseCount(text)).toEqual(bad(`${JSON.stringify(text)} is not a whole number ≥ 0`));
    expect(parseCount('9007199254740991')).toEqual(ok(9007199254740991));
  });

  it('JSON numbers get the same checks', () => {
    expect(checkPriceNumber(0)).toEqual(ok(0));
    expect(checkPriceNumber(2.5)).toEqual(ok(2.5));
    expect(checkPriceNumber(-0.01)).toEqual(bad('-0.01 is negative; a price must be ≥ 0'));
    expect(checkPriceNumber(Number.NaN)).toEqual(bad('NaN is not a number'));
    expect(checkPriceNumber(Number.POSITIVE_INFINITY)).toEqual(bad('Infinity is not a number'));
    expect(checkCountNumber(0)).toEqual(ok(0));
    expect(checkCountNumber(3)).toEqual(ok(3));
    for (const value of [-1, 1.5, 2 ** 53]) expect(checkCountNumber(value)).toEqual(bad(`${value} is not a whole number ≥ 0`));
  });

  it('multi-value cells are split on |, trimmed, empties dropped', () => {
    expect(splitMulti(' a | b ||c|')).toEqual(['a', 'b', 'c']);
    expect(splitMulti('')).toEqual([]);
    expect(splitMulti('one')).toEqual(['one']);
  });

  it('category paths: levels trimmed; an empty or dangling level is refused', () => {
    expect(parseCategoryPath(' Apparel >  Shirts ')).toEqual(ok(['Apparel', 'Shirts']));
    expect(parseCategoryPath('Sale')).toEqual(ok(['Sale']));
    expect(parseCategoryPath('a>b')).toEqual(ok(['a>b']));
    for (const text of ['Apparel >', '> Apparel', 'Apparel >  > Shirts', '', 'A > >B', 'A> > B']) {
      expect(parseCategoryPath(text)).toEqual(bad(`category path ${JSON.stringify(text)} has an empty level`));
    }
    expect(checkCategoryLevels([' Apparel', 'Shirts '])).toEqual(ok(['Apparel', 'Shirts']));
    expect(checkCategoryLevels([])).toEqual(bad('category path [] has an empty level'));
    expect(checkCategoryLevels(['A', ' '])).toEqual(bad('category path ["A"," "] has an empty level'));
  });

  it('image URLs: absolute http(s) with a host and no spaces', () => {
    expect(parseImageUrl(' https://cdn.example.com/a.jpg ')).toEqual(ok('https://cdn.example.com/a.jpg'));
    expect(parseImageUrl('http://cdn.example.com/a.jpg')).toEqual(ok('http://cdn.example.com/a.jpg'));
    expect(parseImageUrl('cdn.example.com/a.jpg')).toEqual(bad('"cdn.example.com/a.jpg" is not an image URL (http:// or https://)'));
    expect(parseImageUrl('ftp://cdn.example.com/a.jpg')).toEqual(bad('"ftp://cdn.example.com/a.jpg" is not an http or https URL'));
    expect(parseImageUrl('https://cdn.example.com/a b.jpg')).toEqual(bad('"https://cdn.example.com/a b.jpg" contains spaces; encode them as %20'));
  });

  it('barcodes: digits only, the digit count of their type; Custom any count', () => {
    expect(checkBarcode('UPC-A', ' 081234500078 ')).toEqual(ok('081234500078'));
    expect(checkBarcode('EAN', '4006381330015')).toEqual(ok('4006381330015'));
    expect(checkBarcode('GTIN-13', '4006381330015')).toEqual(ok('4006381330015'));
    expect(checkBarcode('ITF-14', '14006381330012')).toEqual(ok('14006381330012'));
    expect(checkBarcode('Custom', '7')).toEqual(ok('7'));
    expect(checkBarcode('UPC-A', '12345678901')).toEqual(bad('"12345678901" is not a UPC-A barcode: it has 11 digits, UPC-A has 12'));
    expect(checkBarcode('EAN', '081234500078')).toEqual(bad('"081234500078" is not a EAN barcode: it has 12 digits, EAN has 13'));
    expect(checkBarcode('ITF-14', '4006381330015')).toEqual(bad('"4006381330015" is not a ITF-14 barcode: it has 13 digits, ITF-14 has 14'));
    expect(checkBarcode('Custom', '12a')).toEqual(bad('"12a" is not a Custom barcode: digits only'));
    expect(checkBarcode('EAN', '')).toEqual(bad('"" is not a EAN barcode: digits only'));
    expect(checkBarcode('Custom', 'a12')).toEqual(bad('"a12" is not a Custom barcode: digits only'));
  });
});

describe('header names', () => {
  const none = prepareRenames(undefined);

  it('--map renames are matched trimmed and case-insensitively, then normalised', () => {
    const renames = prepareRenames({ ' Item Number ': 'sku', Colour: 'attr:Color', Price: ' MSRP ' });
    expect(normalizeHeaderName('item number', renames)).toBe('sku');
    expect(normalizeHeaderName(' COLOUR ', renames)).toBe('attr:Color');
    expect(normalizeHeaderName('price', renames)).toBe('msrp');
    expect(normalizeHeaderName('Other', renames)).toBe('other');
  });

  it('plain names are lowercased; prefixed names keep the case after the prefix', () => {
    expect(normalizeHeaderName(' SKU ', none)).toBe('sku');
    expect(normalizeHeaderName('_Error', none)).toBe('_Error');
    expect(normalizeHeaderName('Option : Size ', none)).toBe('option:Size');
    expect(normalizeHeaderName('INVENTORY:Main Store', none)).toBe('inventory:Main Store');
    expect(normalizeHeaderName('Related:Accessories', none)).toBe('related:Accessories');
    expect(normalizeHeaderName('Price: ca : MSRP', none)).toBe('price:ca:msrp');
    expect(normalizeHeaderName('price:CA:msrp:x', none)).toBe('price:CA:msrp:x');
    expect(normalizeHeaderName('barcode:upc-a', none)).toBe('barcode:UPC-A');
    expect(normalizeHeaderName('barcode:gtin-13', none)).toBe('barcode:GTIN-13');
    expect(normalizeHeaderName('barcode:Unknown', none)).toBe('barcode:Unknown');
    expect(normalizeHeaderName('attr:Country [ MultiSelect ]', none)).toBe('attr:Country[multiselect]');
    expect(normalizeHeaderName('attr: Material ', none)).toBe('attr:Material');
    // Only price columns split on ":", only attribute columns carry a [type]; a prefix must start the name.
    expect(normalizeHeaderName('option:A:B', none)).toBe('option:A:B');
    expect(normalizeHeaderName('option:Size [X]', none)).toBe('option:Size [X]');
    expect(normalizeHeaderName('Xoption:Size', none)).toBe('xoption:size');
  });

  it('what a normalised name stands for', () => {
    expect(interpretHeaderName('_error')).toEqual({ type: 'ignored' });
    expect(interpretHeaderName('sku')).toEqual({ type: 'plain', name: 'sku' });
    expect(interpretHeaderName('other:thing')).toEqual({ type: 'plain', name: 'other:thing' });
    expect(interpretHeaderName('options')).toEqual({ type: 'plain', name: 'options' });
    expect(interpretHeaderName('option:Size')).toEqual({ type: 'option', name: 'Size' });
    expect(interpretHeaderName('inventory:Main')).toEqual({ type: 'inventory', location: 'Main' });
    expect(interpretHeaderName('related:Accessories')).toEqual({ type: 'related', relation: 'Accessories' });
    expect(interpretHeaderName('barcode:EAN')).toEqual({ type: 'barcode', barcodeType: 'EAN' });
    expect(interpretHeaderName('barcode:ISBN')).toEqual({ type: 'invalid', message: 'unknown barcode type "ISBN" (UPC-A, GTIN-13, EAN, ITF-14, Custom)' });
    expect(interpretHeaderName('option:')).toEqual({ type: 'invalid', message: '"option:" needs a name after the colon' });
    expect(interpretHeaderName('price:CA:msrp')).toEqual({ type: 'price', base: 'CA', field: 'msrp' });
    expect(interpretHeaderName('price:US:sell_price')).toEqual({ type: 'price', base: 'US', field: 'sell_price' });
    const priceShape = { type: 'invalid', message: 'a price column is written price:<BASE>:<field> with field one of msrp, map, cost, sell_price' };
    for (const name of ['price:CA', 'price::msrp', 'price:CA:retail', 'price:CA:msrp:x']) expect(interpretHeaderName(name)).toEqual(priceShape);
    expect(interpretHeaderName('attr:Material')).toEqual({ type: 'attr', name: 'Material' });
    expect(interpretHeaderName('attr:Country[multiselect]')).toEqual({ type: 'attr', name: 'Country', hint: 'multiselect' });
    expect(interpretHeaderName('attr:Born[date]')).toEqual({ type: 'attr', name: 'Born', hint: 'date' });
    expect(interpretHeaderName('attr:[text]')).toEqual({ type: 'invalid', message: '"attr:" needs a name before the [type]' });
    expect(interpretHeaderName('attr:Size[number]')).toEqual({
      type: 'invalid',
      message: 'unknown attribute type "number" (text, textarea, date, selectbox, multiselect)',
    });
    expect(interpretHeaderName('attr:Size[text]s')).toEqual({
      type: 'invalid',
      message: 'an attribute type is written attr:<Name>[type], e.g. attr:Country[multiselect]',
    });
    expect(interpretHeaderName('attr:Size[text')).toEqual({
      type: 'invalid',
      message: 'an attribute type is written attr:<Name>[type], e.g. attr:Country[multiselect]',
    });
  });
});
