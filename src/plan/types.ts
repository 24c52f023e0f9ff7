// The plan: what must be written, as data. Each task is one logical write; references to other
// entities are by match key and become Jasper ids only when the task runs.
import type { SourceLocation } from '../catalog/types.js';

export type EntityKind =
  | 'category'
  | 'option'
  | 'optionValue'
  | 'optionSet'
  | 'optionSetOption'
  | 'attribute'
  | 'typeValue'
  | 'relationType'
  | 'product'
  | 'price'
  | 'attributeValues'
  | 'inventory'
  | 'categoryAssignment'
  | 'asset'
  | 'barcode'
  | 'variantLink'
  | 'relatedLink';

/** The stages of SPEC §4, in order; each lists the entities it writes and why it comes where it does. */
export const STAGES: readonly { name: string; entities: readonly EntityKind[] }[] = [
  // Products reference categories (category_ids), so categories come first, parents before children.
  { name: 'categories', entities: ['category'] },
  // Variants are created with option values; parents get an option set of their variants' options.
  { name: 'options', entities: ['option', 'optionValue', 'optionSet', 'optionSetOption'] },
  // Attribute values need attribute ids (and select type values); links need relation type ids.
  { name: 'attributes', entities: ['attribute', 'typeValue', 'relationType'] },
  // Parents before variants: parent mode sends parent_id, relation mode links parent to child.
  { name: 'products', entities: ['product'] },
  // Everything per product needs the product id.
  { name: 'prices', entities: ['price'] },
  { name: 'attribute values', entities: ['attributeValues'] },
  { name: 'inventory', entities: ['inventory'] },
  { name: 'category assignments', entities: ['categoryAssignment'] },
  { name: 'images', entities: ['asset'] },
  { name: 'barcodes', entities: ['barcode'] },
  // Links need both products; a related SKU later in the input is linked once it exists.
  { name: 'variant links', entities: ['variantLink'] },
  { name: 'related links', entities: ['relatedLink'] },
];

export const ENTITY_LABELS: Record<EntityKind, string> = {
  category: 'category',
  option: 'option',
  optionValue: 'option value',
  optionSet: 'option set',
  optionSetOption: 'option set option',
  attribute: 'attribute',
  typeValue: 'attribute type value',
  relationType: 'relation type',
  product: 'product',
  price: 'price',
  attributeValues: 'attribute values',
  inventory: 'inventory',
  categoryAssignment: 'category assignment',
  asset: 'image',
  barcode: 'barcode',
  variantLink: 'variant link',
  relatedLink: 'related link',
};

/** Values kept per entity, under the names users read (summary.json, report.html). */
export function entitiesByLabel<T>(entities: Partial<Record<EntityKind, T>>): Record<string, T> {
  return Object.fromEntries(Object.entries(entities).map(([entity, value]) => [ENTITY_LABELS[entity as EntityKind], value]));
}

export function stageOf(entity: EntityKind): string {
  return STAGES.find((stage) => stage.entities.includes(entity))?.name ?? 'other';
}

export type TaskId = string;

export function taskId(entity: EntityKind, key: string): TaskId {
  return `${entity}:${key}`;
}

/** A reference to another entity by match key; resolved to its Jasper id at run time. */
export interface Ref {
  entity: EntityKind;
  key: string;
}

export type Body = Record<string, unknown>;

export type TaskPayload =
  | { entity: 'category'; name: string; parent: Ref | null; body: Body; id?: number }
  | { entity: 'option'; name: string }
  | { entity: 'optionValue'; option: Ref; value: string }
  | { entity: 'optionSet'; name: string }
  | { entity: 'optionSetOption'; optionSet: Ref; option: Ref; sortOrder: number }
  | { entity: 'attribute'; name: string; type: string }
  | { entity: 'typeValue'; attribute: Ref; value: string }
  | { entity: 'relationType'; name: string }
  | {
      entity: 'product';
      sku: string;
      body: Body;
      id?: number;
      parent?: Ref;
      optionValues?: { option: Ref; value: Ref }[];
      optionSet?: Ref;
      categories?: Ref[];
    }
  | { entity: 'price'; product: Ref; base: string; body: Body; id?: number }
  | { entity: 'attributeValues'; product: Ref; values: { attribute: Ref; values: string[] }[] }
  | { entity: 'inventory'; product: Ref; location: string; body: Body; id?: number }
  | { entity: 'categoryAssignment'; product: Ref; category: Ref }
  | { entity: 'variantLink'; product: Ref; related: Ref; relationType: Ref }
  | { entity: 'relatedLink'; product: Ref; related: Ref; relationType: Ref }
  | { entity: 'asset'; product: Ref; url: string; sortOrder: number }
  | { entity: 'barcode'; product: Ref; type: string; value: string }
  | RemovalPayload;

/**
 * --prune: a link, image or barcode this tool created for a product whose row no longer lists it.
 * Its Jasper ids come from the change cache at planning time: the row no longer names them.
 */
export type RemovalPayload =
  | { entity: 'removal'; of: 'asset' | 'barcode'; product: Ref; id: number; what: string }
  | { entity: 'removal'; of: 'relatedLink'; product: Ref; relatedId: number; relationTypeId: number; what: string };

/** Something written as a side effect of a task (category_ids or parent_id in a product create). */
export interface CoveredEntity {
  entity: EntityKind;
  key: string;
  hash: string;
}

export interface Task {
  id: TaskId;
  entity: EntityKind;
  key: string;
  action: 'create' | 'update' | 'delete';
  payload: TaskPayload;
  /** Tasks that must succeed first. */
  deps: TaskId[];
  /** Input rows this write serves. */
  rows: SourceLocation[];
  /** Hash of the content written, for the change cache. */
  hash: string;
  alsoCompletes?: CoveredEntity[];
}

export type Outcome = 'created' | 'updated' | 'deleted' | 'unchanged' | 'failed' | 'skipped';

/**
 * An outcome decided while planning, without a call. `created` / `updated` only where a resumed
 * run restates what an earlier attempt of the same run wrote (run/run-attempts.ts).
 */
export interface PlannedOutcome {
  id: TaskId;
  entity: EntityKind;
  key: string;
  outcome: 'unchanged' | 'failed' | 'skipped' | 'created' | 'updated';
  rows: SourceLocation[];
  remoteId?: number;
  hash?: string;
  reason?: string;
}

export interface Plan {
  tasks: Task[];
  outcomes: PlannedOutcome[];
  /** Jasper ids already known, by task id (from Jasper's lists, product reads or the change cache). */
  known: Record<TaskId, number>;
  /** Warnings worth showing (e.g. an attribute exists with another type). */
  notes: string[];
}
