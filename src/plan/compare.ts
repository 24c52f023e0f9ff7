// Is what Jasper holds the same as what the input says? Jasper answers booleans as 1/0 and
// numbers as strings at times, so values are compared by meaning, not by type.
import { type InventoryInput, PRICE_FIELDS, type PriceInput } from '../catalog/types.js';
import type { RemoteInventory, RemotePrice } from '../jasper/types.js';
import { inventoryBody } from './bodies.js';
import type { Body } from './types.js';

export function sameValue(wanted: unknown, current: unknown): boolean {
  if (typeof wanted === 'boolean') return wanted === truthy(current);
  if (typeof wanted === 'number') return current !== null && current !== undefined && current !== '' && Number(current) === wanted;
  if (wanted === null || wanted === undefined) return current === null || current === undefined || current === '';
  return text(wanted) === (current === null || current === undefined ? '' : text(current));
}

/** A value as String() gives it (a list: its items joined by commas), but a plain object by its JSON: String() would make any two equal. */
function text(value: unknown): string {
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) return JSON.stringify(value);
  return String(value);
}

function truthy(value: unknown): boolean {
  return value === true || value === 1 || value === '1' || value === 'true';
}

/** The fields of `wanted` whose value differs in `current`. */
export function bodyChanges(wanted: Body, current: Body): Body {
  const changes: Body = {};
  for (const [field, value] of Object.entries(wanted)) {
    if (!sameValue(value, current[field])) changes[field] = value;
  }
  return changes;
}

export function samePrice(wanted: PriceInput, current: RemotePrice): boolean {
  return PRICE_FIELDS.every((field) => wanted[field] === undefined || sameValue(wanted[field], current[field]));
}

/** The fields an inventory write sends (bodies.ts), less its match key, as Jasper holds them. */
export function sameInventory(wanted: InventoryInput, current: RemoteInventory): boolean {
  return Object.entries(inventoryBody(wanted)).every(([field, value]) => field === 'location' || sameValue(value, (current as unknown as Body)[field]));
}

/** Attribute values as sets: order does not matter. */
export function sameValues(wanted: string[], current: string[]): boolean {
  const a = [...new Set(wanted.map((value) => value.trim()))].sort();
  const b = [...new Set(current.map((value) => value.trim()))].sort();
  return a.length === b.length && a.every((value, index) => value === b[index]);
}

/** Barcode types compare case-insensitively ("UPC-A" = "upc-a"). */
export function sameBarcodeType(a: string, b: string): boolean {
  return a.trim().toLowerCase() === b.trim().toLowerCase();
}
