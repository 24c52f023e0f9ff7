// One task → its API call(s). Creates go through createOnce: a POST whose outcome is unknown
// (timeout, reset, 5xx) is never repeated blindly; the entity is looked up by its match key first.
// Bodies are picked by the documented property lists (plan/bodies.ts) here too, at the last
// step before the wire, so no field of a task's payload reaches Jasper unless the reference names it.
import { nameKey } from '../catalog/types.js';
import type { JasperClient } from '../jasper/client.js';
import { NotFoundError, ValidationError, isJasperApiError } from '../jasper/errors.js';
import { CATEGORY_FIELDS, INVENTORY_FIELDS, PRICE_BODY_FIELDS, PRODUCT_FIELDS, pick } from '../plan/bodies.js';
import { sameBarcodeType } from '../plan/compare.js';
import type { Body, Ref, RemovalPayload, Task, TaskPayload } from '../plan/types.js';
import { backoffDelay, type Sleep, realSleep } from './backoff.js';

export interface PerformContext {
  client: JasperClient;
  /** Jasper id of a referenced entity; the executor only runs a task once its references are known. */
  resolve: (ref: Ref) => number;
  maxRetries: number;
  sleep?: Sleep;
  /** Records what each write changes (SPEC §13). */
  recorder?: WriteRecorder;
}

export interface WriteRecorder {
  around(task: Task, resolve: (ref: Ref) => number, perform: () => Promise<PerformResult>): Promise<PerformResult>;
}

export interface PerformResult {
  outcome: 'created' | 'updated' | 'deleted';
  /** Jasper id of what was written (0 for links and assignments, which have none). */
  remoteId: number;
  /** The create's outcome was unknown and a lookup found it applied. */
  recovered?: boolean;
}

/** Repeats a create only after a lookup shows it was not applied. */
export async function createOnce(
  create: () => Promise<number>,
  lookup: () => Promise<number | undefined>,
  maxRetries: number,
  sleep: Sleep = realSleep,
): Promise<{ id: number; recovered: boolean }> {
  for (let attempt = 1; ; attempt++) {
    try {
      return { id: await create(), recovered: false };
    } catch (error) {
      if (!isJasperApiError(error) || !error.outcomeUnknown) throw error;
      const found = await lookup();
      if (found !== undefined) return { id: found, recovered: true };
      if (attempt > maxRetries) throw error;
      await sleep(backoffDelay(attempt));
    }
  }
}

export async function performTask(task: Task, context: PerformContext): Promise<PerformResult> {
  return context.recorder ? context.recorder.around(task, context.resolve, () => applyTask(task, context)) : applyTask(task, context);
}

async function applyTask(task: Task, context: PerformContext): Promise<PerformResult> {
  const { client, resolve } = context;
  const created = async (create: () => Promise<number>, lookup: () => Promise<number | undefined>): Promise<PerformResult> => {
    const { id, recovered } = await createOnce(create, lookup, context.maxRetries, context.sleep);
    return { outcome: 'created', remoteId: id, recovered };
  };
  const updated = async (write: () => Promise<unknown>, id: number): Promise<PerformResult> => {
    await write();
    return { outcome: 'updated', remoteId: id };
  };
  const payload: TaskPayload = task.payload;

  switch (payload.entity) {
    case 'category': {
      const parentId = payload.parent ? resolve(payload.parent) : 0;
      const body = pick(payload.body, CATEGORY_FIELDS);
      if (task.action === 'update') return updated(() => client.updateCategory(payload.id!, body), payload.id!);
      return created(
        async () => (await client.createCategory({ ...body, parent_id: parentId })).id,
        async () =>
          (await client.listCategories()).find((category) => Number(category.parent_id ?? 0) === parentId && nameKey(category.name) === nameKey(payload.name))
            ?.id,
      );
    }
    case 'option':
      return created(
        async () => (await client.createOption(payload.name)).id,
        async () => (await client.listOptions()).find((option) => nameKey(option.name) === nameKey(payload.name))?.id,
      );
    case 'optionValue': {
      const optionId = resolve(payload.option);
      return created(
        async () => (await client.createOptionValue(optionId, payload.value)).id,
        async () => (await client.listOptionValues(optionId)).find((value) => String(value.value).trim() === payload.value)?.id,
      );
    }
    case 'optionSet':
      return created(
        async () => (await client.createOptionSet(payload.name)).id,
        async () => (await client.listOptionSets()).find((set) => nameKey(set.name) === nameKey(payload.name))?.id,
      );
    case 'optionSetOption': {
      // Create-or-update by option id, but a POST: the call queue does not repeat it after an unknown
      // outcome (5xx, timeout), so like every create it is looked up, then sent again while missing.
      const setId = resolve(payload.optionSet);
      const optionId = resolve(payload.option);
      return created(
        async () => {
          await client.addOptionToSet(setId, optionId, payload.sortOrder);
          return setId;
        },
        async () => ((await client.listOptionSetOptions(setId)).some((member) => Number(member.option_id) === optionId) ? setId : undefined),
      );
    }
    case 'attribute':
      return created(
        async () => (await client.createAttribute(payload.name, payload.type)).id,
        async () => (await client.listAttributes()).find((attribute) => nameKey(attribute.name) === nameKey(payload.name))?.id,
      );
    case 'typeValue': {
      const attributeId = resolve(payload.attribute);
      return created(
        async () => (await client.createTypeValue(attributeId, payload.value)).id,
        async () => (await client.listTypeValues(attributeId)).find((value) => String(value.value).trim() === payload.value.trim())?.id,
      );
    }
    case 'relationType':
      return created(
        async () => (await client.createRelationType(payload.name)).id,
        async () => (await client.listRelationTypes()).find((type) => nameKey(type.name) === nameKey(payload.name))?.id,
      );
    case 'product': {
      const body = productBody(payload, resolve);
      if (task.action === 'update') return updated(() => client.updateProduct(payload.id!, body), payload.id!);
      const lookup = async () => (await client.findProductBySku(payload.sku))?.id;
      return created(async () => {
        try {
          return (await client.createProduct(body)).id;
        } catch (error) {
          // "sku has already been taken": it was created meanwhile (by us, unseen, or by someone else).
          const existing = error instanceof ValidationError && error.fieldErrors.sku ? await lookup() : undefined;
          if (existing === undefined) throw error;
          return existing;
        }
      }, lookup);
    }
    case 'price': {
      const productId = resolve(payload.product);
      const body = pick(payload.body, PRICE_BODY_FIELDS);
      if (task.action === 'update' && payload.id !== undefined) {
        return updated(() => client.updatePrice(productId, payload.id!, body), payload.id);
      }
      return created(
        async () => (await client.createPrice(productId, body)).id,
        async () => (await client.listPrices(productId)).find((price) => String(price.base).toUpperCase() === payload.base)?.id,
      );
    }
    case 'inventory': {
      const productId = resolve(payload.product);
      const body = pick(payload.body, INVENTORY_FIELDS);
      if (task.action === 'update' && payload.id !== undefined) {
        return updated(() => client.updateInventory(productId, payload.id!, body), payload.id);
      }
      return created(
        async () => (await client.createInventory(productId, body)).id,
        async () => (await client.listInventory(productId)).find((row) => nameKey(String(row.location ?? '')) === nameKey(payload.location))?.id,
      );
    }
    case 'attributeValues': {
      // One collection-level PUT replaces the values of every attribute named: safe to repeat.
      const productId = resolve(payload.product);
      await client.putProductAttributes(
        productId,
        payload.values.map(({ attribute, values }) => ({
          attribute_id: resolve(attribute),
          version_id: 0,
          values: values.map((value) => ({ value })),
        })),
      );
      return { outcome: task.action === 'update' ? 'updated' : 'created', remoteId: productId };
    }
    case 'categoryAssignment': {
      const productId = resolve(payload.product);
      const categoryId = resolve(payload.category);
      return created(
        async () => {
          await client.assignCategory(productId, categoryId);
          return 0;
        },
        async () => {
          const product = await client.getProduct(productId);
          const ids = [...(product.categories ?? []).map((category) => Number(category.id)), ...(product.category_ids ?? []).map(Number)];
          return ids.includes(categoryId) ? 0 : undefined;
        },
      );
    }
    case 'variantLink':
    case 'relatedLink': {
      const productId = resolve(payload.product);
      const relatedId = resolve(payload.related);
      const typeId = resolve(payload.relationType);
      return created(
        async () => {
          await client.createRelation(productId, relatedId, typeId);
          return 0;
        },
        async () => {
          const relations = await client.listRelations(productId);
          const linked = Object.entries(relations).some(
            ([type, products]) => nameKey(type) === payload.relationType.key && products.some((product) => Number(product.id) === relatedId),
          );
          return linked ? 0 : undefined;
        },
      );
    }
    case 'asset': {
      const productId = resolve(payload.product);
      // Jasper answers the URL as `uri`; matched exactly, as the plan matched it.
      const same = (asset: { uri?: string | null; image_url?: string | null }) => (asset.uri ?? asset.image_url) === payload.url;
      return created(
        async () => (await client.createAsset(productId, { image_url: payload.url, sort_order: payload.sortOrder })).id,
        async () => (await client.listAssets(productId)).find(same)?.id,
      );
    }
    case 'barcode': {
      const productId = resolve(payload.product);
      return created(
        async () => (await client.createBarcode(productId, payload.type, payload.value)).id,
        async () =>
          (await client.listBarcodes(productId)).find((code) => sameBarcodeType(code.type, payload.type) && String(code.barcode) === payload.value)?.id,
      );
    }
    case 'removal':
      return removed(payload, context);
  }
}

/** --prune: a DELETE repeated after an unknown outcome may find the thing gone already, which is the goal. */
async function removed(payload: RemovalPayload, { client, resolve }: PerformContext): Promise<PerformResult> {
  const productId = resolve(payload.product);
  try {
    if (payload.of === 'relatedLink') await client.deleteRelation(productId, payload.relatedId, payload.relationTypeId);
    else if (payload.of === 'asset') await client.deleteAsset(productId, payload.id);
    else await client.deleteBarcode(productId, payload.id);
  } catch (error) {
    if (!(error instanceof NotFoundError)) throw error;
  }
  return { outcome: 'deleted', remoteId: payload.of === 'relatedLink' ? 0 : payload.id };
}

/** The product's documented fields (plan/bodies.ts) and the ids its references resolve to. */
function productBody(payload: Extract<TaskPayload, { entity: 'product' }>, resolve: (ref: Ref) => number): Body {
  const body = pick(payload.body, PRODUCT_FIELDS);
  if (payload.id === undefined) body.sku = payload.sku;
  if (payload.parent) body.parent_id = resolve(payload.parent);
  // A create carries its option values; so must an update that (re)attaches a variant to its parent.
  if (payload.optionValues && payload.optionValues.length > 0 && (payload.id === undefined || payload.parent)) {
    body.option_values = payload.optionValues.map(({ option, value }) => ({ option_id: resolve(option), option_value_id: resolve(value) }));
  }
  if (payload.optionSet) body.option_set_id = resolve(payload.optionSet);
  if (payload.categories && payload.categories.length > 0) body.category_ids = payload.categories.map(resolve);
  return body;
}
