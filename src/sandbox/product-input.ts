// Reading a product body for create and update: the product's own fields, its variant
// link (parent_id + option_values) and category_ids, each checked against the store.

import { asObject, Input, toInteger } from './input.js';
import type { Store } from './store.js';
import type { SandboxOptionValueRef, SandboxProduct } from './types.js';

const TEXT_FIELDS = ['desc_short', 'desc_long', 'product_url', 'page_title'] as const;
/** Ids of things the sandbox does not model (styles, brands): passed through as sent. */
const PASSTHROUGH_FIELDS = ['style_id', 'brand_id'] as const;

export interface ProductInput {
  name?: string;
  sku?: string;
  parent_id?: number | null;
  option_set_id?: number | null;
  option_values?: SandboxOptionValueRef[];
  enabled?: 0 | 1;
  is_visible?: 0 | 1;
  text: Partial<Record<(typeof TEXT_FIELDS)[number], string | null>>;
  passthrough: Partial<Record<(typeof PASSTHROUGH_FIELDS)[number], string | number | null>>;
  category_ids?: number[];
}

/** Validates everything (throws one 422 listing every problem); `existing` is set on update. */
export function readProduct(store: Store, body: unknown, existing?: SandboxProduct): ProductInput {
  const input = new Input(asObject(body));
  const creating = existing === undefined;
  const out: ProductInput = { text: {}, passthrough: {} };

  if (creating || input.has('name')) out.name = input.requiredString('name');
  if (creating || input.has('sku')) {
    const sku = input.requiredString('sku');
    const owner = sku ? store.productBySku(sku) : undefined;
    if (owner && owner !== existing) input.fail('sku', 'The sku has already been taken.');
    out.sku = sku;
  }

  const parentId = input.ref('parent_id', (id) => store.product(id) !== undefined && id !== existing?.id, {
    zeroIsNull: true,
  });
  if (parentId !== undefined) out.parent_id = parentId;
  const optionValues = readOptionValues(store, input);
  if (optionValues !== undefined) out.option_values = optionValues;
  const optionErrors = Object.keys(input.errors).some((k) => k.startsWith('option_values'));
  const needsOptions = parentId != null && !optionErrors && !(optionValues ?? existing?.option_values)?.length;
  if (needsOptions) input.fail('option_values', 'The option values field is required when parent id is present.');

  const optionSetId = input.ref('option_set_id', (id) => store.optionSet(id) !== undefined, { zeroIsNull: true });
  if (optionSetId !== undefined) out.option_set_id = optionSetId;

  for (const flag of ['enabled', 'is_visible'] as const) {
    const v = input.bool(flag);
    if (v !== undefined) out[flag] = v ? 1 : 0;
  }
  for (const f of TEXT_FIELDS) {
    const v = input.string(f);
    if (v !== undefined) out.text[f] = v;
  }
  for (const f of PASSTHROUGH_FIELDS) {
    const v = input.body[f];
    if (v === undefined) continue;
    if (v === null || typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v))) out.passthrough[f] = v;
    else input.fail(f, `The ${f.replace(/_/g, ' ')} must be a string or a number.`);
  }
  const categoryIds = readIdList(input, 'category_ids', (id) => store.category(id) !== undefined);
  if (categoryIds !== undefined) out.category_ids = categoryIds;

  input.check();
  return out;
}

/** `[{option_id, option_value_id}]`, each value belonging to its option. */
function readOptionValues(store: Store, input: Input): SandboxOptionValueRef[] | undefined {
  const list = input.array('option_values');
  if (list === undefined) return undefined;
  const refs: SandboxOptionValueRef[] = [];
  list.forEach((item, i) => {
    const entry = asObject(item);
    const optionId = toInteger(entry.option_id);
    const valueId = toInteger(entry.option_value_id);
    const option = optionId === undefined ? undefined : store.option(optionId);
    if (!option) {
      input.fail(`option_values.${i}.option_id`, `The selected option_values.${i}.option_id is invalid.`);
      return;
    }
    if (valueId === undefined || !option.values.some((v) => v.id === valueId)) {
      input.fail(`option_values.${i}.option_value_id`, `The selected option_values.${i}.option_value_id is invalid.`);
      return;
    }
    refs.push({ option_id: option.id, option_value_id: valueId });
  });
  return refs;
}

function readIdList(input: Input, field: string, exists: (id: number) => boolean): number[] | undefined {
  const list = input.array(field);
  if (list === undefined) return undefined;
  const ids: number[] = [];
  list.forEach((raw, i) => {
    const id = toInteger(raw);
    if (id === undefined || !exists(id)) input.fail(`${field}.${i}`, `The selected ${field}.${i} is invalid.`);
    else ids.push(id);
  });
  return ids;
}
