// Attribute values on a product. The collection PUT takes a JSON array and replaces the
// values of each attribute it names (per version), leaving the others alone; its answer is
// `products_attributes` (plural "products", as the reference shows). Select-type values
// must be among the attribute's type values, and a selectbox holds one value.

import { invalid, invalidField, type FieldErrors } from '../http-errors.js';
import { asObject, toInteger } from '../input.js';
import { created, ok, route, type Route, type RouteContext } from '../router.js';
import type { Store } from '../store.js';
import type { SandboxAttribute, SandboxProduct, SandboxProductAttribute } from '../types.js';
import { viewProductAttribute } from '../views.js';
import { requireAttribute } from './attribute-routes.js';
import { requireProduct } from './product-routes.js';

interface AttributeWrite {
  attribute: SandboxAttribute;
  versionId: number;
  values: string[];
}

/** Checks one `{attribute_id, version_id, values:[{value}]}`; `at` prefixes error keys ("0."). */
function readWrite(store: Store, raw: unknown, at: string, errors: FieldErrors): AttributeWrite | undefined {
  const fail = (field: string, message: string) => (errors[at + field] ??= []).push(message);
  const item = asObject(raw);
  const attributeId = toInteger(item.attribute_id);
  const attribute = attributeId === undefined ? undefined : store.attribute(attributeId);
  if (item.attribute_id === undefined || item.attribute_id === null) {
    fail('attribute_id', `The ${at}attribute_id field is required.`);
  } else if (!attribute) {
    fail('attribute_id', `The selected ${at}attribute_id is invalid.`);
  }
  const versionId = item.version_id === undefined || item.version_id === null ? 0 : toInteger(item.version_id);
  if (versionId === undefined || versionId < 0) fail('version_id', `The ${at}version_id must be an integer.`);
  if (!Array.isArray(item.values)) {
    fail('values', `The ${at}values field is required and must be an array.`);
    return undefined;
  }
  const values: string[] = [];
  item.values.forEach((entry, j) => {
    const v = asObject(entry).value;
    if (typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v))) values.push(String(v));
    else fail(`values.${j}.value`, `The ${at}values.${j}.value field is required.`);
  });
  if (!attribute || versionId === undefined) return undefined;
  if (attribute.type === 'selectbox' && values.length > 1) {
    fail('values', `The ${at}values may not have more than 1 items.`);
  }
  if (attribute.type === 'selectbox' || attribute.type === 'multiselect') {
    values.forEach((v, j) => {
      if (!attribute.typeValues.some((tv) => tv.value === v)) {
        fail(`values.${j}.value`, `The selected ${at}values.${j}.value is invalid.`);
      }
    });
  }
  return { attribute, versionId, values };
}

function entryFor(product: SandboxProduct, attributeId: number): SandboxProductAttribute {
  let entry = product.attributes.find((pa) => pa.attribute_id === attributeId);
  if (!entry) {
    entry = { attribute_id: attributeId, values: [] };
    product.attributes.push(entry);
  }
  return entry;
}

function replaceAttributes({ store, params, body }: RouteContext) {
  const product = requireProduct(store, params.id);
  if (!Array.isArray(body)) {
    throw invalidField('attributes', 'The body must be a JSON array of {attribute_id, version_id, values}.');
  }
  const errors: FieldErrors = {};
  const writes = body.map((item, i) => readWrite(store, item, `${i}.`, errors));
  if (Object.keys(errors).length > 0) throw invalid(errors);
  const touched: SandboxProductAttribute[] = [];
  for (const w of writes as AttributeWrite[]) {
    const entry = entryFor(product, w.attribute.id);
    entry.values = entry.values.filter((v) => v.version_id !== w.versionId);
    for (const value of w.values) {
      entry.values.push({ id: store.nextId('attributeValue'), version_id: w.versionId, value });
    }
    if (!touched.includes(entry)) touched.push(entry);
  }
  return ok({ products_attributes: touched.map((pa) => viewProductAttribute(store, pa)) });
}

/** POST adds values to one attribute (a create, so nothing is replaced). */
function addAttributeValues({ store, params, body }: RouteContext) {
  const product = requireProduct(store, params.id);
  const errors: FieldErrors = {};
  const write = readWrite(store, body, '', errors);
  if (write?.attribute.type === 'selectbox') {
    const held = product.attributes.find((pa) => pa.attribute_id === write.attribute.id);
    const sameVersion = held?.values.filter((v) => v.version_id === write.versionId).length ?? 0;
    if (sameVersion + write.values.length > 1) (errors.values ??= []).push('A selectbox attribute holds one value.');
  }
  if (Object.keys(errors).length > 0 || !write) throw invalid(errors);
  const entry = entryFor(product, write.attribute.id);
  for (const value of write.values) {
    entry.values.push({ id: store.nextId('attributeValue'), version_id: write.versionId, value });
  }
  return created({ products_attributes: viewProductAttribute(store, entry) });
}

function getOneAttribute({ store, params }: RouteContext) {
  const product = requireProduct(store, params.id);
  const attribute = requireAttribute(store, params.attributeId);
  const entry = product.attributes.find((pa) => pa.attribute_id === attribute.id) ?? {
    attribute_id: attribute.id,
    values: [],
  };
  return ok({ products_attributes: [viewProductAttribute(store, entry)] });
}

export const productAttributeRoutes: Route[] = [
  route('GET', '/products/:id/attributes', ({ store, params }) => {
    const product = requireProduct(store, params.id);
    return ok({ product_attributes: product.attributes.map((pa) => viewProductAttribute(store, pa)) });
  }),
  route('PUT', '/products/:id/attributes', replaceAttributes),
  route('POST', '/products/:id/attributes', addAttributeValues),
  route('GET', '/products/:id/attributes/:attributeId', getOneAttribute),
];
