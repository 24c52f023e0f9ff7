// The JSON sections other than `products`: categories, options, attributes, inventory.

import type { AttributeTypes } from './attribute-types.js';
import type { RowSink } from './collector.js';
import { describeJsonType, isJsonObject, JsonFields } from './json-fields.js';
import { readInventoryFields } from './json-products.js';
import { RowIssues, unique } from './row-issues.js';
import {
  ATTRIBUTE_TYPES,
  categoryPathKey,
  type AttributeDefinitionInput,
  type AttributeType,
  type CategoryInput,
  type InventoryRowInput,
  type OptionInput,
  type SourceLocation,
} from './types.js';
import { checkCategoryLevels, parseCategoryPath } from './values.js';

const CATEGORY_TEXT = ['desc', 'slug', 'seo_meta_title', 'seo_meta_desc', 'seo_meta_keywords', 'search_keywords'] as const;
const CATEGORY_KEYS: ReadonlySet<string> = new Set(['path', 'is_visible', ...CATEGORY_TEXT]);
const DEFINITION_KEYS: ReadonlySet<string> = new Set(['name', 'values']);
const ATTRIBUTE_KEYS: ReadonlySet<string> = new Set(['name', 'type', 'values']);

/** Calls `read` with the fields of each object of a section; a non-object element is an error row. */
function eachObject(list: unknown[], file: string, section: string, read: (fields: JsonFields, loc: SourceLocation) => void): void {
  list.forEach((item, index) => {
    const loc = { file, path: `${section}[${index}]` };
    const issues = new RowIssues(loc);
    if (!isJsonObject(item)) issues.error(undefined, `must be an object, not ${describeJsonType(item)}`);
    read(new JsonFields(isJsonObject(item) ? item : {}, issues), loc);
  });
}

export function readJsonCategories(list: unknown[], file: string, batch: RowSink): void {
  eachObject(list, file, 'categories', (fields, loc) => {
    fields.warnUnknown(CATEGORY_KEYS);
    const category: CategoryInput = { loc, path: [] };
    const raw = fields.source['path'];
    const parsed =
      typeof raw === 'string'
        ? parseCategoryPath(raw)
        : Array.isArray(raw) && raw.every((level) => typeof level === 'string')
          ? checkCategoryLevels(raw)
          : undefined;
    if (raw === undefined || raw === null || raw === '') fields.fail('path', 'path is missing; every category needs a path');
    else if (parsed === undefined) fields.fail('path', `must be a path string or an array of levels, not ${describeJsonType(raw)}`);
    else if (!parsed.ok) fields.fail('path', parsed.message);
    else category.path = parsed.value;
    const visible = fields.boolean('is_visible');
    if (visible !== undefined) category.is_visible = visible;
    for (const key of CATEGORY_TEXT) {
      const text = fields.string(key);
      if (text !== undefined) category[key] = text;
    }
    const key = category.path.length > 0 ? { key: categoryPathKey(category.path) } : {};
    batch.add('categories', { value: category, ...key, issues: fields.issues.list }, loc);
  });
}

export function readJsonOptions(list: unknown[], file: string, batch: RowSink): void {
  eachObject(list, file, 'options', (fields, loc) => {
    fields.warnUnknown(DEFINITION_KEYS);
    const option: OptionInput = { name: fields.string('name') ?? '', values: unique(fields.strings('values') ?? []) };
    if (option.name === '') fields.fail('name', 'an option needs a name');
    batch.add('options', { value: option, ...(option.name ? { key: option.name } : {}), issues: fields.issues.list }, loc);
  });
}

export function readJsonAttributes(list: unknown[], file: string, batch: RowSink, types: AttributeTypes): void {
  eachObject(list, file, 'attributes', (fields, loc) => {
    fields.warnUnknown(ATTRIBUTE_KEYS);
    const name = fields.string('name') ?? '';
    const typeText = fields.string('type') ?? 'text';
    const type = typeText.toLowerCase() as AttributeType;
    const attribute: AttributeDefinitionInput = { name, type, values: unique(fields.strings('values') ?? []) };
    if (name === '') fields.fail('name', 'an attribute needs a name');
    if (!ATTRIBUTE_TYPES.includes(type)) {
      fields.fail('type', `unknown attribute type "${typeText}" (${ATTRIBUTE_TYPES.join(', ')})`);
    } else if (name !== '') {
      const conflict = types.conflict(name, type);
      if (conflict !== undefined) fields.fail('type', conflict);
      else types.declare(name, type, loc);
    }
    batch.add('attributes', { value: attribute, ...(name ? { key: name } : {}), issues: fields.issues.list }, loc);
  });
}

export function readJsonInventory(list: unknown[], file: string, batch: RowSink): void {
  eachObject(list, file, 'inventory', (fields, loc) => {
    const sku = fields.string('sku') ?? '';
    if (sku === '' && fields.issues.list.length === 0) fields.fail('sku', 'sku is missing; every inventory row needs a SKU');
    const stock = readInventoryFields(fields);
    const row: InventoryRowInput = { loc, sku, ...(stock ?? { location: '', count_on_hand: 0 }) };
    batch.add('inventory', { value: row, ...(sku ? { key: sku } : {}), issues: fields.issues.list }, loc);
  });
}
