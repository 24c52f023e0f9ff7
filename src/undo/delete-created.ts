// Takes back what a run created that belongs to no product (and the products themselves): one
// DELETE each, children before parents; gone already counts as done. A category the run
// updated gets its fields back, unless they changed since.
import { nameKey } from '../catalog/types.js';
import type { JasperClient } from '../jasper/client.js';
import { NotFoundError } from '../jasper/errors.js';
import type { ChangeRecord } from '../run/change-log.js';
import { ENTITY_LABELS, type EntityKind } from '../plan/types.js';
import { failsItemOnly, fieldItems, item, type RestoreContext, writeUndone } from './product-restore.js';
import type { StepResult, UndoItem } from './undo-types.js';

/** The order deletes go in: variants before their parents, then what products referenced, each newest first. */
export const DELETE_ORDER: readonly EntityKind[] = [
  'product',
  'category',
  'optionSetOption',
  'optionSet',
  'optionValue',
  'option',
  'typeValue',
  'attribute',
  'relationType',
];

export async function deleteCreated(record: ChangeRecord, context: RestoreContext): Promise<StepResult> {
  const done = (entry: UndoItem): StepResult => ({ items: [entry], restored: entry.outcome === 'failed' ? [] : [record], dropped: [] });
  if (context.dryRun) return done(item(record, 'delete', 'undone'));
  try {
    if (record.entity !== 'optionSetOption' && (record.ids.id === undefined || record.ids.id === null)) {
      // Killed while its create was in flight: the id was never recorded; look it up by its name.
      const id = await lookupId(context.client, record);
      if (id === null) {
        const reason = `its Jasper id was not recorded (the run was stopped while creating it): delete ${ENTITY_LABELS[record.entity]} ${record.key} by hand`;
        return done(item(record, 'delete', 'failed', { reason }));
      }
      if (id === undefined) return done(item(record, 'delete', 'already'));
      record = { ...record, ids: { ...record.ids, id } };
    }
    await deleteCall(context.client, record);
    return done(item(record, 'delete', 'undone'));
  } catch (error) {
    if (error instanceof NotFoundError) return done(item(record, 'delete', 'already'));
    if (!failsItemOnly(error)) throw error;
    return done(item(record, 'delete', 'failed', { reason: error.message }));
  }
}

/** The id of what a create killed in flight made: undefined when it is not in Jasper, null when it cannot be looked up. */
async function lookupId(client: JasperClient, record: ChangeRecord): Promise<number | undefined | null> {
  const named = record.fields.find((field) => field.field === 'name')?.after;
  const name = nameKey(typeof named === 'string' ? named : record.key);
  const byName = (list: { id: number; name: string }[]) => list.find((entry) => nameKey(entry.name) === name)?.id;
  switch (record.entity) {
    case 'product':
      return (await client.findProductBySku(record.key))?.id;
    case 'option':
      return byName(await client.listOptions());
    case 'optionSet':
      return byName(await client.listOptionSets());
    case 'attribute':
      return byName(await client.listAttributes());
    case 'relationType':
      return byName(await client.listRelationTypes());
    default:
      return null;
  }
}

function deleteCall(client: JasperClient, { entity, ids }: ChangeRecord): Promise<void> {
  const id = Number(ids.id);
  switch (entity) {
    case 'product':
      return client.deleteProduct(id);
    case 'category':
      return client.deleteCategory(id);
    case 'optionSetOption':
      return client.removeOptionFromSet(Number(ids.optionSet), Number(ids.option));
    case 'optionSet':
      return client.deleteOptionSet(id);
    case 'optionValue':
      return client.deleteOptionValue(Number(ids.option), id);
    case 'option':
      return client.deleteOption(id);
    case 'typeValue':
      return client.deleteTypeValue(Number(ids.attribute), id);
    case 'attribute':
      return client.deleteAttribute(id);
    case 'relationType':
      return client.deleteRelationType(id);
    default:
      throw new Error(`internal: no delete for ${entity}`);
  }
}

/** A category's fields as they were before the run, where they still hold the run's values (or --force). */
export async function restoreCategory(record: ChangeRecord, context: RestoreContext): Promise<StepResult> {
  const { client } = context;
  const id = Number(record.ids.id);
  const current = (await client.getCategory(id)) as unknown as Record<string, unknown>;
  const items = fieldItems(record, (field) => current[field], context.force, 'restore');
  const body = Object.fromEntries(items.filter((entry) => entry.outcome === 'undone').map((entry) => [entry.field!, entry.before]));
  await writeUndone(items, context, () => client.updateCategory(id, body));
  const conflict = items.some((entry) => entry.outcome === 'conflict');
  const failed = items.some((entry) => entry.outcome === 'failed');
  return { items, restored: conflict || failed ? [] : [record], dropped: conflict ? [record] : [] };
}
