// Attribute definitions and their type values (the choices of a selectbox or multiselect).
// Names are unique, as the reference says; the listing embeds `typeValuesArray`.

import { notFound } from '../http-errors.js';
import { asObject, Input, parseId, slugify, timestamp } from '../input.js';
import { created, ok, route, type Route, type RouteContext } from '../router.js';
import type { Store } from '../store.js';
import type { SandboxAttribute, SandboxAttributeType, SandboxAttributeTypeValue } from '../types.js';
import { viewAttribute, viewTypeValue } from '../views.js';

export const ATTRIBUTE_TYPES: readonly SandboxAttributeType[] = ['text', 'textarea', 'date', 'selectbox', 'multiselect'];

export function requireAttribute(store: Store, raw: string | undefined): SandboxAttribute {
  const id = parseId(raw);
  const a = id === undefined ? undefined : store.attribute(id);
  if (!a) throw notFound('Attribute');
  return a;
}

export function requireTypeValue(a: SandboxAttribute, raw: string | undefined): SandboxAttributeTypeValue {
  const id = parseId(raw);
  const v = a.typeValues.find((x) => x.id === id);
  if (!v) throw notFound('Attribute type value');
  return v;
}

function checkNameFree(store: Store, input: Input, name: string, selfId?: number): void {
  if (store.data.attributes.some((a) => a.name === name && a.id !== selfId)) {
    input.fail('name', 'The name has already been taken.');
  }
}

function createAttribute({ store, body }: RouteContext) {
  const input = new Input(asObject(body));
  const name = input.requiredString('name');
  if (name) checkNameFree(store, input, name);
  const type = input.oneOf('type', ATTRIBUTE_TYPES, true);
  const note = input.string('note');
  const displayGroupId = input.integer('display_group_id');
  const sortOrder = input.integer('sort_order');
  const publish = input.bool('publish');
  input.check();
  const now = timestamp();
  const attribute: SandboxAttribute = {
    id: store.nextId('attribute'),
    name,
    type: type as SandboxAttributeType,
    note: note ?? null,
    display_group_id: displayGroupId ?? null,
    sort_order: sortOrder ?? 0,
    slug: slugify(name),
    publish: publish ?? true,
    created_at: now,
    updated_at: now,
    typeValues: [],
  };
  store.data.attributes.push(attribute);
  return created({ attribute: viewAttribute(attribute) });
}

function updateAttribute({ store, params, body }: RouteContext) {
  const attribute = requireAttribute(store, params.id);
  const input = new Input(asObject(body));
  const name = input.has('name') ? input.requiredString('name') : undefined;
  if (name) checkNameFree(store, input, name, attribute.id);
  const type = input.oneOf('type', ATTRIBUTE_TYPES);
  const note = input.string('note');
  const displayGroupId = input.integer('display_group_id');
  const sortOrder = input.integer('sort_order');
  const publish = input.bool('publish');
  input.check();
  if (name !== undefined) {
    attribute.name = name;
    attribute.slug = slugify(name);
  }
  if (type !== undefined) attribute.type = type;
  if (note !== undefined) attribute.note = note;
  if (displayGroupId !== undefined) attribute.display_group_id = displayGroupId;
  if (sortOrder !== undefined) attribute.sort_order = sortOrder ?? 0;
  if (publish !== undefined) attribute.publish = publish;
  attribute.updated_at = timestamp();
  return ok({ attribute: viewAttribute(attribute) });
}

function createTypeValue({ store, params, body }: RouteContext) {
  const attribute = requireAttribute(store, params.id);
  const input = new Input(asObject(body));
  const value = input.requiredString('value');
  const sortOrder = input.integer('sort_order');
  input.check();
  const typeValue: SandboxAttributeTypeValue = {
    id: store.nextId('attributeTypeValue'),
    attribute_id: attribute.id,
    value,
    slug: value,
    sort_order: sortOrder ?? attribute.typeValues.length + 1,
    version_id: 0,
  };
  attribute.typeValues.push(typeValue);
  return created({ attribute_type_value: viewTypeValue(typeValue) });
}

function updateTypeValue({ store, params, body }: RouteContext) {
  const typeValue = requireTypeValue(requireAttribute(store, params.id), params.valueId);
  const input = new Input(asObject(body));
  const value = input.has('value') ? input.requiredString('value') : undefined;
  const sortOrder = input.integer('sort_order');
  input.check();
  if (value !== undefined) {
    typeValue.value = value;
    typeValue.slug = value;
  }
  if (sortOrder !== undefined) typeValue.sort_order = sortOrder ?? 0;
  return ok({ attribute_type_value: viewTypeValue(typeValue) });
}

export const attributeRoutes: Route[] = [
  route('GET', '/attributes', ({ store }) => ok({ attributes: store.data.attributes.map(viewAttribute) })),
  route('POST', '/attributes', createAttribute),
  route('GET', '/attributes/:id', ({ store, params }) => ok({ attribute: viewAttribute(requireAttribute(store, params.id)) })),
  route('PUT', '/attributes/:id', updateAttribute),
  route('GET', '/attributes/:id/type_values', ({ store, params }) =>
    ok({ attribute_type_values: requireAttribute(store, params.id).typeValues.map(viewTypeValue) }),
  ),
  route('POST', '/attributes/:id/type_values', createTypeValue),
  route('GET', '/attributes/:id/type_values/:valueId', ({ store, params }) =>
    ok({ attribute_type_value: viewTypeValue(requireTypeValue(requireAttribute(store, params.id), params.valueId)) }),
  ),
  route('PUT', '/attributes/:id/type_values/:valueId', updateTypeValue),
];
