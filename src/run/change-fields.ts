// What one write changes, field by field, from the task, its outcome and what Jasper held
// before it (SPEC §13). Pure: the recorder reads, this compares. A real run and a dry run
// describe a write the same way, so their changes.csv name the same fields.
import type { RemoteCategory, RemoteProduct } from '../jasper/types.js';
import { DISABLED_HASH } from '../plan/keys.js';
import type { Ref, Task } from '../plan/types.js';
import type { ChangeAction, ChangeRecord, FieldChange } from './change-log.js';

/** A referenced entity's Jasper id; undefined in a dry run for what the plan would create. */
export type MaybeResolve = (ref: Ref) => number | undefined;

export interface BeforeState {
  product?: RemoteProduct | undefined;
  category?: RemoteCategory | undefined;
}

export type Change = Omit<ChangeRecord, 'seq' | 'cache' | 'task' | 'entity' | 'key'>;

/** The product whose state before the write must be read: updates, attribute values and images --prune deletes. */
export function productToRead(task: Task, resolve: MaybeResolve): number | undefined {
  const payload = task.payload;
  if (payload.entity === 'product') return task.action === 'update' ? payload.id : undefined;
  if (payload.entity === 'price' || payload.entity === 'inventory') return task.action === 'update' ? resolve(payload.product) : undefined;
  if (payload.entity === 'attributeValues') return resolve(payload.product);
  if (payload.entity === 'removal' && payload.of === 'asset') return resolve(payload.product);
  return undefined;
}

/** The SKU of the product a per-product write belongs to. */
export function productOf(task: Task): string | undefined {
  const payload = task.payload;
  if (payload.entity === 'product') return payload.sku;
  return 'product' in payload ? payload.product.key : undefined;
}

/** The change a write made; `outcome` is what the write did (or, in a dry run, would do). */
export function describeChange(
  task: Task,
  outcome: 'created' | 'updated' | 'deleted',
  remoteId: number | undefined,
  before: BeforeState,
  resolve: MaybeResolve,
): Change {
  const payload = task.payload;
  const product = productOf(task);
  const created = (ids: Change['ids'], fields: FieldChange[] = []): Change => ({ action: 'created', product, ids, fields });
  const updated = (ids: Change['ids'], fields: FieldChange[], action: ChangeAction = 'updated'): Change => ({ action, product, ids, fields });
  const id = remoteId ?? null;
  const ref = (of: Ref | undefined) => (of ? (resolve(of) ?? null) : null);
  switch (payload.entity) {
    case 'category': {
      const after = { name: payload.name, ...payload.body };
      if (outcome === 'created') return created({ id, parent: ref(payload.parent ?? undefined) }, fieldsOf(after));
      return updated({ id: payload.id ?? id }, diff(after, before.category as Record<string, unknown> | undefined));
    }
    case 'option':
    case 'optionSet':
    case 'relationType':
      return created({ id }, fieldsOf({ name: payload.name }));
    case 'attribute':
      return created({ id }, fieldsOf({ name: payload.name, type: payload.type }));
    case 'optionValue':
      return created({ id, option: ref(payload.option) }, fieldsOf({ value: payload.value }));
    case 'typeValue':
      return created({ id, attribute: ref(payload.attribute) }, fieldsOf({ value: payload.value }));
    case 'optionSetOption':
      return created({ optionSet: ref(payload.optionSet), option: ref(payload.option) }, fieldsOf({ sort_order: payload.sortOrder }));
    case 'product': {
      const after: Record<string, unknown> = { ...payload.body };
      if (payload.parent) after.parent_id = resolve(payload.parent) ?? payload.parent.key;
      if (payload.optionSet) after.option_set_id = resolve(payload.optionSet) ?? payload.optionSet.key;
      if (payload.categories && payload.categories.length > 0) after.category_ids = payload.categories.map((category) => resolve(category) ?? category.key);
      if (outcome === 'created') return created({ id, variant: payload.parent ? 1 : 0 }, fieldsOf({ sku: payload.sku, ...after }));
      const held = before.product ? { ...before.product, category_ids: (before.product.categories ?? []).map((category) => category.id) } : undefined;
      return updated({ id: payload.id ?? id }, diff(after, held), task.hash === DISABLED_HASH ? 'disabled' : 'updated');
    }
    case 'price':
    case 'inventory': {
      const productId = ref(payload.product);
      if (outcome === 'created') return created({ product: productId, id }, fieldsOf(payload.body));
      const rows = (payload.entity === 'price' ? before.product?.prices : before.product?.inventory) as
        ({ id: number } & Record<string, unknown>)[] | undefined;
      const row = rows?.find((candidate) => candidate.id === payload.id);
      return updated({ product: productId, id: payload.id ?? id }, diff(payload.body, row));
    }
    case 'attributeValues': {
      const ids: Change['ids'] = { product: ref(payload.product) };
      const fields: FieldChange[] = [];
      for (const { attribute, values } of payload.values) {
        const attributeId = resolve(attribute);
        ids[`attribute:${attribute.key}`] = attributeId ?? null;
        const held = before.product?.product_attributes?.find((entry) => entry.attribute_id === attributeId);
        const was = (held?.values ?? []).map((value) => String(value.value));
        if (!sameValue(was, values)) fields.push({ field: attribute.key, before: was, after: values });
      }
      return updated(ids, fields, before.product ? 'updated' : 'created');
    }
    case 'categoryAssignment':
      return created({ product: ref(payload.product), category: ref(payload.category) }, fieldsOf({ category: payload.category.key }));
    case 'asset':
      return created({ product: ref(payload.product), id }, fieldsOf({ image_url: payload.url, sort_order: payload.sortOrder }));
    case 'barcode':
      return created({ product: ref(payload.product), id }, fieldsOf({ type: payload.type, barcode: payload.value }));
    case 'variantLink':
    case 'relatedLink':
      return created(
        { product: ref(payload.product), related: ref(payload.related), relationType: ref(payload.relationType) },
        fieldsOf({ related: payload.related.key }),
      );
    case 'removal': {
      const productId = ref(payload.product);
      if (payload.of === 'relatedLink')
        return { action: 'deleted', product, ids: { product: productId, related: payload.relatedId, relationType: payload.relationTypeId }, fields: [] };
      if (payload.of === 'asset') {
        const asset = before.product?.assets?.find((candidate) => candidate.id === payload.id);
        const url = asset?.uri ?? asset?.image_url ?? task.key.slice(payload.product.key.length + 1);
        return { action: 'deleted', product, ids: { product: productId, id: payload.id, url, sortOrder: asset?.sort_order ?? null }, fields: [] };
      }
      const rest = task.key.slice(payload.product.key.length + 1);
      const bar = rest.indexOf('|');
      return { action: 'deleted', product, ids: { product: productId, id: payload.id, type: rest.slice(0, bar), value: rest.slice(bar + 1) }, fields: [] };
    }
  }
}

function fieldsOf(after: Record<string, unknown>): FieldChange[] {
  return Object.entries(after).map(([field, value]) => ({ field, before: null, after: value }));
}

/** The fields whose value the write changes; every field when the state before is unknown. */
function diff(after: Record<string, unknown>, held: Record<string, unknown> | undefined): FieldChange[] {
  const fields: FieldChange[] = [];
  for (const [field, value] of Object.entries(after)) {
    const was = held?.[field] ?? null;
    if (!held || !sameValue(was, value)) fields.push({ field, before: was, after: value });
  }
  return fields;
}

/** Equal as Jasper stores them: true is 1, "12.50" is 12.5, an empty text is null; lists as sets. */
export function sameValue(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) || Array.isArray(b)) {
    const left = (Array.isArray(a) ? a : a == null ? [] : [a]).map(scalar).map(String).sort();
    const right = (Array.isArray(b) ? b : b == null ? [] : [b]).map(scalar).map(String).sort();
    return left.length === right.length && left.every((value, index) => value === right[index]);
  }
  const [x, y] = [scalar(a), scalar(b)];
  if (x === null || y === null) return x === y;
  if (typeof x === 'number' || typeof y === 'number') return Number(x) === Number(y);
  return String(x) === String(y);
}

function scalar(value: unknown): string | number | null {
  if (value === null || value === undefined || value === '') return null;
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'number') return value;
  return typeof value === 'string' ? value : JSON.stringify(value);
}
