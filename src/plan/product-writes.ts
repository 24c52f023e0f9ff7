// Products (parents before variants) and everything written per product: prices, attribute
// values, inventory, category assignments, variant and related links; and inventory rows.
import { type InventoryRowInput, type SourceLocation, nameKey } from '../catalog/types.js';
import type { RemoteProduct } from '../jasper/types.js';
import { type DesiredProduct, type DesiredState, VARIANT_RELATION_TYPE, optionValueKey } from './desired.js';
import type { DiffOptions } from './diff.js';
import { compareFields } from './field-hash.js';
import {
  CREATED_HASH,
  PRESENCE_HASH,
  assetKey,
  assignmentKey,
  barcodeKey,
  attributeValuesHash,
  compareProduct,
  inventoryHash,
  inventoryKey,
  legacyAttributeValuesHash,
  legacyInventoryHash,
  legacyPriceHash,
  optionSetMemberKey,
  priceHash,
  priceKey,
  productHash,
  relatedLinkKey,
  type SkuSet,
  typeValueKey,
  variantLinkKey,
} from './keys.js';
import { inventoryBody, priceBody } from './bodies.js';
import { bodyChanges, sameInventory, samePrice, sameValues } from './compare.js';
import type { PlanBuilder } from './plan-builder.js';
import type { RemoteSnapshot } from './remote.js';
import { planPrune } from './prune.js';
import type { Body, EntityKind, Ref, TaskPayload } from './types.js';
import { sameBarcodeType } from './compare.js';

/** A related link to an input product that had no plan yet when its row was planned. */
export interface DeferredLink {
  sku: string;
  type: string;
  relatedSku: string;
  loc: SourceLocation;
}

export class ProductPlanner {
  constructor(
    private readonly plan: PlanBuilder,
    private readonly remote: RemoteSnapshot,
    private readonly options: DiffOptions,
    /** SKUs of every valid product row of the push, planned yet or not. */
    private readonly inputSkus: SkuSet,
    /** Whether a feed disabled the product (SPEC §12); asked of the change cache even when --full ignores it. */
    private readonly wasDisabled: (sku: string) => boolean,
    private readonly optionSets: DesiredState['optionSets'],
  ) {}

  /**
   * A batch of products and everything written per product. Parents go before variants, whatever
   * the input order; a variant's parent must be in this batch or an earlier one. Related links to
   * input products not planned yet come back, for `relatedLinks` once every product is planned.
   */
  products(batch: DesiredProduct[]): DeferredLink[] {
    const ordered = [...batch.filter((product) => !product.parentSku), ...batch.filter((product) => product.parentSku)];
    for (const product of ordered) this.product(product);
    const deferred: DeferredLink[] = [];
    for (const product of ordered) this.perProduct(product, deferred);
    return deferred;
  }

  relatedLinks(links: DeferredLink[]): void {
    for (const link of links) {
      const key = relatedLinkKey(link.sku, link.type, link.relatedSku);
      const rows = [link.loc];
      const from: Ref = { entity: 'product', key: link.sku };
      this.link('relatedLink', key, from, { entity: 'product', key: link.relatedSku }, { entity: 'relationType', key: link.type }, rows);
    }
  }

  /** Jasper's id for a SKU outside the input (a parent or related product), registered as known. */
  private externalProduct(sku: string): number | undefined {
    const id = this.remote.products.get(sku)?.id ?? (this.remote.missingSkus.has(sku) ? undefined : this.plan.cached('product', sku)?.id);
    if (id !== undefined && !this.plan.has('product', sku)) this.plan.known('product', sku, id, [], undefined, false);
    return id;
  }

  private product(product: DesiredProduct): void {
    const { sku, loc } = product;
    const rows = [loc];
    const remote = this.remote.products.get(sku);
    const entry = this.plan.cached('product', sku);
    const wanted = productHash(product, this.options.variantMode);
    const cached = compareProduct(entry?.hash, product, this.options.variantMode);
    // What the cache holds once this row is written: what Jasper showed, or the cached fields with this row's over them.
    const hash = remote ? wanted : cached.hash;
    const isNew = !remote && (this.remote.missingSkus.has(sku) || entry?.id === undefined);
    const parentMode = this.options.variantMode === 'parent';

    if (product.parentSku && !this.inputSkus.has(product.parentSku) && this.externalProduct(product.parentSku) === undefined) {
      this.plan.blocked('product', sku, rows, `parent SKU "${product.parentSku}" is neither in the input nor in Jasper`, 'failed');
      return;
    }
    const parent: Ref | undefined = product.parentSku && parentMode ? { entity: 'product', key: product.parentSku } : undefined;
    const optionValues = product.options.map(({ option, value }) => ({
      option: { entity: 'option', key: option } satisfies Ref,
      value: { entity: 'optionValue', key: optionValueKey(option, value) } satisfies Ref,
    }));
    const optionSet: Ref | undefined = product.optionSet ? { entity: 'optionSet', key: product.optionSet } : undefined;
    // The set is written once its members are: a member that failed fails the products using the set.
    const setMembers = optionSet ? this.membersOf(optionSet.key) : [];
    const optionRefs = optionValues.flatMap(({ option, value }) => [option, value]);

    if (isNew) {
      if (!product.hasName) {
        this.plan.blocked('product', sku, rows, `name is required to create a product (SKU "${sku}" is not in Jasper)`, 'failed');
        return;
      }
      const categories: Ref[] = product.categories.map((key) => ({ entity: 'category', key }));
      const alsoCompletes = product.categories.map((key) => ({ entity: 'categoryAssignment' as const, key: assignmentKey(sku, key), hash: PRESENCE_HASH }));
      this.plan.task(
        'product',
        sku,
        'create',
        { entity: 'product', sku, body: product.body, parent, optionValues, optionSet, categories },
        [parent, optionSet, ...setMembers, ...optionRefs, ...categories],
        rows,
        wanted,
        { alsoCompletes },
      );
      return;
    }

    const id = remote?.id ?? entry!.id!;
    let changes: Body;
    if (remote) {
      changes = this.options.rewrite ? { ...product.body } : bodyChanges(product.body, remote as unknown as Body);
      if (parentMode && product.parentSku) {
        const parentId = this.plan.idOf('product', product.parentSku);
        if (parentId === undefined || remote.parent_id !== parentId) changes.__parent = true;
      }
      if (optionSet) {
        const setId = this.plan.idOf('optionSet', optionSet.key);
        if (setId === undefined || remote.option_set_id !== setId) changes.__optionSet = true;
      }
    } else {
      changes =
        cached.same && !this.options.rewrite ? {} : { ...product.body, ...(parent ? { __parent: true } : {}), ...(optionSet ? { __optionSet: true } : {}) };
    }
    // A feed disabled it when its row went missing (SPEC §12); listed again, it is enabled again.
    if (product.body.enabled === undefined && this.wasDisabled(sku)) changes.enabled = true;
    if (Object.keys(changes).length === 0) {
      this.plan.known('product', sku, id, rows, hash);
      return;
    }
    const { __parent, __optionSet, ...body } = changes;
    this.plan.task(
      'product',
      sku,
      'update',
      { entity: 'product', sku, body, id, ...(__parent ? { parent, optionValues } : {}), ...(__optionSet ? { optionSet } : {}) },
      [...(__parent ? [parent, ...optionRefs] : []), ...(__optionSet ? [optionSet, ...setMembers] : [])],
      rows,
      hash,
    );
    this.plan.existing('product', sku, id);
  }

  private membersOf(optionSet: string): Ref[] {
    return (this.optionSets.get(optionSet)?.options ?? []).map((option) => ({ entity: 'optionSetOption', key: optionSetMemberKey(optionSet, option) }));
  }

  /** Everything written per product, after every product has a status. */
  private perProduct(product: DesiredProduct, deferred: DeferredLink[]): void {
    const { sku, loc } = product;
    const rows = [loc];
    const productRef: Ref = { entity: 'product', key: sku };
    const productStatus = this.plan.statusOf('product', sku);
    if (productStatus?.state === 'blocked') {
      // The product's own outcome already explains the row.
      return;
    }
    const remote = this.remote.products.get(sku);
    const isNew = productStatus?.state === 'task' && !this.plan.knownId('product', sku);

    for (const price of product.prices) {
      const key = priceKey(sku, price.base);
      const hash = { hash: priceHash(price), legacy: legacyPriceHash(price) };
      const body = priceBody(price);
      const existing = remote?.prices?.find((candidate) => String(candidate.base).toUpperCase() === price.base);
      this.collectionItem(
        'price',
        key,
        hash,
        rows,
        isNew,
        remote !== undefined,
        existing && { id: existing.id, same: samePrice(price, existing) },
        (id) => ({ entity: 'price', product: productRef, base: price.base, body, ...(id === undefined ? {} : { id }) }),
        [productRef],
      );
    }

    if (product.attributes.length > 0) {
      const hash = { hash: attributeValuesHash(product), legacy: legacyAttributeValuesHash(product) };
      const refs: Ref[] = [productRef];
      const values = product.attributes.map(({ attribute, values: list }) => {
        const attributeRef: Ref = { entity: 'attribute', key: attribute };
        refs.push(attributeRef);
        for (const value of list) {
          if (this.plan.has('typeValue', typeValueKey(attribute, value))) refs.push({ entity: 'typeValue', key: typeValueKey(attribute, value) });
        }
        return { attribute: attributeRef, values: list };
      });
      const same =
        remote !== undefined &&
        product.attributes.every(({ attribute, values: list }) => {
          const attributeId = this.plan.idOf('attribute', attribute);
          const current = remote.product_attributes?.find((candidate) => candidate.attribute_id === attributeId);
          return (
            attributeId !== undefined &&
            current !== undefined &&
            sameValues(
              list,
              current.values.map((value) => String(value.value)),
            )
          );
        });
      this.collectionItem(
        'attributeValues',
        sku,
        hash,
        rows,
        isNew,
        remote !== undefined,
        remote ? { id: 0, same } : undefined,
        () => ({ entity: 'attributeValues', product: productRef, values }),
        refs,
      );
    }

    for (const inventory of product.inventory) this.inventoryItem(sku, productRef, inventory, rows, isNew, remote);

    if (!isNew) {
      for (const category of product.categories) {
        const categoryRef: Ref = { entity: 'category', key: category };
        const categoryId = this.plan.idOf('category', category);
        const assigned = remote
          ? categoryId !== undefined && remoteCategoryIds(remote).includes(categoryId)
          : this.plan.cached('categoryAssignment', assignmentKey(sku, category)) !== undefined;
        this.presence(
          'categoryAssignment',
          assignmentKey(sku, category),
          assigned,
          rows,
          { entity: 'categoryAssignment', product: productRef, category: categoryRef },
          [productRef, categoryRef],
        );
      }
    }

    product.images.forEach((url, index) => {
      const found = remote?.assets?.find((asset) => (asset.uri ?? asset.image_url) === url)?.id;
      const payload: TaskPayload = { entity: 'asset', product: productRef, url, sortOrder: index + 1 };
      // One after the other, so Jasper receives them in the row's order: the main image first.
      const previous: Ref | undefined = index > 0 ? { entity: 'asset', key: assetKey(sku, product.images[index - 1]!) } : undefined;
      this.mediaItem('asset', assetKey(sku, url), isNew, remote?.assets !== undefined, found, rows, payload, [productRef, previous]);
    });
    for (const { type, value } of product.barcodes) {
      const found = remote?.barcodes?.find((code) => sameBarcodeType(code.type, type) && String(code.barcode) === value)?.id;
      const payload: TaskPayload = { entity: 'barcode', product: productRef, type, value };
      this.mediaItem('barcode', barcodeKey(sku, type, value), isNew, remote?.barcodes !== undefined, found, rows, payload, [productRef]);
    }

    if (this.options.variantMode === 'relation' && product.parentSku) {
      const parentRef: Ref = { entity: 'product', key: product.parentSku };
      const typeRef: Ref = { entity: 'relationType', key: nameKey(VARIANT_RELATION_TYPE) };
      this.link('variantLink', variantLinkKey(product.parentSku, sku), parentRef, productRef, typeRef, rows);
    }

    for (const link of product.related) {
      const key = relatedLinkKey(sku, link.type, link.sku);
      if (this.inputSkus.has(link.sku) && !this.plan.has('product', link.sku)) {
        deferred.push({ sku, type: link.type, relatedSku: link.sku, loc });
        continue;
      }
      if (!this.inputSkus.has(link.sku) && this.externalProduct(link.sku) === undefined) {
        this.plan.blocked('relatedLink', key, rows, `related SKU "${link.sku}" is neither in the input nor in Jasper`, 'failed');
        continue;
      }
      this.link('relatedLink', key, productRef, { entity: 'product', key: link.sku }, { entity: 'relationType', key: link.type }, rows);
    }

    if (this.options.prune && !isNew) planPrune(this.plan, product, this.inputSkus);
  }

  /** An image or barcode: present (found in Jasper, or in the cache) or created; never updated. */
  private mediaItem(
    entity: 'asset' | 'barcode',
    key: string,
    productIsNew: boolean,
    haveRemote: boolean,
    foundId: number | undefined,
    rows: SourceLocation[],
    payload: TaskPayload,
    refs: (Ref | undefined)[],
  ): void {
    if (!productIsNew && haveRemote && foundId !== undefined) return this.plan.known(entity, key, foundId, rows, this.presentHash(entity, key));
    const entry = productIsNew || haveRemote ? undefined : this.plan.cached(entity, key);
    if (entry) return this.plan.known(entity, key, entry.id ?? 0, rows, entry.hash ?? PRESENCE_HASH);
    this.plan.task(entity, key, 'create', payload, refs, rows, CREATED_HASH);
  }

  /** A link, image or barcode that Jasper has: still ours if this tool created it, else found. */
  private presentHash(entity: EntityKind, key: string): string {
    return this.plan.written(entity, key)?.hash === CREATED_HASH ? CREATED_HASH : PRESENCE_HASH;
  }

  /** A price, inventory row or attribute set: create, update by id, or leave alone. */
  private collectionItem(
    entity: 'price' | 'inventory' | 'attributeValues',
    key: string,
    wanted: { hash: string; legacy: string },
    rows: SourceLocation[],
    productIsNew: boolean,
    haveRemote: boolean,
    existing: { id: number; same: boolean } | undefined,
    payload: (id: number | undefined) => TaskPayload,
    refs: Ref[],
  ): void {
    const { hash } = wanted;
    if (productIsNew) return this.plan.task(entity, key, 'create', payload(undefined), refs, rows, hash);
    if (haveRemote) {
      if (!existing) return this.plan.task(entity, key, 'create', payload(undefined), refs, rows, hash);
      const id = entity === 'attributeValues' ? undefined : existing.id;
      if (existing.same && !this.options.rewrite) return this.plan.known(entity, key, existing.id, rows, hash);
      return this.plan.task(entity, key, 'update', payload(id), refs, rows, hash);
    }
    const entry = this.plan.cached(entity, key);
    // Another input may have written fields this one does not name: they stay in the cached hash.
    const cached = compareFields(entry?.hash, hash, wanted.legacy);
    if (entry && cached.same && !this.options.rewrite) return this.plan.known(entity, key, entry.id ?? 0, rows, cached.hash);
    if (entry?.id !== undefined || entity === 'attributeValues') {
      return this.plan.task(entity, key, entry ? 'update' : 'create', payload(entity === 'attributeValues' ? undefined : entry?.id), refs, rows, cached.hash);
    }
    return this.plan.task(entity, key, 'create', payload(undefined), refs, rows, hash);
  }

  private inventoryItem(
    sku: string,
    productRef: Ref,
    inventory: DesiredProduct['inventory'][number],
    rows: SourceLocation[],
    productIsNew: boolean,
    remote: RemoteProduct | undefined,
  ): void {
    const key = inventoryKey(sku, inventory.location);
    const body = inventoryBody(inventory);
    const existing = remote?.inventory?.find((candidate) => nameKey(String(candidate.location ?? '')) === nameKey(inventory.location));
    this.collectionItem(
      'inventory',
      key,
      { hash: inventoryHash(inventory), legacy: legacyInventoryHash(inventory) },
      rows,
      productIsNew,
      remote !== undefined,
      existing && { id: existing.id, same: sameInventory(inventory, existing) },
      (id) => ({
        entity: 'inventory',
        product: productRef,
        location: inventory.location,
        body,
        ...(id === undefined ? {} : { id }),
      }),
      [productRef],
    );
  }

  private presence(entity: EntityKind, key: string, present: boolean, rows: SourceLocation[], payload: TaskPayload, refs: Ref[]): void {
    if (present) this.plan.known(entity, key, 0, rows, PRESENCE_HASH);
    else this.plan.task(entity, key, 'create', payload, refs, rows, PRESENCE_HASH);
  }

  private link(entity: 'variantLink' | 'relatedLink', key: string, from: Ref, to: Ref, type: Ref, rows: SourceLocation[]): void {
    const fromId = this.plan.idOf('product', from.key) ?? this.plan.knownId('product', from.key);
    const toId = this.plan.idOf('product', to.key) ?? this.plan.knownId('product', to.key);
    const typeId = this.plan.idOf('relationType', type.key);
    const remoteFrom = this.remote.products.get(from.key);
    const present =
      fromId !== undefined && toId !== undefined && typeId !== undefined && remoteFrom
        ? Boolean(
            remoteFrom.related_products?.some(
              (relation) => relation.id === toId && (relation.relation_type_id === undefined || relation.relation_type_id === typeId),
            ),
          )
        : !remoteFrom && this.plan.cached(entity, key) !== undefined;
    if (present) this.plan.known(entity, key, 0, rows, this.presentHash(entity, key));
    else this.plan.task(entity, key, 'create', { entity, product: from, related: to, relationType: type }, [from, to, type], rows, CREATED_HASH);
  }

  // ── inventory rows (push inventory, or a JSON catalog's inventory section) ─

  inventoryRows(inventoryRows: InventoryRowInput[]): void {
    for (const row of inventoryRows) {
      const rows = [row.loc];
      const productRef: Ref = { entity: 'product', key: row.sku };
      const key = inventoryKey(row.sku, row.location);
      if (this.inputSkus.has(row.sku)) {
        const status = this.plan.statusOf('product', row.sku);
        if (status?.state === 'blocked') {
          this.plan.blocked('inventory', key, rows, `depends on product "${row.sku}": ${status.reason}`, 'skipped');
          continue;
        }
        const isNew = status?.state === 'task' && !this.plan.knownId('product', row.sku);
        this.inventoryItem(row.sku, productRef, row, rows, isNew, this.remote.products.get(row.sku));
        continue;
      }
      const remote = this.remote.products.get(row.sku);
      if (this.externalProduct(row.sku) === undefined) {
        this.plan.blocked('inventory', key, rows, `no product with SKU "${row.sku}" in Jasper`, 'failed');
        continue;
      }
      this.inventoryItem(row.sku, productRef, row, rows, false, remote);
    }
  }
}

function remoteCategoryIds(product: RemoteProduct): number[] {
  return [...(product.categories ?? []).map((category) => Number(category.id)), ...(product.category_ids ?? []).map(Number)];
}
