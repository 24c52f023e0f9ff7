// How stored entities look on the wire. Nested collections the API serves from their own
// endpoints (option values, type values, ...) are left out of the parent unless the API
// embeds them (an attribute's `typeValuesArray`).

import type { Store } from './store.js';
import type {
  SandboxAsset,
  SandboxAttribute,
  SandboxBarcode,
  SandboxCategory,
  SandboxInventory,
  SandboxOption,
  SandboxOptionSet,
  SandboxOptionSetOption,
  SandboxOptionValue,
  SandboxPrice,
  SandboxProduct,
  SandboxProductAttribute,
  SandboxRelationType,
  SandboxAttributeTypeValue,
} from './types.js';

export function viewCategory(c: SandboxCategory): object {
  return { ...c, attribute_sets: [...c.attribute_sets] };
}

export function viewOption(o: SandboxOption): object {
  return { id: o.id, name: o.name };
}

export function viewOptionValue(v: SandboxOptionValue): object {
  return { ...v };
}

export function viewOptionSet(s: SandboxOptionSet): object {
  return { id: s.id, name: s.name };
}

export function viewOptionSetOption(o: SandboxOptionSetOption): object {
  return { ...o };
}

export function viewTypeValue(v: SandboxAttributeTypeValue): object {
  return { ...v };
}

export function viewAttribute(a: SandboxAttribute): object {
  const { typeValues, ...rest } = a;
  return { ...rest, typeValuesArray: typeValues.map(viewTypeValue) };
}

export function viewRelationType(t: SandboxRelationType): object {
  return { ...t, deleted_at: null };
}

export function viewPrice(p: SandboxPrice): object {
  return { ...p };
}

export function viewInventory(i: SandboxInventory): object {
  return { ...i };
}

/** One attribute as the product attribute endpoints show it. */
export function viewProductAttribute(store: Store, pa: SandboxProductAttribute): object {
  const a = store.attribute(pa.attribute_id);
  return {
    attribute_id: pa.attribute_id,
    name: a?.name ?? null,
    slug: a?.slug ?? null,
    user_defined_key: null,
    type: a?.type ?? null,
    values: pa.values.map((v) => ({ id: v.id, version_id: v.version_id, value: v.value })),
  };
}

/**
 * A product's relations grouped by relation type name, the shape of
 * `{"product_relations": {"Related products": [...]}}`. Duplicate links show twice.
 */
export function viewRelationsByType(store: Store, p: SandboxProduct, onlyTypeId?: number): Record<string, object[]> {
  const grouped: Record<string, object[]> = {};
  if (onlyTypeId !== undefined) {
    const only = store.relationType(onlyTypeId);
    if (only) grouped[only.name] = [];
  }
  for (const r of p.relations) {
    if (onlyTypeId !== undefined && r.relation_type_id !== onlyTypeId) continue;
    const type = store.relationType(r.relation_type_id);
    const related = store.product(r.related_id);
    if (!type || !related) continue;
    (grouped[type.name] ??= []).push({ id: related.id, name: related.name, sku: related.sku });
  }
  return grouped;
}

/** Booleans as the API shows them on assets: 1/0. */
export function viewAsset(a: SandboxAsset): object {
  return { ...a, private: a.private ? 1 : 0, thumbnail: a.thumbnail ? 1 : 0 };
}

export function viewBarcode(b: SandboxBarcode): object {
  return { ...b };
}
