// commercetools attributes → Jasper attributes and options (SPEC §11): enum / lenum → selectbox,
// a set of them → multiselect, text / ltext and everything else → text. The variant axes of a
// product are its type's CombinationUnique attributes; without those, the enum, lenum and text
// attributes whose values differ between its variants (never a Unique one, never a boolean).
import type { Attribute, AttributeDefinition, AttributeType, LocalizedString, ProductType, ProductVariant } from '@commercetools/platform-sdk';
import type { AttributeType as JasperAttributeType } from '../../catalog/types.js';

/** Picks the text for the chosen locale, else the project's other languages, else any. */
export type Localize = (text: LocalizedString | undefined) => string | undefined;

export function localizer(locale: string, fallbacks: readonly string[]): Localize {
  return (text) => {
    if (!text) return undefined;
    for (const language of [locale, ...fallbacks]) {
      const value = text[language];
      if (value !== undefined && value !== '') return value;
    }
    return Object.values(text).find((value) => value !== '');
  };
}

export function jasperType(type: AttributeType | undefined): JasperAttributeType {
  if (!type) return 'text';
  if (type.name === 'enum' || type.name === 'lenum') return 'selectbox';
  if (type.name === 'set' && (type.elementType.name === 'enum' || type.elementType.name === 'lenum')) return 'multiselect';
  return 'text';
}

/**
 * The attribute's name in Jasper: its label in the chosen language, else its name. Brackets become
 * parentheses: in a §3 header `attr:Width [cm]` would read as a type hint.
 */
export function attributeLabel(definition: AttributeDefinition | undefined, name: string, localize: Localize): string {
  return (
    cleanName(localize(definition?.label) ?? name)
      .replace(/\[/g, '(')
      .replace(/\]/g, ')') || name
  );
}

/** The values an attribute shows, as Jasper stores them (one, or several for a multiselect). */
export function displayValues(type: AttributeType | undefined, value: unknown, localize: Localize): string[] {
  if (value === undefined || value === null) return [];
  const kind = type?.name;
  if (kind === 'set' || Array.isArray(value)) {
    const element = type?.name === 'set' ? type.elementType : undefined;
    const values = (Array.isArray(value) ? value : [value]).flatMap((item) => displayValues(element, item, localize));
    // A set of plain values is one text in Jasper.
    return jasperType(type) === 'multiselect' || values.length === 0 ? values : [values.join(', ')];
  }
  if (typeof value === 'object') {
    const object = value as Record<string, unknown>;
    if ('label' in object) {
      const label = object['label'];
      const shown = typeof label === 'string' ? label : localize(label as LocalizedString);
      return shown === undefined ? [] : [shown];
    }
    if ('centAmount' in object && 'currencyCode' in object) {
      const digits = Number(object['fractionDigits'] ?? 2);
      return [`${(Number(object['centAmount']) / 10 ** digits).toFixed(digits)} ${String(object['currencyCode'])}`];
    }
    if ('typeId' in object && 'id' in object) return [String((object['obj'] as { key?: string } | undefined)?.key ?? object['id'])];
    if (kind === 'ltext' || kind === undefined) {
      const text = localize(object as LocalizedString);
      if (kind === 'ltext' || typeof text === 'string') return text === undefined || text === '' ? [] : [text];
    }
    return [JSON.stringify(value)];
  }
  const text = typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? String(value) : JSON.stringify(value);
  return text === '' ? [] : [text];
}

/** Finds each attribute's definition in the product type by name. */
export class TypeAttributes {
  private readonly byName: Map<string, AttributeDefinition>;

  constructor(readonly type: ProductType | undefined) {
    this.byName = new Map((type?.attributes ?? []).map((definition) => [definition.name, definition]));
  }

  get(name: string): AttributeDefinition | undefined {
    return this.byName.get(name);
  }

  /** The attributes that tell a product's variants apart, in the product type's order. */
  axes(variants: readonly ProductVariant[]): AttributeDefinition[] {
    if (variants.length < 2) return [];
    const definitions = this.type?.attributes ?? [];
    const combination = definitions.filter((definition) => definition.attributeConstraint === 'CombinationUnique');
    if (combination.length > 0) return combination;
    return definitions.filter((definition) => {
      if (!['enum', 'lenum', 'text'].includes(definition.type.name) || definition.attributeConstraint === 'Unique') return false;
      const seen = new Set(variants.map((variant) => JSON.stringify(findAttribute(variant, definition.name)?.value ?? null)));
      return seen.size > 1;
    });
  }
}

export function findAttribute(variant: ProductVariant, name: string): Attribute | undefined {
  return variant.attributes?.find((attribute) => attribute.name === name);
}

/** Attribute names that hold a barcode (GTIN, EAN, UPC, ISBN) rather than a description. */
export function isBarcodeAttribute(name: string): boolean {
  return /^(gtin|ean|upc|isbn|barcode)(\d*|[-_ ]?code)?$/i.test(name.trim());
}

/** `|` separates values and ` > ` levels in §3 cells; a name or value cannot carry them. */
export function cleanName(text: string): string {
  return text
    .replace(/\|/g, '/')
    .replace(/\s+>\s+/g, ' - ')
    .replace(/\s+/g, ' ')
    .trim();
}
