// Parsers for single cell values, shared by the CSV and JSON readers so both accept and
// reject exactly the same things. They return a message instead of throwing: a bad value
// is data to report, not a failure of the program.

import { type BarcodeType, CATEGORY_PATH_SEPARATOR, type CategoryPath } from './types.js';

export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };

const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const bad = (message: string): Parsed<never> => ({ ok: false, message });

const TRUE_WORDS = new Set(['true', '1', 'yes']);
const FALSE_WORDS = new Set(['false', '0', 'no']);

export function parseBoolean(text: string): Parsed<boolean> {
  const word = text.trim().toLowerCase();
  if (TRUE_WORDS.has(word)) return ok(true);
  if (FALSE_WORDS.has(word)) return ok(false);
  return bad(`${JSON.stringify(text)} is not a boolean (true/false/1/0/yes/no)`);
}

// Plain decimals only: "12,5", "1e3" or "$12" are far more likely a locale or export
// mistake than a price someone meant, so they are refused rather than guessed at.
const DECIMAL = /^(\d+(\.\d*)?|\.\d+)$/;
const WHOLE = /^\d+$/;

export function parsePrice(text: string): Parsed<number> {
  const trimmed = text.trim();
  if (trimmed.startsWith('-') && DECIMAL.test(trimmed.slice(1))) {
    return bad(`${JSON.stringify(text)} is negative; a price must be ≥ 0`);
  }
  if (!DECIMAL.test(trimmed)) return bad(`${JSON.stringify(text)} is not a number`);
  return ok(Number(trimmed));
}

export function parseCount(text: string): Parsed<number> {
  const trimmed = text.trim();
  const value = Number(trimmed);
  if (!WHOLE.test(trimmed) || !Number.isSafeInteger(value)) {
    return bad(`${JSON.stringify(text)} is not a whole number ≥ 0`);
  }
  return ok(value);
}

/** The same checks for values that arrive as JSON numbers. */
export function checkPriceNumber(value: number): Parsed<number> {
  if (!Number.isFinite(value)) return bad(`${value} is not a number`);
  if (value < 0) return bad(`${value} is negative; a price must be ≥ 0`);
  return ok(value);
}

export function checkCountNumber(value: number): Parsed<number> {
  if (!Number.isSafeInteger(value) || value < 0) return bad(`${value} is not a whole number ≥ 0`);
  return ok(value);
}

/** `a | b ||c` → ["a", "b", "c"]: trimmed, empties dropped. */
export function splitMulti(text: string): string[] {
  return text
    .split('|')
    .map((part) => part.trim())
    .filter((part) => part !== '');
}

/** `Apparel > Shirts` → ["Apparel", "Shirts"]; an empty level is an error. */
export function parseCategoryPath(text: string): Parsed<CategoryPath> {
  const levels = text.split(CATEGORY_PATH_SEPARATOR).map((level) => level.trim());
  // "Apparel >" has no " > " after trimming, so a dangling ">" is caught here too.
  const empty = levels.some((level) => level === '' || level.startsWith('>') || level.endsWith('>'));
  if (empty) return bad(`category path ${JSON.stringify(text)} has an empty level`);
  return ok(levels);
}

/** Checks levels given as a JSON array, e.g. ["Apparel", "Shirts"]. */
export function checkCategoryLevels(levels: string[]): Parsed<CategoryPath> {
  const trimmed = levels.map((level) => level.trim());
  if (trimmed.length === 0 || trimmed.some((level) => level === '')) {
    return bad(`category path ${JSON.stringify(levels)} has an empty level`);
  }
  return ok(trimmed);
}

/** An image URL: absolute http or https with a host; Jasper fetches it from there. */
export function parseImageUrl(text: string): Parsed<string> {
  const trimmed = text.trim();
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    return bad(`${JSON.stringify(text)} is not an image URL (http:// or https://)`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return bad(`${JSON.stringify(text)} is not an http or https URL`);
  if (url.hostname === '') return bad(`${JSON.stringify(text)} has no host`);
  if (/\s/.test(trimmed)) return bad(`${JSON.stringify(text)} contains spaces; encode them as %20`);
  return ok(trimmed);
}

/** Digits per barcode type, as the API checks them (Custom: any number of digits, per the reference). */
const BARCODE_DIGITS: Record<BarcodeType, number | undefined> = { 'UPC-A': 12, 'GTIN-13': 13, EAN: 13, 'ITF-14': 14, Custom: undefined };

export function checkBarcode(type: BarcodeType, text: string): Parsed<string> {
  const value = text.trim();
  const digits = BARCODE_DIGITS[type];
  if (!/^\d+$/.test(value)) return bad(`${JSON.stringify(text)} is not a ${type} barcode: digits only`);
  if (digits !== undefined && value.length !== digits) {
    return bad(`${JSON.stringify(text)} is not a ${type} barcode: it has ${value.length} digits, ${type} has ${digits}`);
  }
  return ok(value);
}
