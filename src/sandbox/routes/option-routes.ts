// Options (Size, Colour) and their values. The value endpoints answer with the API's
// quirky envelopes: `value_values` for the list and `value_value` for one value.

import { notFound } from '../http-errors.js';
import { asObject, Input, parseId } from '../input.js';
import { created, ok, route, type Route, type RouteContext } from '../router.js';
import type { Store } from '../store.js';
import type { SandboxOption, SandboxOptionValue } from '../types.js';
import { viewOption, viewOptionValue } from '../views.js';

export function requireOption(store: Store, raw: string | undefined): SandboxOption {
  const id = parseId(raw);
  const o = id === undefined ? undefined : store.option(id);
  if (!o) throw notFound('Option');
  return o;
}

export function requireValue(option: SandboxOption, raw: string | undefined): SandboxOptionValue {
  const id = parseId(raw);
  const v = option.values.find((x) => x.id === id);
  if (!v) throw notFound('Option value');
  return v;
}

function createOption({ store, body }: RouteContext) {
  const input = new Input(asObject(body));
  const name = input.requiredString('name');
  input.check();
  const option: SandboxOption = { id: store.nextId('option'), name, values: [] };
  store.data.options.push(option);
  return created({ option: viewOption(option) });
}

function updateOption({ store, params, body }: RouteContext) {
  const option = requireOption(store, params.id);
  const input = new Input(asObject(body));
  const name = input.has('name') ? input.requiredString('name') : undefined;
  input.check();
  if (name !== undefined) option.name = name;
  return ok({ option: viewOption(option) });
}

function createValue({ store, params, body }: RouteContext) {
  const option = requireOption(store, params.id);
  const input = new Input(asObject(body));
  const value = input.requiredString('value');
  const label = input.string('label');
  const sortOrder = input.integer('sort_order');
  input.check();
  const created_: SandboxOptionValue = {
    id: store.nextId('optionValue'),
    option_id: option.id,
    value,
    label: label ?? value,
    sort_order: sortOrder ?? option.values.length + 1,
  };
  option.values.push(created_);
  return created({ value_value: viewOptionValue(created_) });
}

function updateValue({ store, params, body }: RouteContext) {
  const option = requireOption(store, params.id);
  const value = requireValue(option, params.valueId);
  const input = new Input(asObject(body));
  const text = input.has('value') ? input.requiredString('value') : undefined;
  const label = input.string('label');
  const sortOrder = input.integer('sort_order');
  input.check();
  if (text !== undefined) value.value = text;
  if (label !== undefined) value.label = label ?? value.value;
  if (sortOrder !== undefined) value.sort_order = sortOrder ?? 0;
  return ok({ value_value: viewOptionValue(value) });
}

export const optionRoutes: Route[] = [
  route('GET', '/options', ({ store }) => ok({ options: store.data.options.map(viewOption) })),
  route('POST', '/options', createOption),
  route('GET', '/options/:id', ({ store, params }) => ok({ option: viewOption(requireOption(store, params.id)) })),
  route('PUT', '/options/:id', updateOption),
  route('GET', '/options/:id/values', ({ store, params }) => ok({ value_values: requireOption(store, params.id).values.map(viewOptionValue) })),
  route('POST', '/options/:id/values', createValue),
  route('GET', '/options/:id/values/:valueId', ({ store, params }) =>
    ok({ value_value: viewOptionValue(requireValue(requireOption(store, params.id), params.valueId)) }),
  ),
  route('PUT', '/options/:id/values/:valueId', updateValue),
];
