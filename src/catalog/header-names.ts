// Header names: the `--map` rename, then one spelling per column, so the rest of the
// reader (and a failures file written from the normalised header) never deals with case
// or stray spaces. Plain names are lowercased; prefixed names keep the case of the part
// after the prefix, because that part is an option, attribute or location name in Jasper.

import { ATTRIBUTE_TYPES, BARCODE_TYPES, PRICE_FIELDS, type AttributeType, type BarcodeType, type PriceField } from './types.js';

export const COLUMN_PREFIXES = ['option', 'attr', 'price', 'inventory', 'related', 'barcode'] as const;
export type ColumnPrefix = (typeof COLUMN_PREFIXES)[number];

/** `--map` keys are matched trimmed and case-insensitively. */
export type HeaderRenames = ReadonlyMap<string, string>;

export function prepareRenames(columnMap: Record<string, string> | undefined): HeaderRenames {
  const renames = new Map<string, string>();
  for (const [from, to] of Object.entries(columnMap ?? {})) renames.set(from.trim().toLowerCase(), to);
  return renames;
}

const PREFIXED = /^(option|attr|price|inventory|related|barcode)\s*:(.*)$/is;
const TYPE_HINT = /^(.*?)\s*\[\s*([^\][]*?)\s*\]$/s;

export function normalizeHeaderName(raw: string, renames: HeaderRenames): string {
  const trimmed = raw.trim();
  const name = (renames.get(trimmed.toLowerCase()) ?? trimmed).trim();
  if (name.startsWith('_')) return name;
  const match = PREFIXED.exec(name);
  if (!match) return name.toLowerCase();
  const prefix = match[1]!.toLowerCase();
  const rest = match[2]!.trim();
  if (prefix === 'price') {
    const parts = rest.split(':').map((part) => part.trim());
    if (parts.length === 2) return `price:${parts[0]}:${parts[1]!.toLowerCase()}`;
  }
  if (prefix === 'barcode') {
    // The type is one of a fixed list: spelled as the API spells it, whatever the header's case.
    const type = BARCODE_TYPES.find((candidate) => candidate.toLowerCase() === rest.toLowerCase());
    return `barcode:${type ?? rest}`;
  }
  if (prefix === 'attr') {
    const hint = TYPE_HINT.exec(rest);
    if (hint) return `attr:${hint[1]!.trim()}[${hint[2]!.toLowerCase()}]`;
  }
  return `${prefix}:${rest}`;
}

/** What a normalised header name stands for, before checking it is allowed for a kind. */
export type HeaderMeaning =
  | { type: 'ignored' }
  | { type: 'plain'; name: string }
  | { type: 'option'; name: string }
  | { type: 'attr'; name: string; hint?: AttributeType }
  | { type: 'price'; base: string; field: PriceField }
  | { type: 'inventory'; location: string }
  | { type: 'related'; relation: string }
  | { type: 'barcode'; barcodeType: BarcodeType }
  | { type: 'invalid'; message: string };

export function interpretHeaderName(name: string): HeaderMeaning {
  if (name.startsWith('_')) return { type: 'ignored' };
  const colon = name.indexOf(':');
  const prefix = colon < 0 ? undefined : name.slice(0, colon);
  if (prefix === undefined || !(COLUMN_PREFIXES as readonly string[]).includes(prefix)) {
    return { type: 'plain', name };
  }
  const rest = name.slice(colon + 1);
  if (rest === '') return { type: 'invalid', message: `"${prefix}:" needs a name after the colon` };
  switch (prefix as ColumnPrefix) {
    case 'option':
      return { type: 'option', name: rest };
    case 'inventory':
      return { type: 'inventory', location: rest };
    case 'related':
      return { type: 'related', relation: rest };
    case 'barcode':
      return BARCODE_TYPES.includes(rest as BarcodeType)
        ? { type: 'barcode', barcodeType: rest as BarcodeType }
        : { type: 'invalid', message: `unknown barcode type "${rest}" (${BARCODE_TYPES.join(', ')})` };
    case 'price':
      return interpretPrice(rest);
    case 'attr':
      return interpretAttribute(rest);
  }
}

function interpretPrice(rest: string): HeaderMeaning {
  const parts = rest.split(':');
  const field = parts[1] as PriceField;
  if (parts.length !== 2 || parts[0] === '' || !PRICE_FIELDS.includes(field)) {
    return {
      type: 'invalid',
      message: `a price column is written price:<BASE>:<field> with field one of ${PRICE_FIELDS.join(', ')}`,
    };
  }
  return { type: 'price', base: parts[0]!, field };
}

function interpretAttribute(rest: string): HeaderMeaning {
  const hint = TYPE_HINT.exec(rest);
  if (!hint) {
    if (/[[\]]/.test(rest)) {
      return { type: 'invalid', message: 'an attribute type is written attr:<Name>[type], e.g. attr:Country[multiselect]' };
    }
    return { type: 'attr', name: rest };
  }
  const name = hint[1]!;
  const type = hint[2]! as AttributeType;
  if (name === '') return { type: 'invalid', message: '"attr:" needs a name before the [type]' };
  if (!ATTRIBUTE_TYPES.includes(type)) {
    return {
      type: 'invalid',
      message: `unknown attribute type "${hint[2]}" (${ATTRIBUTE_TYPES.join(', ')})`,
    };
  }
  return { type: 'attr', name, hint: type };
}
