// Product relations (related products, and variants in the connector's "relation" mode).
// POST does NOT deduplicate: linking the same pair twice stores two links, so tests can
// catch a client that double-posts. Answers group products by relation type name.

import { invalidField, notFound } from '../http-errors.js';
import { created, ok, route, type Route, type RouteContext } from '../router.js';
import { viewRelationsByType } from '../views.js';
import { requireProduct } from './product-routes.js';
import { requireRelationType } from './relation-type-routes.js';

function link({ store, params }: RouteContext) {
  const product = requireProduct(store, params.id);
  const related = requireProduct(store, params.relatedId);
  const type = requireRelationType(store, params.typeId);
  if (related.id === product.id) throw invalidField('related_id', 'A product cannot be related to itself.');
  product.relations.push({ id: store.nextId('relation'), related_id: related.id, relation_type_id: type.id });
  return created({ product_relations: viewRelationsByType(store, product, type.id) });
}

/** Removes every link of that pair and type (duplicates included). */
function unlink({ store, params }: RouteContext) {
  const product = requireProduct(store, params.id);
  const related = requireProduct(store, params.relatedId);
  const type = requireRelationType(store, params.typeId);
  const kept = product.relations.filter((r) => !(r.related_id === related.id && r.relation_type_id === type.id));
  if (kept.length === product.relations.length) throw notFound('Product relation');
  product.relations = kept;
  return ok({ message: 'Deleted.' });
}

export const relationRoutes: Route[] = [
  route('GET', '/products/:id/relations', ({ store, params }) => ok({ product_relations: viewRelationsByType(store, requireProduct(store, params.id)) })),
  route('GET', '/products/:id/relations/type/:typeId', ({ store, params }) => {
    const product = requireProduct(store, params.id);
    const type = requireRelationType(store, params.typeId);
    return ok({ product_relations: viewRelationsByType(store, product, type.id) });
  }),
  route('POST', '/products/:id/relations/:relatedId/type/:typeId', link),
  route('DELETE', '/products/:id/relations/:relatedId/type/:typeId', unlink),
];
