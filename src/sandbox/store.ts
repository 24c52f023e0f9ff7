// The sandbox's data: an in-memory state with lookups by id and SKU, optionally persisted to
// a JSON file. Saving is synchronous and atomic (tmp file + rename) and happens before the
// response is sent, so a write the client saw acknowledged survives a kill -9 of the sandbox.

import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { IdKind, SandboxAttribute, SandboxCategory, SandboxOption, SandboxOptionSet, SandboxProduct, SandboxRelationType, SandboxState } from './types.js';

const ID_KINDS: IdKind[] = [
  'category',
  'option',
  'optionValue',
  'optionSet',
  'optionSetOption',
  'attribute',
  'attributeTypeValue',
  'relationType',
  'product',
  'price',
  'inventory',
  'attributeValue',
  'productCategory',
  'relation',
  'asset',
  'barcode',
];

export function emptyState(): SandboxState {
  const lastIds = Object.fromEntries(ID_KINDS.map((k) => [k, 0])) as Record<IdKind, number>;
  return {
    version: 1,
    lastIds,
    categories: [],
    options: [],
    optionSets: [],
    attributes: [],
    relationTypes: [],
    products: [],
  };
}

export class Store {
  readonly data: SandboxState;
  private readonly productsById = new Map<number, SandboxProduct>();
  private readonly productsBySku = new Map<string, SandboxProduct>();
  /** Variants by parent id, so a product view does not scan every product. */
  private readonly childrenByParent = new Map<number, SandboxProduct[]>();

  constructor(
    private readonly file?: string,
    initial?: SandboxState,
  ) {
    this.data = initial ?? (file ? loadStateFile(file) : emptyState());
    for (const p of this.data.products) this.index(p);
  }

  nextId(kind: IdKind): number {
    this.data.lastIds[kind] = (this.data.lastIds[kind] ?? 0) + 1;
    return this.data.lastIds[kind];
  }

  // ---- lookups: undefined when absent, the routes turn that into a 404 or 422 ----

  product(id: number): SandboxProduct | undefined {
    return this.productsById.get(id);
  }

  productBySku(sku: string): SandboxProduct | undefined {
    return this.productsBySku.get(sku);
  }

  category(id: number): SandboxCategory | undefined {
    return this.data.categories.find((c) => c.id === id);
  }

  option(id: number): SandboxOption | undefined {
    return this.data.options.find((o) => o.id === id);
  }

  optionSet(id: number): SandboxOptionSet | undefined {
    return this.data.optionSets.find((s) => s.id === id);
  }

  attribute(id: number): SandboxAttribute | undefined {
    return this.data.attributes.find((a) => a.id === id);
  }

  relationType(id: number): SandboxRelationType | undefined {
    return this.data.relationTypes.find((t) => t.id === id);
  }

  // ---- product writes go through here so the SKU index stays right ----

  addProduct(p: SandboxProduct): void {
    this.data.products.push(p);
    this.index(p);
  }

  childrenOf(parentId: number): SandboxProduct[] {
    return this.childrenByParent.get(parentId) ?? [];
  }

  setParent(p: SandboxProduct, parentId: number | null): void {
    if (p.parent_id === parentId) return;
    this.unlinkChild(p);
    p.parent_id = parentId;
    this.linkChild(p);
  }

  /** DELETE /products/{id}: the product and its own rows go; links from other products to it too. */
  removeProduct(p: SandboxProduct): void {
    this.unlinkChild(p);
    this.productsById.delete(p.id);
    this.productsBySku.delete(p.sku);
    this.childrenByParent.delete(p.id);
    this.data.products = this.data.products.filter((candidate) => candidate !== p);
    for (const other of this.data.products) {
      if (other.relations.some((relation) => relation.related_id === p.id))
        other.relations = other.relations.filter((relation) => relation.related_id !== p.id);
    }
  }

  changeSku(p: SandboxProduct, sku: string): void {
    this.productsBySku.delete(p.sku);
    p.sku = sku;
    this.productsBySku.set(sku, p);
  }

  /** Persist after a write; a no-op for an in-memory sandbox. */
  save(): void {
    if (!this.file) return;
    mkdirSync(dirname(this.file), { recursive: true });
    const tmp = `${this.file}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(this.data));
    renameSync(tmp, this.file);
  }

  snapshot(): SandboxState {
    return structuredClone(this.data);
  }

  private index(p: SandboxProduct): void {
    p.assets ??= [];
    p.barcodes ??= [];
    this.productsById.set(p.id, p);
    this.productsBySku.set(p.sku, p);
    this.linkChild(p);
  }

  private linkChild(p: SandboxProduct): void {
    if (p.parent_id === null) return;
    const siblings = this.childrenByParent.get(p.parent_id);
    if (siblings) siblings.push(p);
    else this.childrenByParent.set(p.parent_id, [p]);
  }

  private unlinkChild(p: SandboxProduct): void {
    if (p.parent_id === null) return;
    const siblings = this.childrenByParent.get(p.parent_id) ?? [];
    const at = siblings.indexOf(p);
    if (at >= 0) siblings.splice(at, 1);
  }
}

/** A missing file is an empty sandbox; an unreadable one is an error, never silently wiped. */
function loadStateFile(file: string): SandboxState {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return emptyState();
    throw new Error(`Cannot read sandbox data file ${file}: ${(err as Error).message}`, { cause: err });
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new Error(`Sandbox data file ${file} is not valid JSON; move it away to start empty.`);
  }
  if (!isState(parsed)) {
    throw new Error(`Sandbox data file ${file} is not a sandbox data file (version 1).`);
  }
  // Fill in id sequences a hand-edited file may lack.
  const base = emptyState();
  return { ...base, ...parsed, lastIds: { ...base.lastIds, ...parsed.lastIds } };
}

function isState(v: unknown): v is SandboxState {
  if (typeof v !== 'object' || v === null) return false;
  const s = v as Partial<SandboxState>;
  return (
    s.version === 1 &&
    typeof s.lastIds === 'object' &&
    Array.isArray(s.categories) &&
    Array.isArray(s.options) &&
    Array.isArray(s.optionSets) &&
    Array.isArray(s.attributes) &&
    Array.isArray(s.relationTypes) &&
    Array.isArray(s.products)
  );
}
