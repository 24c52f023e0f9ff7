// The planner: what Jasper should hold + what it holds (or the cache says it holds) → tasks.
// Pure: no I/O, no clock. Every entity ends as a task, or as unchanged/failed/skipped with a reason.
import type { CatalogKind, SourceLocation } from '../catalog/types.js';
import type { RemoteProduct } from '../jasper/types.js';
import { type DesiredProduct, type DesiredState, VARIANT_RELATION_TYPE, type VariantMode, optionValueKey } from './desired.js';
import { nameKey } from './hash.js';
import {
  PRESENCE_HASH,
  SELECT_TYPES,
  assignmentKey,
  attributeValuesHash,
  categoryHash,
  inventoryHash,
  inventoryKey,
  priceHash,
  priceKey,
  productHash,
  relatedLinkKey,
  typeValueKey,
  variantLinkKey,
} from './keys.js';
import type { CacheEntry, CacheView, RemoteSnapshot } from './remote.js';
import { bodyChanges, sameInventory, samePrice, sameValues } from './compare.js';
import {
  type Body,
  ENTITY_LABELS,
  type EntityKind,
  type Plan,
  type Ref,
  type Task,
  type TaskId,
  type TaskPayload,
  taskId,
} from './types.js';

export interface DiffOptions {
  kind: CatalogKind;
  variantMode: VariantMode;
  /** --full: write every updatable entity, even when Jasper already has the same. */
  rewrite: boolean;
}

type Status = { state: 'known'; id: number } | { state: 'task'; taskId: TaskId } | { state: 'blocked'; reason: string };

export function planWrites(desired: DesiredState, remote: RemoteSnapshot, cache: CacheView, options: DiffOptions): Plan {
  return new Planner(desired, remote, cache, options).plan();
}

class Planner {
  private readonly result: Plan = { tasks: [], outcomes: [], known: {}, notes: [] };
  private readonly status = new Map<TaskId, Status>();
  private readonly inputSkus: Set<string>;

  constructor(
    private readonly desired: DesiredState,
    private readonly remote: RemoteSnapshot,
    private readonly cache: CacheView,
    private readonly options: DiffOptions,
  ) {
    this.inputSkus = new Set(desired.products.map((product) => product.sku));
  }

  plan(): Plan {
    this.categories();
    this.options_();
    this.attributes();
    this.relationTypes();
    // Parents before variants, whatever the input order: a variant may come before its parent.
    const ordered = [...this.desired.products.filter((product) => !product.parentSku), ...this.desired.products.filter((product) => product.parentSku)];
    for (const product of ordered) this.product(product);
    for (const product of ordered) this.perProduct(product);
    this.inventoryRows();
    return this.result;
  }

  // ── bookkeeping ────────────────────────────────────────────────────────────

  private cached(entity: EntityKind, key: string): CacheEntry | undefined {
    return this.cache.get(taskId(entity, key));
  }

  private known(entity: EntityKind, key: string, remoteId: number, rows: SourceLocation[] = [], hash?: string, report = true): void {
    const id = taskId(entity, key);
    this.status.set(id, { state: 'known', id: remoteId });
    this.result.known[id] = remoteId;
    if (report) this.result.outcomes.push({ id, entity, key, outcome: 'unchanged', rows, remoteId, ...(hash ? { hash } : {}) });
  }

  private blocked(entity: EntityKind, key: string, rows: SourceLocation[], reason: string, outcome: 'failed' | 'skipped'): void {
    const id = taskId(entity, key);
    this.status.set(id, { state: 'blocked', reason });
    this.result.outcomes.push({ id, entity, key, outcome, rows, reason });
  }

  /** Dependencies of a task on the entities it references, or why it cannot run. */
  private dependencies(refs: (Ref | null | undefined)[]): { deps: TaskId[] } | { blockedBy: string } {
    const deps: TaskId[] = [];
    for (const ref of refs) {
      if (!ref) continue;
      const id = taskId(ref.entity, ref.key);
      const status = this.status.get(id);
      if (!status) return { blockedBy: `${ENTITY_LABELS[ref.entity]} "${ref.key}" is not known` };
      if (status.state === 'blocked') return { blockedBy: `depends on ${ENTITY_LABELS[ref.entity]} "${ref.key}": ${status.reason}` };
      // The task's own id string, not the copy built for the lookup: 600k tasks share them.
      if (status.state === 'task' && !deps.includes(status.taskId)) deps.push(status.taskId);
    }
    // An exact-size copy: pushed arrays keep spare capacity, and there is one per task.
    return { deps: deps.slice() };
  }

  private task(
    entity: EntityKind,
    key: string,
    action: 'create' | 'update',
    payload: TaskPayload,
    refs: (Ref | null | undefined)[],
    rows: SourceLocation[],
    hash: string,
    extra: Partial<Task> = {},
  ): void {
    const dependencies = this.dependencies(refs);
    if ('blockedBy' in dependencies) {
      this.blocked(entity, key, rows, dependencies.blockedBy, 'skipped');
      return;
    }
    const id = taskId(entity, key);
    this.status.set(id, { state: 'task', taskId: id });
    this.result.tasks.push({ id, entity, key, action, payload, deps: dependencies.deps, rows, hash, ...extra });
  }

  /** An entity that exists in Jasper and is being updated: later tasks use its id without waiting. */
  private existing(entity: EntityKind, key: string, id: number): void {
    this.status.set(taskId(entity, key), { state: 'known', id });
    this.result.known[taskId(entity, key)] = id;
  }

  private idOf(entity: EntityKind, key: string): number | undefined {
    const status = this.status.get(taskId(entity, key));
    return status?.state === 'known' ? status.id : undefined;
  }

  // ── categories, options, attributes, relation types ────────────────────────

  private categories(): void {
    for (const category of this.desired.categories) {
      const hash = categoryHash(category.name, category.parentKey, category.fields);
      const parent: Ref | null = category.parentKey ? { entity: 'category', key: category.parentKey } : null;
      const body: Body = { name: category.name, ...category.fields };
      if (this.remote.categories) {
        const parentStatus = category.parentKey ? this.status.get(taskId('category', category.parentKey)) : undefined;
        const parentId = category.parentKey ? (parentStatus?.state === 'known' ? parentStatus.id : undefined) : null;
        const match =
          parentId === undefined
            ? undefined
            : this.remote.categories.find((remote) => sameParent(remote.parent_id, parentId) && nameKey(remote.name) === nameKey(category.name));
        if (match) {
          const changes = bodyChanges(category.fields, match as unknown as Body);
          const rewrite = this.options.rewrite && Object.keys(category.fields).length > 0;
          if (Object.keys(changes).length > 0 || rewrite) {
            this.task('category', category.key, 'update', { entity: 'category', name: category.name, parent, body: rewrite ? body : changes, id: match.id }, [], category.rows, hash);
            this.existing('category', category.key, match.id);
          } else {
            this.known('category', category.key, match.id, category.rows, hash);
          }
          continue;
        }
        this.task('category', category.key, 'create', { entity: 'category', name: category.name, parent, body }, [parent], category.rows, hash);
        continue;
      }
      const entry = this.cached('category', category.key);
      if (entry?.id !== undefined && entry.hash === hash) this.known('category', category.key, entry.id, category.rows, hash);
      else if (entry?.id !== undefined) {
        this.task('category', category.key, 'update', { entity: 'category', name: category.name, parent, body, id: entry.id }, [], category.rows, hash);
        this.existing('category', category.key, entry.id);
      } else this.task('category', category.key, 'create', { entity: 'category', name: category.name, parent, body }, [parent], category.rows, hash);
    }
  }

  private options_(): void {
    const remoteOptions = this.remote.options;
    for (const [key, option] of this.desired.options) {
      const id = remoteOptions ? remoteOptions.find((remote) => nameKey(remote.name) === key)?.id : this.cached('option', key)?.id;
      if (id !== undefined) this.known('option', key, id, [], PRESENCE_HASH);
      else this.task('option', key, 'create', { entity: 'option', name: option.name }, [], [], PRESENCE_HASH);
    }
    for (const [key, value] of this.desired.optionValues) {
      const optionRef: Ref = { entity: 'option', key: value.option };
      const optionId = this.idOf('option', value.option);
      const remoteValues = remoteOptions?.find((remote) => remote.id === optionId)?.values;
      const id =
        remoteOptions && optionId !== undefined
          ? remoteValues?.find((remote) => String(remote.value).trim() === value.value)?.id
          : remoteOptions
            ? undefined
            : this.cached('optionValue', key)?.id;
      if (id !== undefined) this.known('optionValue', key, id, [], PRESENCE_HASH);
      else this.task('optionValue', key, 'create', { entity: 'optionValue', option: optionRef, value: value.value }, [optionRef], [], PRESENCE_HASH);
    }
    const remoteSets = this.remote.optionSets;
    for (const [key, set] of this.desired.optionSets) {
      const remoteSet = remoteSets?.find((remote) => nameKey(remote.name) === key);
      const id = remoteSets ? remoteSet?.id : this.cached('optionSet', key)?.id;
      if (id !== undefined) this.known('optionSet', key, id, [], PRESENCE_HASH);
      else this.task('optionSet', key, 'create', { entity: 'optionSet', name: set.name }, [], [], PRESENCE_HASH);
      set.options.forEach((option, index) => {
        const memberKey = `${key}|${option}`;
        const optionId = this.idOf('option', option);
        const isMember = remoteSets
          ? optionId !== undefined && Boolean(remoteSet?.optionIds?.includes(optionId))
          : this.cached('optionSetOption', memberKey) !== undefined;
        const setRef: Ref = { entity: 'optionSet', key };
        const optionRef: Ref = { entity: 'option', key: option };
        if (isMember && id !== undefined) this.known('optionSetOption', memberKey, id, [], PRESENCE_HASH);
        else this.task('optionSetOption', memberKey, 'create', { entity: 'optionSetOption', optionSet: setRef, option: optionRef, sortOrder: index + 1 }, [setRef, optionRef], [], PRESENCE_HASH);
      });
    }
  }

  private attributes(): void {
    const remoteAttributes = this.remote.attributes;
    for (const [key, attribute] of this.desired.attributes) {
      const remote = remoteAttributes?.find((candidate) => nameKey(candidate.name) === key);
      const entry = remoteAttributes ? undefined : this.cached('attribute', key);
      const type = remote?.type ?? entry?.hash ?? attribute.type ?? 'text';
      if (remote && attribute.type && remote.type !== attribute.type) {
        this.result.notes.push(`attribute "${attribute.name}" is ${remote.type} in Jasper, not ${attribute.type}; its values are written as ${remote.type}`);
      }
      const id = remote?.id ?? entry?.id;
      if (id !== undefined) this.known('attribute', key, id, [], type);
      else this.task('attribute', key, 'create', { entity: 'attribute', name: attribute.name, type }, [], [], type);
      if (!SELECT_TYPES.has(type)) continue;
      const attributeRef: Ref = { entity: 'attribute', key };
      for (const value of this.desired.attributeValuesUsed.get(key) ?? []) {
        const valueKey = typeValueKey(key, value);
        const existing = remote
          ? remote.typeValues.find((candidate) => String(candidate.value).trim() === value.trim())?.id
          : remoteAttributes
            ? undefined
            : this.cached('typeValue', valueKey)?.id;
        if (existing !== undefined) this.known('typeValue', valueKey, existing, [], PRESENCE_HASH);
        else this.task('typeValue', valueKey, 'create', { entity: 'typeValue', attribute: attributeRef, value }, [attributeRef], [], PRESENCE_HASH);
      }
    }
  }

  private relationTypes(): void {
    for (const [key, type] of this.desired.relationTypes) {
      const id = this.remote.relationTypes
        ? this.remote.relationTypes.find((remote) => nameKey(remote.name) === key)?.id
        : this.cached('relationType', key)?.id;
      if (id !== undefined) this.known('relationType', key, id, [], PRESENCE_HASH);
      else this.task('relationType', key, 'create', { entity: 'relationType', name: type.name }, [], [], PRESENCE_HASH);
    }
  }

  // ── products ────────────────────────────────────────────────────────────────

  /** Jasper's id for a SKU outside the input (a parent or related product), registered as known. */
  private externalProduct(sku: string): number | undefined {
    const id = this.remote.products.get(sku)?.id ?? (this.remote.missingSkus.has(sku) ? undefined : this.cached('product', sku)?.id);
    if (id !== undefined && !this.status.has(taskId('product', sku))) this.known('product', sku, id, [], undefined, false);
    return id;
  }

  private product(product: DesiredProduct): void {
    const { sku, loc } = product;
    const rows = [loc];
    const hash = productHash(product, this.options.variantMode);
    const remote = this.remote.products.get(sku);
    const entry = this.cached('product', sku);
    const isNew = !remote && (this.remote.missingSkus.has(sku) || entry?.id === undefined);
    const parentMode = this.options.variantMode === 'parent';

    if (product.parentSku && !this.inputSkus.has(product.parentSku) && this.externalProduct(product.parentSku) === undefined) {
      this.blocked('product', sku, rows, `parent SKU "${product.parentSku}" is neither in the input nor in Jasper`, 'failed');
      return;
    }
    const parent: Ref | undefined = product.parentSku && parentMode ? { entity: 'product', key: product.parentSku } : undefined;
    const optionValues = product.options.map(({ option, value }) => ({
      option: { entity: 'option', key: option } as Ref,
      value: { entity: 'optionValue', key: optionValueKey(option, value) } as Ref,
    }));
    const optionSet: Ref | undefined = product.optionSet ? { entity: 'optionSet', key: product.optionSet } : undefined;
    const optionRefs = optionValues.flatMap(({ option, value }) => [option, value]);

    if (isNew) {
      if (!product.hasName) {
        this.blocked('product', sku, rows, `name is required to create a product (SKU "${sku}" is not in Jasper)`, 'failed');
        return;
      }
      const categories: Ref[] = product.categories.map((key) => ({ entity: 'category', key }));
      const alsoCompletes = product.categories.map((key) => ({ entity: 'categoryAssignment' as const, key: assignmentKey(sku, key), hash: PRESENCE_HASH }));
      this.task(
        'product',
        sku,
        'create',
        { entity: 'product', sku, body: product.body, parent, optionValues, optionSet, categories },
        [parent, optionSet, ...optionRefs, ...categories],
        rows,
        hash,
        { alsoCompletes },
      );
      return;
    }

    const id = remote?.id ?? entry!.id!;
    let changes: Body;
    if (remote) {
      changes = this.options.rewrite ? { ...product.body } : bodyChanges(product.body, remote as unknown as Body);
      if (parentMode && product.parentSku) {
        const parentId = this.idOf('product', product.parentSku);
        if (parentId === undefined || remote.parent_id !== parentId) changes.__parent = true;
      }
      if (optionSet) {
        const setId = this.idOf('optionSet', optionSet.key);
        if (setId === undefined || remote.option_set_id !== setId) changes.__optionSet = true;
      }
    } else {
      changes = entry?.hash === hash && !this.options.rewrite ? {} : { ...product.body, ...(parent ? { __parent: true } : {}), ...(optionSet ? { __optionSet: true } : {}) };
    }
    if (Object.keys(changes).length === 0) {
      this.known('product', sku, id, rows, hash);
      return;
    }
    const { __parent, __optionSet, ...body } = changes;
    this.task(
      'product',
      sku,
      'update',
      { entity: 'product', sku, body, id, ...(__parent ? { parent, optionValues } : {}), ...(__optionSet ? { optionSet } : {}) },
      [...(__parent ? [parent, ...optionRefs] : []), __optionSet ? optionSet : undefined],
      rows,
      hash,
    );
    this.existing('product', sku, id);
  }

  /** Everything written per product, after every product has a status. */
  private perProduct(product: DesiredProduct): void {
    const { sku, loc } = product;
    const rows = [loc];
    const productRef: Ref = { entity: 'product', key: sku };
    const productStatus = this.status.get(taskId('product', sku));
    if (productStatus?.state === 'blocked') {
      // The product's own outcome already explains the row.
      return;
    }
    const remote = this.remote.products.get(sku);
    const isNew = productStatus?.state === 'task' && !this.result.known[taskId('product', sku)];

    for (const price of product.prices) {
      const key = priceKey(sku, price.base);
      const hash = priceHash(price);
      const body = price as unknown as Body;
      const existing = remote?.prices?.find((candidate) => String(candidate.base).toUpperCase() === price.base);
      this.collectionItem('price', key, hash, rows, isNew, remote !== undefined, existing && { id: existing.id, same: samePrice(price, existing) },
        (id) => ({ entity: 'price', product: productRef, base: price.base, body, ...(id === undefined ? {} : { id }) }), [productRef]);
    }

    if (product.attributes.length > 0) {
      const hash = attributeValuesHash(product);
      const refs: Ref[] = [productRef];
      const values = product.attributes.map(({ attribute, values: list }) => {
        const attributeRef: Ref = { entity: 'attribute', key: attribute };
        refs.push(attributeRef);
        for (const value of list) {
          if (this.status.has(taskId('typeValue', typeValueKey(attribute, value)))) refs.push({ entity: 'typeValue', key: typeValueKey(attribute, value) });
        }
        return { attribute: attributeRef, values: list };
      });
      const same =
        remote !== undefined &&
        product.attributes.every(({ attribute, values: list }) => {
          const attributeId = this.idOf('attribute', attribute);
          const current = remote.product_attributes?.find((candidate) => candidate.attribute_id === attributeId);
          return attributeId !== undefined && current !== undefined && sameValues(list, current.values.map((value) => String(value.value)));
        });
      this.collectionItem('attributeValues', sku, hash, rows, isNew, remote !== undefined, remote ? { id: 0, same } : undefined,
        () => ({ entity: 'attributeValues', product: productRef, values }), refs);
    }

    for (const inventory of product.inventory) this.inventoryItem(sku, productRef, inventory, rows, isNew, remote);

    if (!isNew) {
      for (const category of product.categories) {
        const categoryRef: Ref = { entity: 'category', key: category };
        const categoryId = this.idOf('category', category);
        const assigned = remote
          ? categoryId !== undefined && remoteCategoryIds(remote).includes(categoryId)
          : this.cached('categoryAssignment', assignmentKey(sku, category)) !== undefined;
        this.presence('categoryAssignment', assignmentKey(sku, category), assigned, rows,
          { entity: 'categoryAssignment', product: productRef, category: categoryRef }, [productRef, categoryRef]);
      }
    }

    if (this.options.variantMode === 'relation' && product.parentSku) {
      const parentRef: Ref = { entity: 'product', key: product.parentSku };
      const typeRef: Ref = { entity: 'relationType', key: nameKey(VARIANT_RELATION_TYPE) };
      this.link('variantLink', variantLinkKey(product.parentSku, sku), parentRef, productRef, typeRef, rows);
    }

    for (const link of product.related) {
      const key = relatedLinkKey(sku, link.type, link.sku);
      if (!this.inputSkus.has(link.sku) && this.externalProduct(link.sku) === undefined) {
        this.blocked('relatedLink', key, rows, `related SKU "${link.sku}" is neither in the input nor in Jasper`, 'failed');
        continue;
      }
      this.link('relatedLink', key, productRef, { entity: 'product', key: link.sku }, { entity: 'relationType', key: link.type }, rows);
    }
  }

  /** A price, inventory row or attribute set: create, update by id, or leave alone. */
  private collectionItem(
    entity: 'price' | 'inventory' | 'attributeValues',
    key: string,
    hash: string,
    rows: SourceLocation[],
    productIsNew: boolean,
    haveRemote: boolean,
    existing: { id: number; same: boolean } | undefined,
    payload: (id: number | undefined) => TaskPayload,
    refs: Ref[],
  ): void {
    if (productIsNew) return this.task(entity, key, 'create', payload(undefined), refs, rows, hash);
    if (haveRemote) {
      if (!existing) return this.task(entity, key, 'create', payload(undefined), refs, rows, hash);
      const id = entity === 'attributeValues' ? undefined : existing.id;
      if (existing.same && !this.options.rewrite) return this.known(entity, key, existing.id, rows, hash);
      return this.task(entity, key, 'update', payload(id), refs, rows, hash);
    }
    const entry = this.cached(entity, key);
    if (entry && entry.hash === hash && !this.options.rewrite) return this.known(entity, key, entry.id ?? 0, rows, hash);
    if (entry?.id !== undefined || entity === 'attributeValues') {
      return this.task(entity, key, entry ? 'update' : 'create', payload(entity === 'attributeValues' ? undefined : entry?.id), refs, rows, hash);
    }
    return this.task(entity, key, 'create', payload(undefined), refs, rows, hash);
  }

  private inventoryItem(sku: string, productRef: Ref, inventory: DesiredProduct['inventory'][number], rows: SourceLocation[], productIsNew: boolean, remote: RemoteProduct | undefined): void {
    const key = inventoryKey(sku, inventory.location);
    const existing = remote?.inventory?.find((candidate) => nameKey(String(candidate.location ?? '')) === nameKey(inventory.location));
    this.collectionItem('inventory', key, inventoryHash(inventory), rows, productIsNew, remote !== undefined,
      existing && { id: existing.id, same: sameInventory(inventory, existing) },
      (id) => ({ entity: 'inventory', product: productRef, location: inventory.location, body: inventory as unknown as Body, ...(id === undefined ? {} : { id }) }),
      [productRef]);
  }

  private presence(entity: EntityKind, key: string, present: boolean, rows: SourceLocation[], payload: TaskPayload, refs: Ref[]): void {
    if (present) this.known(entity, key, 0, rows, PRESENCE_HASH);
    else this.task(entity, key, 'create', payload, refs, rows, PRESENCE_HASH);
  }

  private link(entity: 'variantLink' | 'relatedLink', key: string, from: Ref, to: Ref, type: Ref, rows: SourceLocation[]): void {
    const fromId = this.idOf('product', from.key) ?? this.result.known[taskId('product', from.key)];
    const toId = this.idOf('product', to.key) ?? this.result.known[taskId('product', to.key)];
    const typeId = this.idOf('relationType', type.key);
    const remoteFrom = this.remote.products.get(from.key);
    const present =
      fromId !== undefined && toId !== undefined && typeId !== undefined && remoteFrom
        ? Boolean(remoteFrom.related_products?.some((relation) => relation.id === toId && (relation.relation_type_id === undefined || relation.relation_type_id === typeId)))
        : !remoteFrom && this.cached(entity, key) !== undefined;
    this.presence(entity, key, present, rows, { entity, product: from, related: to, relationType: type }, [from, to, type]);
  }

  // ── inventory rows (push inventory, or a JSON catalog's inventory section) ─

  private inventoryRows(): void {
    for (const row of this.desired.inventoryRows) {
      const rows = [row.loc];
      const productRef: Ref = { entity: 'product', key: row.sku };
      const key = inventoryKey(row.sku, row.location);
      if (this.inputSkus.has(row.sku)) {
        const status = this.status.get(taskId('product', row.sku));
        if (status?.state === 'blocked') {
          this.blocked('inventory', key, rows, `depends on product "${row.sku}": ${status.reason}`, 'skipped');
          continue;
        }
        const isNew = status?.state === 'task' && !this.result.known[taskId('product', row.sku)];
        this.inventoryItem(row.sku, productRef, row, rows, isNew, this.remote.products.get(row.sku));
        continue;
      }
      const remote = this.remote.products.get(row.sku);
      if (this.externalProduct(row.sku) === undefined) {
        this.blocked('inventory', key, rows, `no product with SKU "${row.sku}" in Jasper`, 'failed');
        continue;
      }
      this.inventoryItem(row.sku, productRef, row, rows, false, remote);
    }
  }
}

function sameParent(remoteParent: number | null | undefined, parentId: number | null): boolean {
  if (parentId === null) return remoteParent === null || remoteParent === undefined || Number(remoteParent) === 0;
  return Number(remoteParent) === parentId;
}

function remoteCategoryIds(product: RemoteProduct): number[] {
  return [...(product.categories ?? []).map((category) => Number(category.id)), ...(product.category_ids ?? []).map(Number)];
}
