// Attribute values and their types. A CSV cell under `attr:Country` (no hint) is kept
// whole when read, because whether `|` separates values depends on the attribute's type,
// which another file of the same push or the JSON `attributes` section may declare. Once
// every file is read, each value gets the push-wide type and multiselect values are split.

import type { AttributeTypes } from './attribute-types.js';
import type { AttributeType, AttributeValueInput, Issue, ProductInput, SourceLocation } from './types.js';
import { splitMulti } from './values.js';

/** A product row giving several values to an attribute with no type of its own (a JSON array): the attribute-type rule reads these. */
export interface MultiValuedRow {
  order: number;
  loc: SourceLocation;
  key?: string;
  attributes: readonly AttributeValueInput[];
}

/** Values read as one string with no type known yet. */
const unsplit = new WeakSet<AttributeValueInput>();

/** A value given as one string (a CSV cell or a JSON string). */
export function attributeFromText(name: string, text: string, type: AttributeType | undefined): AttributeValueInput {
  if (type === 'multiselect') return { name, type, values: splitMulti(text) };
  const value: AttributeValueInput = { name, ...(type ? { type } : {}), values: [text] };
  if (type === undefined) unsplit.add(value);
  return value;
}

/**
 * Whether the push-wide type rule concerns a value. A value with a type of its own comes
 * from a header hint, which is declared, and has several values only as a multiselect.
 */
export function hasUntypedValues(attribute: AttributeValueInput): boolean {
  return attribute.type === undefined && attribute.values.length > 1;
}

/**
 * Settles one type per attribute for the whole push: the declared one, or multiselect for an
 * attribute declared nowhere but given several values somewhere (a JSON array), so that the
 * planner creates it as one. A row giving several values to an attribute of another type
 * gets an error (through `flag`). Only rows with several values for an untyped attribute can
 * have either, so those are all it reads. Returns the types, for resolving values with resolveAttributeValues.
 */
export function settleAttributeTypes(
  rows: readonly MultiValuedRow[],
  declared: AttributeTypes,
  flag: (row: MultiValuedRow, issue: Issue) => void,
): Map<string, AttributeType> {
  const types = declared.all();
  for (const row of rows) {
    for (const attribute of row.attributes) {
      if (hasUntypedValues(attribute) && !types.has(attribute.name)) types.set(attribute.name, 'multiselect');
    }
  }
  for (const row of rows) {
    for (const attribute of row.attributes) {
      const type = attribute.type ?? types.get(attribute.name);
      if (type === undefined || type === 'multiselect' || attribute.values.length <= 1) continue;
      flag(row, {
        location: row.loc,
        column: row.loc.line === undefined ? `attributes.${attribute.name}` : `attr:${attribute.name}`,
        message: `attribute "${attribute.name}" is a ${type}; only a multiselect takes several values`,
        severity: 'error',
      });
    }
  }
  return types;
}

/** Gives a product's attribute values their push-wide types: multiselect values are split, empty ones dropped. */
export function resolveAttributeValues(product: ProductInput, types: ReadonlyMap<string, AttributeType>): void {
  for (const attribute of product.attributes) {
    const type = attribute.type ?? types.get(attribute.name);
    if (type === undefined) continue;
    attribute.type = type;
    if (type === 'multiselect' && unsplit.has(attribute)) attribute.values = splitMulti(attribute.values[0] ?? '');
  }
  product.attributes = product.attributes.filter((attribute) => attribute.values.length > 0);
}
