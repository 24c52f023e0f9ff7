// The vocabulary of an undo (SPEC §13): what it does to each thing a run changed, and how that went.
import type { EntityKind } from '../plan/types.js';
import type { ChangeRecord } from '../run/change-log.js';

/** What taking a change back means for it. */
export type UndoAction = 'restore' | 're-enable' | 'delete' | 'unassign' | 're-create' | 'none';

/**
 * undone: taken back (a dry run: would be); already: Jasper holds the value before the run
 * again; conflict: changed since the run, left as it is; cannot: the API cannot take it back;
 * failed: the call failed.
 */
export type ItemOutcome = 'undone' | 'already' | 'conflict' | 'cannot' | 'failed';

export interface UndoItem {
  entity: EntityKind;
  key: string;
  field?: string;
  action: UndoAction;
  outcome: ItemOutcome;
  before?: unknown;
  after?: unknown;
  /** The value in Jasper when the undo looked (conflicts). */
  current?: unknown;
  reason?: string;
}

/** One step of an undo: a product's changes together, or one created entity to delete. */
export type UndoStep =
  | { id: string; kind: 'product'; sku: string; records: ChangeRecord[] }
  | { id: string; kind: 'category'; record: ChangeRecord }
  | { id: string; kind: 'delete'; record: ChangeRecord };

/** A step's items, and for each record whether it is back as before (its cache entries are restored then). */
export interface StepResult {
  items: UndoItem[];
  /** Records taken back (or found as before): the change cache gets their entries before the run. */
  restored: ChangeRecord[];
  /** Records left changed (conflicts): their cache entries are dropped, so the next push reads Jasper. */
  dropped: ChangeRecord[];
  /** Cache entries whose Jasper id changed (a re-created image or barcode). */
  renumbered?: [task: string, id: number][];
}

export function worstOutcome(items: UndoItem[]): 'done' | 'conflict' | 'cannot' | 'failed' {
  if (items.some((item) => item.outcome === 'failed')) return 'failed';
  if (items.some((item) => item.outcome === 'conflict')) return 'conflict';
  if (items.some((item) => item.outcome === 'cannot')) return 'cannot';
  return 'done';
}
