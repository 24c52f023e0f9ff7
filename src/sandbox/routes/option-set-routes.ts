// Option sets and their member options. Quirks kept from the reference: create and update
// answer `{"option set": ...}` (with a space) and GET one answers `{"attribute_set": ...}`.
// POST /option_sets/{id}/options is create-or-update by option_id, so it never duplicates.

import { notFound } from '../http-errors.js';
import { asObject, Input, parseId } from '../input.js';
import { created, ok, route, type Route, type RouteContext } from '../router.js';
import type { Store } from '../store.js';
import type { SandboxOptionSet } from '../types.js';
import { viewOptionSet, viewOptionSetOption } from '../views.js';

export function requireOptionSet(store: Store, raw: string | undefined): SandboxOptionSet {
  const id = parseId(raw);
  const s = id === undefined ? undefined : store.optionSet(id);
  if (!s) throw notFound('Option set');
  return s;
}

function createOptionSet({ store, body }: RouteContext) {
  const input = new Input(asObject(body));
  const name = input.requiredString('name');
  input.check();
  const set: SandboxOptionSet = { id: store.nextId('optionSet'), name, options: [] };
  store.data.optionSets.push(set);
  return created({ 'option set': viewOptionSet(set) });
}

function updateOptionSet({ store, params, body }: RouteContext) {
  const set = requireOptionSet(store, params.id);
  const input = new Input(asObject(body));
  const name = input.has('name') ? input.requiredString('name') : undefined;
  input.check();
  if (name !== undefined) set.name = name;
  return ok({ 'option set': viewOptionSet(set) });
}

/** 201 when the option joined the set, 200 when its sort order was updated. */
function upsertSetOption({ store, params, body }: RouteContext) {
  const set = requireOptionSet(store, params.id);
  const input = new Input(asObject(body));
  const optionId = input.ref('option_id', (id) => store.option(id) !== undefined, { required: true });
  const sortOrder = input.integer('sort_order');
  input.check();
  const existing = set.options.find((o) => o.option_id === optionId);
  if (existing) {
    if (sortOrder !== undefined) existing.sort_order = sortOrder ?? 0;
  } else {
    set.options.push({
      id: store.nextId('optionSetOption'),
      option_id: optionId as number,
      option_set_id: set.id,
      sort_order: sortOrder ?? set.options.length + 1,
    });
  }
  const result = { option_set_options: set.options.map(viewOptionSetOption) };
  return existing ? ok(result) : created(result);
}

export const optionSetRoutes: Route[] = [
  route('GET', '/option_sets', ({ store }) => ok({ option_sets: store.data.optionSets.map(viewOptionSet) })),
  route('POST', '/option_sets', createOptionSet),
  route('GET', '/option_sets/:id', ({ store, params }) => ok({ attribute_set: viewOptionSet(requireOptionSet(store, params.id)) })),
  route('PUT', '/option_sets/:id', updateOptionSet),
  route('GET', '/option_sets/:id/options', ({ store, params }) =>
    ok({ option_set_options: requireOptionSet(store, params.id).options.map(viewOptionSetOption) }),
  ),
  route('POST', '/option_sets/:id/options', upsertSetOption),
];
