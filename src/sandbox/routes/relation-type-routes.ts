// Product relation types ("Related products", "Variant", ...), referenced by id from the
// product relation endpoints.

import { notFound } from '../http-errors.js';
import { asObject, Input, parseId, timestamp } from '../input.js';
import { created, ok, route, type Route, type RouteContext } from '../router.js';
import type { Store } from '../store.js';
import type { SandboxRelationType } from '../types.js';
import { viewRelationType } from '../views.js';

export function requireRelationType(store: Store, raw: string | undefined): SandboxRelationType {
  const id = parseId(raw);
  const t = id === undefined ? undefined : store.relationType(id);
  if (!t) throw notFound('Product relation type');
  return t;
}

const TEXT_FIELDS = ['description', 'child_label', 'parent_label', 'label'] as const;

function createRelationType({ store, body }: RouteContext) {
  const input = new Input(asObject(body));
  const name = input.requiredString('name');
  const text = Object.fromEntries(TEXT_FIELDS.map((f) => [f, input.string(f) ?? null]));
  const cardinality = input.string('relationship_cardinality');
  input.check();
  const now = timestamp();
  const type: SandboxRelationType = {
    id: store.nextId('relationType'),
    name,
    description: text.description ?? null,
    child_label: text.child_label ?? null,
    parent_label: text.parent_label ?? null,
    relationship_cardinality: cardinality ?? 'many-to-many',
    label: text.label ?? null,
    created_at: now,
    updated_at: now,
  };
  store.data.relationTypes.push(type);
  return created({ product_relation_type: viewRelationType(type) });
}

function updateRelationType({ store, params, body }: RouteContext) {
  const type = requireRelationType(store, params.id);
  const input = new Input(asObject(body));
  const name = input.has('name') ? input.requiredString('name') : undefined;
  const text = TEXT_FIELDS.map((f) => [f, input.string(f)] as const);
  const cardinality = input.string('relationship_cardinality');
  input.check();
  if (name !== undefined) type.name = name;
  for (const [field, value] of text) if (value !== undefined) type[field] = value;
  if (cardinality) type.relationship_cardinality = cardinality;
  type.updated_at = timestamp();
  return ok({ product_relation_type: viewRelationType(type) });
}

export const relationTypeRoutes: Route[] = [
  route('GET', '/product-relation-types', ({ store }) => ok({ product_relation_types: store.data.relationTypes.map(viewRelationType) })),
  route('POST', '/product-relation-types', createRelationType),
  route('GET', '/product-relation-types/:id', ({ store, params }) => ok({ product_relation_type: viewRelationType(requireRelationType(store, params.id)) })),
  route('PUT', '/product-relation-types/:id', updateRelationType),
];
