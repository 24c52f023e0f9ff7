// Product barcodes. The answers are the barcode itself, without an envelope (the list is
// `{"barcodes": [...]}`), as the reference shows. The digit count is checked per type:
// UPC-A 12, GTIN-13 and EAN 13, ITF-14 14, Custom any number of digits. POST never
// deduplicates. DELETE answers the barcode it deleted. The upserts take a list and match by
// type (the reference's example updates the UPC-A in place): POST keeps the barcodes not
// listed, PUT deletes them.

import { invalid, type FieldErrors, invalidField, notFound } from '../http-errors.js';
import { asObject, Input, parseId, timestamp } from '../input.js';
import { created, ok, route, type Route, type RouteContext } from '../router.js';
import type { SandboxBarcode, SandboxBarcodeType, SandboxProduct } from '../types.js';
import { viewBarcode } from '../views.js';
import { requireProduct } from './product-routes.js';

const TYPES: readonly SandboxBarcodeType[] = ['EAN', 'UPC-A', 'GTIN-13', 'ITF-14', 'Custom'];
const DIGITS: Record<SandboxBarcodeType, number | undefined> = { EAN: 13, 'UPC-A': 12, 'GTIN-13': 13, 'ITF-14': 14, Custom: undefined };

function requireBarcode(product: SandboxProduct, raw: string | undefined): SandboxBarcode {
  const id = parseId(raw);
  const barcode = product.barcodes.find((candidate) => candidate.id === id);
  if (!barcode) throw notFound('Product barcode');
  return barcode;
}

/** Type and code together: the code's rule depends on the type. */
function readBarcode(input: Input, current?: SandboxBarcode): { type: SandboxBarcodeType; barcode: string } | undefined {
  const type = input.has('type') || !current ? input.oneOf('type', TYPES, true) : current.type;
  const code = input.has('barcode') || !current ? input.string('barcode', true) : current.barcode;
  if (type === undefined || code === undefined || code === null) return undefined;
  const digits = DIGITS[type];
  if (!/^\d+$/.test(code)) input.fail('barcode', 'The barcode must only contain digits.');
  else if (digits !== undefined && code.length !== digits) input.fail('barcode', `The barcode must be ${digits} digits for the type ${type}.`);
  return { type, barcode: code };
}

function createBarcode({ store, params, body }: RouteContext) {
  const product = requireProduct(store, params.id);
  const input = new Input(asObject(body));
  const fields = readBarcode(input);
  input.check();
  const now = timestamp();
  const barcode: SandboxBarcode = { id: store.nextId('barcode'), product_id: product.id, ...fields!, created_at: now, updated_at: now };
  product.barcodes.push(barcode);
  return created(viewBarcode(barcode));
}

function updateBarcode({ store, params, body }: RouteContext) {
  const barcode = requireBarcode(requireProduct(store, params.id), params.barcodeId);
  const input = new Input(asObject(body));
  const fields = readBarcode(input, barcode);
  input.check();
  Object.assign(barcode, fields, { updated_at: timestamp() });
  return ok(viewBarcode(barcode));
}

/** Checks every listed barcode first: one bad entry writes nothing (422 with `barcodes.N.field` keys). */
function upsert(deleteOthers: boolean) {
  return ({ store, params, body }: RouteContext) => {
    const product = requireProduct(store, params.id);
    const list = asObject(body).barcodes;
    if (!Array.isArray(list)) throw invalidField('barcodes', 'The barcodes field is required and must be an array.');
    const errors: FieldErrors = {};
    const wanted = list.map((item, index) => {
      const input = new Input(asObject(item));
      const fields = readBarcode(input);
      for (const [field, messages] of Object.entries(input.errors)) errors[`barcodes.${index}.${field}`] = messages;
      return fields;
    });
    if (Object.keys(errors).length > 0) throw invalid(errors);
    const now = timestamp();
    const touched = new Set<SandboxBarcode>();
    for (const fields of wanted as { type: SandboxBarcodeType; barcode: string }[]) {
      const existing = product.barcodes.find((candidate) => candidate.type === fields.type && !touched.has(candidate));
      if (existing) {
        Object.assign(existing, fields, { updated_at: now });
        touched.add(existing);
      } else {
        const barcode: SandboxBarcode = { id: store.nextId('barcode'), product_id: product.id, ...fields, created_at: now, updated_at: now };
        product.barcodes.push(barcode);
        touched.add(barcode);
      }
    }
    if (deleteOthers) product.barcodes = product.barcodes.filter((candidate) => touched.has(candidate));
    return ok({ barcodes: product.barcodes.map(viewBarcode) });
  };
}

function deleteBarcode({ store, params }: RouteContext) {
  const product = requireProduct(store, params.id);
  const barcode = requireBarcode(product, params.barcodeId);
  product.barcodes = product.barcodes.filter((candidate) => candidate !== barcode);
  return ok(viewBarcode(barcode));
}

export const barcodeRoutes: Route[] = [
  route('GET', '/products/:id/barcodes', ({ store, params }) => ok({ barcodes: requireProduct(store, params.id).barcodes.map(viewBarcode) })),
  route('POST', '/products/:id/barcodes', createBarcode),
  // Before `:barcodeId`, which would take "upsert" for an id.
  route('POST', '/products/:id/barcodes/upsert', upsert(false)),
  route('PUT', '/products/:id/barcodes/upsert', upsert(true)),
  route('PUT', '/products/:id/barcodes/:barcodeId', updateBarcode),
  route('DELETE', '/products/:id/barcodes/:barcodeId', deleteBarcode),
];
