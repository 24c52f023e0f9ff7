// Categories: a tree by parent_id (0 or null is the root). The API never deduplicates
// names, so neither does the sandbox; clients match categories by full path themselves.

import { invalidField, notFound } from '../http-errors.js';
import { asObject, Input, parseId, slugify, timestamp } from '../input.js';
import { created, ok, route, type Route, type RouteContext } from '../router.js';
import type { Store } from '../store.js';
import type { SandboxCategory } from '../types.js';
import { viewCategory } from '../views.js';

export function requireCategory(store: Store, raw: string | undefined): SandboxCategory {
  const id = parseId(raw);
  const c = id === undefined ? undefined : store.category(id);
  if (!c) throw notFound('Category');
  return c;
}

/** The optional text fields shared by create and update. */
const TEXT_FIELDS = ['desc', 'slug', 'seo_meta_title', 'seo_meta_desc', 'seo_meta_keywords', 'search_keywords'] as const;

function readAttributeSets(input: Input): number[] | undefined {
  const list = input.array('attribute_sets');
  if (!list) return undefined;
  const ids = list.map((v) => Number(v));
  if (ids.some((n) => !Number.isInteger(n) || n < 1)) {
    input.fail('attribute_sets', 'The attribute sets must be a list of ids.');
    return undefined;
  }
  return ids;
}

function createCategory({ store, body }: RouteContext) {
  const input = new Input(asObject(body));
  const name = input.requiredString('name');
  const parentId = input.ref('parent_id', (id) => store.category(id) !== undefined, { zeroIsNull: true });
  const text = Object.fromEntries(TEXT_FIELDS.map((f) => [f, input.string(f) ?? null]));
  const isVisible = input.bool('is_visible');
  const attributeSets = readAttributeSets(input);
  input.check();
  const now = timestamp();
  const category: SandboxCategory = {
    id: store.nextId('category'),
    parent_id: parentId ?? null,
    name,
    desc: text.desc ?? null,
    slug: text.slug ?? slugify(name),
    attribute_sets: attributeSets ?? [],
    is_visible: isVisible ?? true,
    seo_meta_title: text.seo_meta_title ?? null,
    seo_meta_desc: text.seo_meta_desc ?? null,
    seo_meta_keywords: text.seo_meta_keywords ?? null,
    search_keywords: text.search_keywords ?? null,
    created_at: now,
    updated_at: now,
  };
  store.data.categories.push(category);
  return created({ category: viewCategory(category) });
}

/** Moving a category under itself or one of its descendants would make a cycle. */
function isDescendantOrSelf(store: Store, candidateId: number, ancestorId: number): boolean {
  for (let c = store.category(candidateId); c; c = c.parent_id === null ? undefined : store.category(c.parent_id)) {
    if (c.id === ancestorId) return true;
  }
  return false;
}

function updateCategory({ store, params, body }: RouteContext) {
  const category = requireCategory(store, params.id);
  const input = new Input(asObject(body));
  const name = input.has('name') ? input.requiredString('name') : undefined;
  const parentId = input.ref('parent_id', (id) => store.category(id) !== undefined, { zeroIsNull: true });
  const text = TEXT_FIELDS.map((f) => [f, input.string(f)] as const);
  const isVisible = input.bool('is_visible');
  const attributeSets = readAttributeSets(input);
  input.check();
  if (parentId != null && isDescendantOrSelf(store, parentId, category.id)) {
    throw invalidField('parent_id', 'A category cannot be moved under itself or its descendants.');
  }
  if (name !== undefined) category.name = name;
  if (parentId !== undefined) category.parent_id = parentId;
  for (const [field, value] of text) if (value !== undefined) category[field] = value;
  if (isVisible !== undefined) category.is_visible = isVisible;
  if (attributeSets !== undefined) category.attribute_sets = attributeSets;
  category.updated_at = timestamp();
  return ok({ category: viewCategory(category) });
}

export const categoryRoutes: Route[] = [
  route('GET', '/categories', ({ store }) => ok({ categories: store.data.categories.map(viewCategory) })),
  route('POST', '/categories', createCategory),
  route('GET', '/categories/:id', ({ store, params }) => ok({ category: viewCategory(requireCategory(store, params.id)) })),
  route('PUT', '/categories/:id', updateCategory),
];
