// Catalog → what Jasper should hold, keyed by match keys. Pure; knows nothing of Jasper's state.
import {
  type AttributeDefinitionInput,
  type AttributeType,
  type CategoryInput,
  type CategoryPath,
  categoryPathKey,
  type InventoryInput,
  nameKey,
  type OptionInput,
  type PriceInput,
  type ProductInput,
  type SourceLocation,
} from '../catalog/types.js';
import { addOptionNames, type VariantOptions } from '../catalog/row-index.js';
import { categoryFields, productFields } from './bodies.js';
import type { Body } from './types.js';

/** The relation type that links a parent to its variants in `--variant-mode relation`. */
export const VARIANT_RELATION_TYPE = 'Variant';

export type VariantMode = 'relation' | 'parent';

export interface DesiredCategory {
  key: string;
  name: string;
  parentKey: string | undefined;
  depth: number;
  fields: Body;
  rows: SourceLocation[];
}

export interface DesiredProduct {
  sku: string;
  loc: SourceLocation;
  /** Product body fields given in the input (name included when given). */
  body: Body;
  hasName: boolean;
  parentSku: string | undefined;
  options: { option: string; value: string }[];
  /** Option set key when this product is the parent of variants in the input. */
  optionSet: string | undefined;
  categories: string[];
  prices: PriceInput[];
  attributes: { attribute: string; values: string[] }[];
  inventory: InventoryInput[];
  related: { type: string; sku: string }[];
  /** Image URLs, the main image first. */
  images: string[];
  barcodes: { type: string; value: string }[];
}

export interface DesiredState {
  categories: DesiredCategory[];
  options: Map<string, { name: string }>;
  optionValues: Map<string, { option: string; value: string }>;
  optionSets: Map<string, { name: string; options: string[] }>;
  attributes: Map<string, { name: string; type: AttributeType | undefined }>;
  /** Every value used per attribute; type values are needed only where the attribute is a select. */
  attributeValuesUsed: Map<string, Set<string>>;
  relationTypes: Map<string, { name: string }>;
}

export function optionValueKey(option: string, value: string): string {
  return `${option}=${value}`;
}

const NO_OPTIONS: readonly string[] = [];
// Shared empty lists: most rows of a large catalog have no images or barcodes, and none are mutated.
const NO_IMAGES: string[] = [];
const NO_BARCODES: { type: string; value: string }[] = [];

/** The catalog sections that stay small: held whole, unlike product and inventory rows. */
export interface SharedSections {
  categories: CategoryInput[];
  options: OptionInput[];
  attributes: AttributeDefinitionInput[];
}

/**
 * Option names in the same order on every machine. localeCompare follows the machine's locale (a
 * Swedish one sorts Ä after Z), so a terminal and a cron job named the same option set two ways.
 * English order is the root order, which every locale without rules of its own (C, en, de, fr…)
 * gave before. Names of ASCII letters, digits and spaces (Size, Color, Shoe Size 2) are put in
 * that order without ICU, whose collator costs 8–13 ms of CPU to load: a tenth of a `ping`, paid
 * by every push with variants. Any other name goes to the collator, made on first use.
 */
let optionNameOrder: Intl.Collator | undefined;
export const byOptionName = (a: string, b: string): number =>
  PLAIN_NAME.test(a) && PLAIN_NAME.test(b) ? rootOrderOfPlain(a, b) : (optionNameOrder ??= new Intl.Collator('en-US')).compare(a, b);

const PLAIN_NAME = /^[A-Za-z0-9 ]*$/;
/** A plain character's weight in the root order: space, then digits, then letters, case aside. */
function rootWeight(code: number): number {
  if (code === 0x20) return 0;
  if (code <= 0x39) return 1 + code - 0x30;
  return 11 + (code | 0x20) - 0x61;
}
/** The root order of two plain names: by their characters case aside, then lowercase before uppercase at the first difference. */
function rootOrderOfPlain(a: string, b: string): number {
  for (let index = 0; index < a.length && index < b.length; index++) {
    const weights = rootWeight(a.charCodeAt(index)) - rootWeight(b.charCodeAt(index));
    if (weights !== 0) return Math.sign(weights);
  }
  if (a.length !== b.length) return a.length < b.length ? -1 : 1;
  // Equal but for case: the first difference decides, and ASCII puts uppercase before lowercase.
  return a === b ? 0 : a < b ? 1 : -1;
}

/**
 * Builds what Jasper should hold one product at a time, so a large catalog can be streamed:
 * shared entities (categories, options, attributes, relation types) accumulate in `state`,
 * each product comes back as a DesiredProduct for the caller to plan and let go. Giving the
 * same product twice registers nothing new.
 */
export class DesiredBuilder {
  readonly state: DesiredState = {
    categories: [],
    options: new Map(),
    optionValues: new Map(),
    optionSets: new Map(),
    attributes: new Map(),
    attributeValuesUsed: new Map(),
    relationTypes: new Map(),
  };
  private readonly categories = new Map<string, DesiredCategory>();

  /** `variantOptions`: per parent SKU, the option names its variants use (it gets an option set of them). */
  constructor(
    sections: SharedSections,
    private readonly variantOptions: VariantOptions,
    variantMode: VariantMode,
  ) {
    for (const category of sections.categories) this.addCategory(category.path, category);
    for (const option of sections.options) {
      const key = this.addOption(option.name);
      for (const value of option.values) this.state.optionValues.set(optionValueKey(key, value.trim()), { option: key, value: value.trim() });
    }
    for (const attribute of sections.attributes) {
      const key = this.addAttribute(attribute.name, attribute.type);
      for (const value of attribute.values) this.useAttributeValue(key, value.trim());
    }
    if (variantMode === 'relation' && variantOptions.size > 0) this.addRelationType(VARIANT_RELATION_TYPE);
  }

  product(product: ProductInput): DesiredProduct {
    const options = product.parentSku
      ? product.options.map(({ name, value }) => {
          const option = this.addOption(name);
          this.state.optionValues.set(optionValueKey(option, value.trim()), { option, value: value.trim() });
          return { option, value: value.trim() };
        })
      : [];
    let optionSet: string | undefined;
    const setOptions = new Set([...(this.variantOptions.get(product.sku) ?? NO_OPTIONS)].map((name) => name.trim()));
    if (setOptions.size > 0) {
      const names = [...setOptions].sort(byOptionName);
      const name = names.join(' / ');
      optionSet = nameKey(name);
      if (!this.state.optionSets.has(optionSet)) this.state.optionSets.set(optionSet, { name, options: names.map((option) => this.addOption(option)) });
    }
    const attributes = product.attributes.map(({ name, type, values }) => {
      const key = this.addAttribute(name, type);
      for (const value of values) this.useAttributeValue(key, value);
      return { attribute: key, values };
    });
    return {
      sku: product.sku,
      loc: product.loc,
      body: productFields(product.name, product.fields),
      hasName: Boolean(product.name && product.name.trim() !== ''),
      parentSku: product.parentSku,
      options,
      optionSet,
      categories: product.categories.map((path) => this.addCategory(path)),
      prices: mergePrices(product.prices),
      attributes,
      inventory: product.inventory,
      related: product.related.flatMap(({ type, skus }) => {
        const typeKey = this.addRelationType(type);
        return skus.map((sku) => ({ type: typeKey, sku }));
      }),
      // Sources fill these too: a URL or a code given twice is one asset or barcode.
      images: product.images?.length ? [...new Set(product.images)] : NO_IMAGES,
      barcodes: product.barcodes?.length ? uniqueBarcodes(product.barcodes) : NO_BARCODES,
    };
  }

  /** Call once every product has been given: categories in planning order, parents first. */
  finish(): DesiredState {
    this.state.categories = [...this.categories.values()].sort((a, b) => a.depth - b.depth);
    return this.state;
  }

  private addCategory(path: CategoryPath, input?: CategoryInput): string {
    let parentKey: string | undefined;
    path.forEach((name, index) => {
      const key = categoryPathKey(path.slice(0, index + 1).map(nameKey));
      if (!this.categories.has(key)) this.categories.set(key, { key, name, parentKey, depth: index, fields: {}, rows: [] });
      parentKey = key;
    });
    const leaf = this.categories.get(parentKey!)!;
    if (input) {
      leaf.fields = categoryFields(input);
      leaf.rows.push(input.loc);
    }
    return leaf.key;
  }

  private addOption(name: string): string {
    const key = nameKey(name);
    if (!this.state.options.has(key)) this.state.options.set(key, { name: name.trim() });
    return key;
  }

  private addAttribute(name: string, type: AttributeType | undefined): string {
    const key = nameKey(name);
    const existing = this.state.attributes.get(key);
    if (!existing) this.state.attributes.set(key, { name: name.trim(), type });
    else if (!existing.type && type) existing.type = type;
    return key;
  }

  private useAttributeValue(key: string, value: string): void {
    let used = this.state.attributeValuesUsed.get(key);
    if (!used) this.state.attributeValuesUsed.set(key, (used = new Set<string>()));
    used.add(value);
  }

  private addRelationType(name: string): string {
    const key = nameKey(name);
    if (!this.state.relationTypes.has(key)) this.state.relationTypes.set(key, { name: name.trim() });
    return key;
  }
}

/** Per parent SKU, the trimmed option names its variants use, first seen first; every parent of a variant has an entry. */
export function variantOptionsOf(products: Iterable<Pick<ProductInput, 'parentSku' | 'options'>>): Map<string, string[]> {
  const names = new Map<string, string[]>();
  for (const product of products) {
    if (!product.parentSku) continue;
    let list = names.get(product.parentSku);
    if (list === undefined) names.set(product.parentSku, (list = []));
    addOptionNames(
      list,
      product.options.map((option) => option.name),
    );
  }
  return names;
}

function uniqueBarcodes(barcodes: { type: string; value: string }[]): { type: string; value: string }[] {
  const byKey = new Map(barcodes.map((code) => [`${code.type}|${code.value}`, { type: code.type, value: code.value }]));
  return [...byKey.values()];
}

/** Two columns of one base (msrp, then price:US:cost) make one price. */
function mergePrices(prices: PriceInput[]): PriceInput[] {
  const byBase = new Map<string, PriceInput>();
  for (const price of prices) {
    const base = price.base.trim().toUpperCase();
    byBase.set(base, { ...(byBase.get(base) ?? {}), ...price, base });
  }
  return [...byBase.values()];
}
