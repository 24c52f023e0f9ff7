// Typed functions for every endpoint SPEC §4 uses. The reference's envelopes are not uniform
// (`value_values`, `"option set"` with a space, `products_attributes` vs `product_attributes`),
// so each reader accepts every spelling seen in the reference.
import { BadResponseError, NotFoundError } from './errors.js';
import type { Send } from './http.js';
import type {
  ProductPage,
  RemoteAsset,
  RemoteAttribute,
  RemoteBarcode,
  RemoteCategory,
  RemoteInventory,
  RemoteOption,
  RemoteOptionSet,
  RemoteOptionSetOption,
  RemoteOptionValue,
  RemotePrice,
  RemoteProduct,
  RemoteProductAttribute,
  RemoteRelationType,
  RemoteTypeValue,
} from './types.js';

export type Body = Record<string, unknown>;

export interface AttributeValueWrite {
  attribute_id: number;
  version_id: number;
  values: { value: string }[];
}

export class JasperClient {
  constructor(private readonly send: Send) {}

  /** Resolves once a call would go out at once: a round trip timed after it measures the network only. */
  async ready(): Promise<void> {
    await this.send.ready?.();
  }

  async ping(): Promise<{ time: string }> {
    const body = await this.send({ method: 'GET', path: 'ping' });
    const time = (body as { time?: unknown } | undefined)?.time;
    if (typeof time !== 'string') throw new BadResponseError('GET /ping: the answer has no "time"', { method: 'GET', path: 'ping' });
    return { time };
  }

  // Categories
  async listCategories(): Promise<RemoteCategory[]> {
    return this.list<RemoteCategory>('categories', ['categories']);
  }
  async createCategory(body: Body): Promise<RemoteCategory> {
    return this.write<RemoteCategory>('POST', 'categories', body, ['category']);
  }
  async updateCategory(id: number, body: Body): Promise<RemoteCategory> {
    return this.write<RemoteCategory>('PUT', `categories/${id}`, body, ['category']);
  }

  // Options and option values
  async listOptions(): Promise<RemoteOption[]> {
    return this.list<RemoteOption>('options', ['options']);
  }
  async createOption(name: string): Promise<RemoteOption> {
    return this.write<RemoteOption>('POST', 'options', { name }, ['option']);
  }
  async listOptionValues(optionId: number): Promise<RemoteOptionValue[]> {
    return this.list<RemoteOptionValue>(`options/${optionId}/values`, ['value_values', 'option_values', 'values']);
  }
  async createOptionValue(optionId: number, value: string): Promise<RemoteOptionValue> {
    return this.write<RemoteOptionValue>('POST', `options/${optionId}/values`, { value, label: value }, ['value_value', 'option_value', 'value']);
  }

  // Option sets
  async listOptionSets(): Promise<RemoteOptionSet[]> {
    return this.list<RemoteOptionSet>('option_sets', ['option_sets']);
  }
  async createOptionSet(name: string): Promise<RemoteOptionSet> {
    return this.write<RemoteOptionSet>('POST', 'option_sets', { name }, ['option set', 'option_set', 'attribute_set']);
  }
  async listOptionSetOptions(optionSetId: number): Promise<RemoteOptionSetOption[]> {
    return this.list<RemoteOptionSetOption>(`option_sets/${optionSetId}/options`, ['option_set_options']);
  }
  /** Create-or-update by option id, so repeating it never duplicates. */
  async addOptionToSet(optionSetId: number, optionId: number, sortOrder: number): Promise<void> {
    await this.send({ method: 'POST', path: `option_sets/${optionSetId}/options`, body: { option_id: optionId, sort_order: sortOrder } });
  }

  // Attributes and type values
  async listAttributes(): Promise<RemoteAttribute[]> {
    const raw = await this.list<Body>('attributes', ['attributes']);
    return raw.map(normaliseAttribute);
  }
  async createAttribute(name: string, type: string): Promise<RemoteAttribute> {
    const raw = await this.write<Body>('POST', 'attributes', { name, type, publish: true }, ['attribute']);
    return normaliseAttribute(raw);
  }
  async listTypeValues(attributeId: number): Promise<RemoteTypeValue[]> {
    return this.list<RemoteTypeValue>(`attributes/${attributeId}/type_values`, ['attribute_type_values', 'type_values']);
  }
  async createTypeValue(attributeId: number, value: string): Promise<RemoteTypeValue> {
    return this.write<RemoteTypeValue>('POST', `attributes/${attributeId}/type_values`, { value }, ['attribute_type_value', 'type_value']);
  }

  // Relation types
  async listRelationTypes(): Promise<RemoteRelationType[]> {
    return this.list<RemoteRelationType>('product-relation-types', ['product_relation_types']);
  }
  async createRelationType(name: string): Promise<RemoteRelationType> {
    return this.write<RemoteRelationType>('POST', 'product-relation-types', { name }, ['product_relation_type']);
  }

  // Products
  async listProducts(page: number, limit: number): Promise<ProductPage> {
    // type=all: a listing of parents only (the versioned listing's default) would hide existing variants.
    const body = (await this.send({ method: 'GET', path: 'products', searchParams: { page, limit, type: 'all' } })) as Body | undefined;
    const products = pick<RemoteProduct[]>(body, ['products', 'data'], 'GET /products');
    const meta = (body?.meta ?? {}) as { current_page?: number; last_page?: number; total?: number };
    return {
      products,
      currentPage: Number(meta.current_page ?? page),
      lastPage: Number(meta.last_page ?? page),
      total: Number(meta.total ?? products.length),
    };
  }
  async getProduct(id: number): Promise<RemoteProduct> {
    const body = await this.send({ method: 'GET', path: `products/${id}` });
    return pick<RemoteProduct>(body, ['product'], `GET /products/${id}`);
  }
  /** The product with this SKU, or undefined when Jasper has none. */
  async findProductBySku(sku: string): Promise<RemoteProduct | undefined> {
    const path = `products/sku/${encodeURIComponent(sku)}`;
    try {
      const body = await this.send({ method: 'GET', path });
      return pick<RemoteProduct>(body, ['product'], `GET /${path}`);
    } catch (error) {
      if (error instanceof NotFoundError) return undefined;
      throw error;
    }
  }
  async createProduct(body: Body): Promise<RemoteProduct> {
    return this.write<RemoteProduct>('POST', 'products', body, ['product']);
  }
  async updateProduct(id: number, body: Body): Promise<RemoteProduct> {
    return this.write<RemoteProduct>('PUT', `products/${id}`, body, ['product']);
  }

  // Per-product collections
  async assignCategory(productId: number, categoryId: number): Promise<void> {
    await this.send({ method: 'POST', path: `products/${productId}/categories`, body: { category_id: String(categoryId) } });
  }
  async listPrices(productId: number): Promise<RemotePrice[]> {
    return this.list<RemotePrice>(`products/${productId}/prices`, ['product_prices', 'prices']);
  }
  async createPrice(productId: number, body: Body): Promise<RemotePrice> {
    return this.write<RemotePrice>('POST', `products/${productId}/prices`, body, ['product_price', 'price']);
  }
  async updatePrice(productId: number, priceId: number, body: Body): Promise<RemotePrice> {
    return this.write<RemotePrice>('PUT', `products/${productId}/prices/${priceId}`, body, ['product_price', 'price']);
  }
  async listInventory(productId: number): Promise<RemoteInventory[]> {
    return this.list<RemoteInventory>(`products/${productId}/inventory`, ['product_inventory', 'inventory']);
  }
  async createInventory(productId: number, body: Body): Promise<RemoteInventory> {
    return this.write<RemoteInventory>('POST', `products/${productId}/inventory`, body, ['product_inventory', 'inventory']);
  }
  async updateInventory(productId: number, inventoryId: number, body: Body): Promise<RemoteInventory> {
    return this.write<RemoteInventory>('PUT', `products/${productId}/inventory/${inventoryId}`, body, ['product_inventory', 'inventory']);
  }
  async listProductAttributes(productId: number): Promise<RemoteProductAttribute[]> {
    return this.list<RemoteProductAttribute>(`products/${productId}/attributes`, ['product_attributes', 'products_attributes']);
  }
  /** One collection-level PUT for all of a product's attribute values. */
  async putProductAttributes(productId: number, values: AttributeValueWrite[]): Promise<void> {
    await this.send({ method: 'PUT', path: `products/${productId}/attributes`, body: values });
  }
  /** Related product ids by relation type name. */
  async listRelations(productId: number): Promise<Record<string, { id: number; sku?: string }[]>> {
    const body = await this.send({ method: 'GET', path: `products/${productId}/relations` });
    const relations = (body as Body | undefined)?.product_relations;
    if (!relations || typeof relations !== 'object' || Array.isArray(relations)) return {};
    return relations as Record<string, { id: number; sku?: string }[]>;
  }
  async createRelation(productId: number, relatedId: number, relationTypeId: number): Promise<void> {
    await this.send({ method: 'POST', path: `products/${productId}/relations/${relatedId}/type/${relationTypeId}`, body: {} });
  }
  async deleteRelation(productId: number, relatedId: number, relationTypeId: number): Promise<void> {
    await this.send({ method: 'DELETE', path: `products/${productId}/relations/${relatedId}/type/${relationTypeId}` });
  }

  // Images (product assets) and barcodes
  async listAssets(productId: number): Promise<RemoteAsset[]> {
    return this.list<RemoteAsset>(`products/${productId}/assets`, ['product_assets', 'assets']);
  }
  async createAsset(productId: number, body: Body): Promise<RemoteAsset> {
    return this.write<RemoteAsset>('POST', `products/${productId}/assets`, body, ['product_asset', 'asset']);
  }
  async deleteAsset(productId: number, assetId: number): Promise<void> {
    await this.send({ method: 'DELETE', path: `products/${productId}/assets/${assetId}` });
  }
  async listBarcodes(productId: number): Promise<RemoteBarcode[]> {
    return this.list<RemoteBarcode>(`products/${productId}/barcodes`, ['barcodes', 'product_barcodes']);
  }
  /** The answer is the barcode itself, not an envelope (its `barcode` field is the code). */
  async createBarcode(productId: number, type: string, barcode: string): Promise<RemoteBarcode> {
    return this.write<RemoteBarcode>('POST', `products/${productId}/barcodes`, { type, barcode }, ['product_barcode']);
  }
  async deleteBarcode(productId: number, barcodeId: number): Promise<void> {
    await this.send({ method: 'DELETE', path: `products/${productId}/barcodes/${barcodeId}` });
  }

  // Deletes (undo takes back what a run created)
  async getCategory(id: number): Promise<RemoteCategory> {
    const body = await this.send({ method: 'GET', path: `categories/${id}` });
    return pick<RemoteCategory>(body, ['category'], `GET /categories/${id}`);
  }
  async deleteProduct(id: number): Promise<void> {
    await this.send({ method: 'DELETE', path: `products/${id}` });
  }
  async deleteInventory(productId: number, inventoryId: number): Promise<void> {
    await this.send({ method: 'DELETE', path: `products/${productId}/inventory/${inventoryId}` });
  }
  async deleteCategory(id: number): Promise<void> {
    await this.send({ method: 'DELETE', path: `categories/${id}` });
  }
  async deleteOption(id: number): Promise<void> {
    await this.send({ method: 'DELETE', path: `options/${id}` });
  }
  async deleteOptionValue(optionId: number, valueId: number): Promise<void> {
    await this.send({ method: 'DELETE', path: `options/${optionId}/values/${valueId}` });
  }
  async deleteOptionSet(id: number): Promise<void> {
    await this.send({ method: 'DELETE', path: `option_sets/${id}` });
  }
  async removeOptionFromSet(optionSetId: number, optionId: number): Promise<void> {
    await this.send({ method: 'DELETE', path: `option_sets/${optionSetId}/options/${optionId}` });
  }
  async deleteAttribute(id: number): Promise<void> {
    await this.send({ method: 'DELETE', path: `attributes/${id}` });
  }
  async deleteTypeValue(attributeId: number, valueId: number): Promise<void> {
    await this.send({ method: 'DELETE', path: `attributes/${attributeId}/type_values/${valueId}` });
  }
  async deleteRelationType(id: number): Promise<void> {
    await this.send({ method: 'DELETE', path: `product-relation-types/${id}` });
  }

  private async list<T>(path: string, keys: string[]): Promise<T[]> {
    const body = await this.send({ method: 'GET', path });
    const value = pick<unknown>(body, keys, `GET /${path}`);
    if (!Array.isArray(value)) throw new BadResponseError(`GET /${path}: expected a list`, { method: 'GET', path });
    return value as T[];
  }

  private async write<T>(method: 'POST' | 'PUT', path: string, body: Body, keys: string[]): Promise<T> {
    const answer = await this.send({ method, path, body });
    return pick<T>(answer, keys, `${method} /${path}`);
  }
}

/** The first of `keys` present in the envelope, or the body itself when it already is the entity. */
function pick<T>(body: unknown, keys: string[], where: string): T {
  if (body && typeof body === 'object' && !Array.isArray(body)) {
    const record = body as Record<string, unknown>;
    for (const key of keys) {
      if (record[key] !== undefined) return record[key] as T;
    }
    if ('id' in record) return record as T;
  }
  if (Array.isArray(body)) return body as T;
  const [method, path] = where.split(' ') as ['GET', string];
  throw new BadResponseError(`${where}: unexpected answer (expected "${keys[0]}")`, { method, path: path.slice(1) });
}

function normaliseAttribute(raw: Body): RemoteAttribute {
  const values = (raw.typeValuesArray ?? raw.type_values ?? raw.attribute_type_values ?? []) as RemoteTypeValue[];
  return { id: Number(raw.id), name: String(raw.name), type: typeof raw.type === 'string' ? raw.type : 'text', typeValues: values };
}
