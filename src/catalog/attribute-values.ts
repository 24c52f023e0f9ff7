// Attribute values and their types. A CSV cell under `attr:Country` (no hint) is kept
// whole when read, because whether `|` separates values depends on the attribute's type,
// which another file of the same push or the JSON `attributes` section may declare. Once
// every file is read, each value gets the push-wide type and multiselect values are split.

import type { AttributeTypes } from './attribute-types.js';
import type { Entry } from './collector.js';
import type { AttributeType, AttributeValueInput, ProductInput } from './types.js';
import { splitMulti } from './values.js';

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
 * Gives every attribute value the type declared anywhere in the push. An attribute declared
 * nowhere but given several values somewhere (a JSON array) is taken to be a multiselect,
 * so that the planner creates it as one.
 */
export function resolveAttributeValues(products: Entry<ProductInput>[], declared: AttributeTypes): void {
  const inferred = new Set<string>();
  for (const { value: product } of products) {
    for (const attribute of product.attributes) {
      if (attribute.values.length > 1 && declared.typeOf(attribute.name) === undefined) inferred.add(attribute.name);
    }
  }
  for (const entry of products) {
    const product = entry.value;
    for (const attribute of product.attributes) {
      const type = attribute.type ?? declared.typeOf(attribute.name) ?? (inferred.has(attribute.name) ? 'multiselect' : undefined);
      if (type === undefined) continue;
      attribute.type = type;
      if (type === 'multiselect' && unsplit.has(attribute)) attribute.values = splitMulti(attribute.values[0] ?? '');
      if (type !== 'multiselect' && attribute.values.length > 1) {
        entry.issues.push({
          location: entry.loc,
          column: entry.loc.line === undefined ? `attributes.${attribute.name}` : `attr:${attribute.name}`,
          message: `attribute "${attribute.name}" is a ${type}; only a multiselect takes several values`,
          severity: 'error',
        });
      }
    }
    product.attributes = product.attributes.filter((attribute) => attribute.values.length > 0);
  }
}
