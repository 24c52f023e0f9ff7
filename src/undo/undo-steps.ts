// The steps of an undo, in the order SPEC §13 gives: first the products that existed before the
// run (their fields back, what the run added to them deleted, what --prune deleted re-created),
// then the categories it updated, then what it created, children first: variants, products,
// categories, option set options, option sets, option values, options, attribute type values,
// attributes, relation types. Each phase reads the run's change log a page at a time.
import { CATEGORY_PATH_SEPARATOR } from '../catalog/types.js';
import { ENTITY_LABELS, taskId } from '../plan/types.js';
import type { ChangeLog } from '../run/change-log.js';
import { DELETE_ORDER } from './delete-created.js';
import type { UndoStep } from './undo-types.js';

export interface UndoPhase {
  name: string;
  steps: () => Iterable<UndoStep>;
}

export function undoPhases(log: ChangeLog): UndoPhase[] {
  const createdProduct = (sku: string) => log.get(taskId('product', sku))?.action === 'created';
  const deletes = (entity: (typeof DELETE_ORDER)[number], keep: (variant: boolean) => boolean = () => true) =>
    function* (): Generator<UndoStep> {
      for (const record of log.created(entity)) {
        if (keep(Number(record.ids.variant) === 1)) yield { id: `delete:${record.task}`, kind: 'delete', record };
      }
    };
  return [
    {
      name: 'products the run changed',
      *steps() {
        // A product the run created goes as a whole, with its own rows; nothing of it to restore.
        for (const sku of log.products()) if (!createdProduct(sku)) yield { id: `restore:${sku}`, kind: 'product', sku, records: log.forProduct(sku) };
      },
    },
    {
      name: 'categories the run changed',
      *steps() {
        for (const record of log.updated('category')) yield { id: `restore:${record.task}`, kind: 'category', record };
      },
    },
    { name: 'variants created', steps: deletes('product', (variant) => variant) },
    { name: 'products created', steps: deletes('product', (variant) => !variant) },
    ...DELETE_ORDER.slice(1).flatMap((entity) =>
      entity === 'category' ? categoryPhases(log) : [{ name: `${ENTITY_LABELS[entity]}s created`, steps: deletes(entity) }],
    ),
  ];
}

/** A category's level: its key is its path. */
const depthOf = (key: string) => key.split(CATEGORY_PATH_SEPARATOR).length;

/**
 * The categories a run created, deepest first, a phase per level: the steps of a phase run side by
 * side, and Jasper refuses to delete a category while it has subcategories. The log is read once,
 * for all levels: a run's categories are few beside its products.
 */
function categoryPhases(log: ChangeLog): UndoPhase[] {
  const byDepth = new Map<number, UndoStep[]>();
  for (const record of log.created('category')) {
    const depth = depthOf(record.key);
    const level = byDepth.get(depth) ?? byDepth.set(depth, []).get(depth)!;
    level.push({ id: `delete:${record.task}`, kind: 'delete', record });
  }
  return [...byDepth].sort(([a], [b]) => b - a).map(([depth, steps]) => ({ name: `categories created (level ${depth})`, steps: () => steps }));
}
