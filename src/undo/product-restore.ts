// Takes back a run's changes to one product that existed before it: one read of the product as
// it is now, then the fields restored (where Jasper still holds the run's value, or --force),
// what the run added to it deleted, and what --prune deleted from it re-created.
import { nameKey } from '../catalog/types.js';
import type { JasperClient } from '../jasper/client.js';
import { isJasperApiError, type JasperApiError, NotFoundError } from '../jasper/errors.js';
import type { RemoteAsset, RemoteBarcode, RemoteProduct } from '../jasper/types.js';
import { sameValue } from '../run/change-fields.js';
import type { ChangeRecord } from '../run/change-log.js';
import type { StepResult, UndoAction, UndoItem } from './undo-types.js';

export interface RestoreContext {
  client: JasperClient;
  force: boolean;
  /** List what would be done; write nothing. */
  dryRun: boolean;
}

type Row = { id: number } & Record<string, unknown>;

/** The product's images and barcodes, each read at most once a step: a record looks only for its own row, which the step's other writes leave alone. */
interface ChildLists {
  assets(): Promise<RemoteAsset[]>;
  barcodes(): Promise<RemoteBarcode[]>;
}

function childLists(client: JasperClient, productId: number, current: RemoteProduct): ChildLists {
  let assets: Promise<RemoteAsset[]> | undefined;
  let barcodes: Promise<RemoteBarcode[]> | undefined;
  return {
    assets: () => (assets ??= current.assets ? Promise.resolve(current.assets) : client.listAssets(productId)),
    barcodes: () => (barcodes ??= client.listBarcodes(productId)),
  };
}

/** Why prices cannot be taken back. */
const NO_PRICE_DELETE = 'the API cannot delete prices: the price base stays on the product';

export async function restoreProduct(sku: string, records: ChangeRecord[], context: RestoreContext): Promise<StepResult> {
  const { client } = context;
  const productId = Number(records.find((record) => record.entity === 'product')?.ids.id ?? records.find((record) => record.ids.product)?.ids.product);
  const result: StepResult = { items: [], restored: [], dropped: [], renumbered: [] };
  let current: RemoteProduct;
  try {
    current = await client.getProduct(productId);
  } catch (error) {
    if (!(error instanceof NotFoundError)) throw error;
    for (const record of records) result.items.push(item(record, 'none', 'failed', { reason: `product ${sku} is no longer in Jasper` }));
    return result;
  }
  const lists = childLists(client, productId, current);
  const perRecord = new Map<ChangeRecord, UndoItem[]>();
  const add = (record: ChangeRecord, entries: UndoItem[]) => perRecord.set(record, [...(perRecord.get(record) ?? []), ...entries]);

  // The product's own fields, with the categories the run assigned taken off.
  const productBody: Record<string, unknown> = {};
  const productItems: UndoItem[] = [];
  const categoryIds = (current.categories ?? []).map((category) => Number(category.id));
  for (const record of records.filter((change) => change.entity === 'product')) {
    const held = { ...current, category_ids: categoryIds } as Record<string, unknown>;
    const entries = fieldItems(record, (field) => held[field], context.force, record.action === 'disabled' ? 're-enable' : 'restore');
    for (const entry of entries) if (entry.outcome === 'undone') productBody[entry.field!] = entry.before;
    add(record, entries);
    productItems.push(...entries);
  }
  const assigned = records.filter((record) => record.entity === 'categoryAssignment');
  if (assigned.length > 0 && !('category_ids' in productBody)) {
    const taken = new Set(assigned.map((record) => Number(record.ids.category)));
    const left = categoryIds.filter((id) => !taken.has(id));
    for (const record of assigned) {
      const entry = item(record, 'unassign', categoryIds.includes(Number(record.ids.category)) ? 'undone' : 'already');
      add(record, [entry]);
      productItems.push(entry);
    }
    if (left.length !== categoryIds.length) productBody.category_ids = left;
  }
  await writeUndone(productItems, context, () => client.updateProduct(productId, productBody));

  for (const record of records) {
    switch (record.entity) {
      case 'price':
      case 'inventory': {
        const rows = ((record.entity === 'price' ? current.prices : current.inventory) ?? []) as unknown as Row[];
        const location = record.key.slice(sku.length + 1);
        // A create killed in flight has no recorded id: its row is the one at its location.
        const row = rows.find((candidate) =>
          record.ids.id === null || record.ids.id === undefined
            ? record.entity === 'inventory' && nameKey(typeof candidate.location === 'string' ? candidate.location : '') === location
            : candidate.id === Number(record.ids.id),
        );
        if (record.action === 'created') {
          if (record.entity === 'price') add(record, [item(record, 'delete', 'cannot', { reason: NO_PRICE_DELETE })]);
          else add(record, await removal(record, row !== undefined, context, () => client.deleteInventory(productId, row!.id)));
          break;
        }
        if (!row) {
          add(record, [item(record, 'restore', 'failed', { reason: `the ${record.entity} row is no longer in Jasper` })]);
          break;
        }
        const entries = fieldItems(record, (field) => row[field], context.force, 'restore');
        const body = Object.fromEntries(entries.filter((entry) => entry.outcome === 'undone').map((entry) => [entry.field!, entry.before]));
        await writeUndone(entries, context, () =>
          record.entity === 'price' ? client.updatePrice(productId, row.id, body) : client.updateInventory(productId, row.id, body),
        );
        add(record, entries);
        break;
      }
      case 'attributeValues': {
        const entries = fieldItems(
          record,
          (field) =>
            (current.product_attributes ?? [])
              .find((held) => held.attribute_id === Number(record.ids[`attribute:${field}`]))
              ?.values.map((value) => String(value.value)) ?? [],
          context.force,
          'restore',
        );
        const writes = entries
          .filter((entry) => entry.outcome === 'undone')
          .map((entry) => ({
            attribute_id: Number(record.ids[`attribute:${entry.field}`]),
            version_id: 0,
            values: (entry.before as string[]).map((value) => ({ value })),
          }));
        await writeUndone(entries, context, () => client.putProductAttributes(productId, writes));
        add(record, entries);
        break;
      }
      case 'asset':
      case 'barcode':
      case 'variantLink':
      case 'relatedLink':
        if (record.action === 'deleted') add(record, await recreate(record, productId, current, lists, context, result));
        else add(record, await removal(record, true, context, () => deleteChild(client, productId, record, lists)));
        break;
      default:
        break;
    }
  }
  for (const [record, entries] of perRecord) {
    result.items.push(...entries);
    if (entries.some((entry) => entry.outcome === 'conflict')) result.dropped.push(record);
    else if (entries.every((entry) => entry.outcome === 'undone' || entry.outcome === 'already')) result.restored.push(record);
  }
  return result;
}

/** Each recorded field: restore it when Jasper still holds the run's value (or --force); already back; or a conflict. */
export function fieldItems(record: ChangeRecord, currentOf: (field: string) => unknown, force: boolean, action: UndoAction): UndoItem[] {
  return record.fields.map(({ field, before, after }) => {
    const current = currentOf(field);
    const outcome = sameValue(current, before) ? 'already' : sameValue(current, after) || force ? 'undone' : 'conflict';
    return item(record, action, outcome, { field, before, after, current });
  });
}

/** The one write that takes back the items to undo (none in a dry run); a refusal fails them. */
export async function writeUndone(items: UndoItem[], context: RestoreContext, call: () => Promise<unknown>): Promise<void> {
  if (context.dryRun || !items.some((entry) => entry.outcome === 'undone')) return;
  try {
    await call();
  } catch (error) {
    if (!failsItemOnly(error)) throw error;
    for (const entry of items) if (entry.outcome === 'undone') Object.assign(entry, { outcome: 'failed', reason: error.message });
  }
}

/** A DELETE of something the run added; gone already counts as done. */
async function removal(record: ChangeRecord, present: boolean, context: RestoreContext, call: () => Promise<unknown>): Promise<UndoItem[]> {
  if (!present) return [item(record, 'delete', 'already')];
  if (context.dryRun) return [item(record, 'delete', 'undone')];
  try {
    await call();
    return [item(record, 'delete', 'undone')];
  } catch (error) {
    if (error instanceof NotFoundError) return [item(record, 'delete', 'already')];
    if (!failsItemOnly(error)) throw error;
    return [item(record, 'delete', 'failed', { reason: error.message })];
  }
}

async function deleteChild(client: JasperClient, productId: number, record: ChangeRecord, lists: ChildLists): Promise<void> {
  if (record.entity === 'variantLink' || record.entity === 'relatedLink') {
    return client.deleteRelation(productId, Number(record.ids.related), Number(record.ids.relationType));
  }
  let id = record.ids.id === null || record.ids.id === undefined ? undefined : Number(record.ids.id);
  // A create killed in flight has no recorded id: find it by its URL or code.
  const rest = record.key.slice(String(record.product).length + 1);
  if (id === undefined && record.entity === 'asset') id = (await lists.assets()).find((asset) => (asset.uri ?? asset.image_url) === rest)?.id;
  if (id === undefined && record.entity === 'barcode') id = (await lists.barcodes()).find((code) => rest.endsWith(`|${code.barcode}`))?.id;
  if (id === undefined) throw new NotFoundError('not in Jasper', { method: 'DELETE', path: '' });
  if (record.entity === 'asset') return client.deleteAsset(productId, id);
  return client.deleteBarcode(productId, id);
}

/** What --prune deleted comes back, unless it is there again; a re-created image or barcode has a new id. */
async function recreate(
  record: ChangeRecord,
  productId: number,
  current: RemoteProduct,
  lists: ChildLists,
  context: RestoreContext,
  result: StepResult,
): Promise<UndoItem[]> {
  const { client } = context;
  const { ids } = record;
  let present: boolean;
  if (record.entity === 'asset') present = (await lists.assets()).some((asset) => (asset.uri ?? asset.image_url) === ids.url);
  else if (record.entity === 'barcode') present = (await lists.barcodes()).some((code) => String(code.barcode) === String(ids.value));
  else
    present = (current.related_products ?? []).some(
      (link) => Number(link.id) === Number(ids.related) && Number(link.relation_type_id) === Number(ids.relationType),
    );
  if (present) return [item(record, 're-create', 'already')];
  if (context.dryRun) return [item(record, 're-create', 'undone')];
  try {
    if (record.entity === 'asset') {
      const asset = await client.createAsset(productId, { image_url: ids.url, ...(ids.sortOrder === null ? {} : { sort_order: ids.sortOrder }) });
      result.renumbered!.push([record.task, asset.id]);
    } else if (record.entity === 'barcode') {
      const code = await client.createBarcode(productId, String(ids.type), String(ids.value));
      result.renumbered!.push([record.task, code.id]);
    } else await client.createRelation(productId, Number(ids.related), Number(ids.relationType));
    return [item(record, 're-create', 'undone')];
  } catch (error) {
    if (!failsItemOnly(error)) throw error;
    return [item(record, 're-create', 'failed', { reason: error.message })];
  }
}

/** A refusal that fails the item and lets the step go on: anything else (no answer from the API, a temporary one the queue retried already, a refused key that stops the run) goes up. */
export function failsItemOnly(error: unknown): error is JasperApiError {
  return isJasperApiError(error) && !error.temporary && error.status !== 401 && error.status !== 403;
}

export function item(record: ChangeRecord, action: UndoAction, outcome: UndoItem['outcome'], extra: Partial<UndoItem> = {}): UndoItem {
  return { entity: record.entity, key: record.key, action, outcome, ...extra };
}
