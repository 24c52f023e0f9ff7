// What Jasper must hold after a push from a commercetools project, worked out from the mock's own
// API answers (not from our mapping code), and the differences from a sandbox's state.
import type { SandboxState } from '../../src/sandbox/index.js';
import { categoryIdByPath } from './catalog-state.js';

interface Money {
  centAmount: number;
  fractionDigits: number;
  currencyCode: string;
}
interface CtPrice {
  value: Money;
  country?: string;
  channel?: unknown;
  customerGroup?: unknown;
}
interface CtVariant {
  sku?: string;
  prices?: CtPrice[];
  images?: { url: string }[];
}
interface CtProduct {
  id: string;
  key?: string;
  slug: Record<string, string>;
  name: Record<string, string>;
  categories: { id: string }[];
  masterVariant: CtVariant;
  variants: CtVariant[];
}
interface CtCategory {
  id: string;
  name: Record<string, string>;
  parent?: { id: string };
}
interface CtInventory {
  sku: string;
  quantityOnStock: number;
  supplyChannel?: { id: string };
}

export interface CommercetoolsData {
  products: CtProduct[];
  categories: CtCategory[];
  inventory: CtInventory[];
  channels: { id: string; key: string }[];
}

/** Everything the mock holds, read over its API (published projections). */
export async function readMock(mockUrl: string, projectKey: string): Promise<CommercetoolsData> {
  const all = async <T>(resource: string) => {
    const answer = (await (await fetch(`${mockUrl}/${projectKey}/${resource}?limit=100000`)).json()) as { results: T[] };
    return answer.results;
  };
  return {
    products: await all<CtProduct>('product-projections'),
    categories: await all<CtCategory>('categories'),
    inventory: await all<CtInventory>('inventory'),
    channels: await all<{ id: string; key: string }>('channels'),
  };
}

const norm = (text: string) => text.trim().toLowerCase();

/** Every difference between the sandbox and the project; empty when Jasper holds exactly the project. */
export function commercetoolsProblems(state: SandboxState, data: CommercetoolsData, locale = 'en'): string[] {
  const problems: string[] = [];
  const byId = new Map(data.categories.map((category) => [category.id, category]));
  const pathOf = (category: CtCategory): string[] => [...(category.parent ? pathOf(byId.get(category.parent.id)!) : []), category.name[locale]!];
  const categoryId = (path: string[]) => categoryIdByPath(state, path);
  for (const category of data.categories) if (categoryId(pathOf(category)) === undefined) problems.push(`category ${pathOf(category).join(' > ')} is missing`);
  if (state.categories.length !== data.categories.length) problems.push(`${state.categories.length} categories, expected ${data.categories.length}`);

  const bySku = new Map(state.products.map((product) => [product.sku, product]));
  const channelKey = new Map(data.channels.map((channel) => [channel.id, channel.key]));
  const variantType = state.relationTypes.find((type) => norm(type.name) === 'variant');
  let expectedProducts = 0;
  for (const product of data.products) {
    const variants = [product.masterVariant, ...product.variants];
    const parentSku = product.key ?? product.slug[locale]!;
    const parent = variants.length > 1 ? bySku.get(parentSku) : undefined;
    expectedProducts += variants.length > 1 ? variants.length + 1 : 1;
    if (variants.length > 1 && !parent) problems.push(`parent ${parentSku} is missing`);
    const holder = parent ?? bySku.get(variants[0]!.sku!);
    if (holder && holder.name !== product.name[locale]) problems.push(`${holder.sku}: name "${holder.name}", expected "${product.name[locale]}"`);
    // A parent shows its master variant's images.
    if (parent) problems.push(...imageProblems(parent, product.masterVariant));
    for (const reference of product.categories) {
      const id = categoryId(pathOf(byId.get(reference.id)!));
      if (!holder?.categories.some((assignment) => assignment.category_id === id))
        problems.push(`${parentSku} is not in ${pathOf(byId.get(reference.id)!).join(' > ')}`);
    }
    for (const variant of variants) {
      const jasper = bySku.get(variant.sku!);
      if (!jasper) {
        problems.push(`variant ${variant.sku} is missing`);
        continue;
      }
      if (!jasper.name.startsWith(product.name[locale]!)) problems.push(`${variant.sku}: name "${jasper.name}" does not start with "${product.name[locale]}"`);
      if (parent && !parent.relations.some((relation) => relation.related_id === jasper.id && relation.relation_type_id === variantType?.id)) {
        problems.push(`variant ${variant.sku} is not linked to ${parentSku}`);
      }
      const expected = new Map<string, number>();
      for (const price of variant.prices ?? []) {
        if (price.channel || price.customerGroup) continue;
        const base = price.country ?? price.value.currencyCode;
        if (!expected.has(base) || price.country) expected.set(base, price.value.centAmount / 10 ** price.value.fractionDigits);
      }
      const held = new Map(jasper.prices.map((price) => [price.base.toUpperCase(), Number(price.msrp)]));
      if (JSON.stringify([...expected].sort()) !== JSON.stringify([...held].sort())) {
        problems.push(`${variant.sku}: prices ${JSON.stringify([...held].sort())}, expected ${JSON.stringify([...expected].sort())}`);
      }
      const stock = data.inventory.filter((entry) => entry.sku === variant.sku);
      for (const entry of stock) {
        const location = entry.supplyChannel ? channelKey.get(entry.supplyChannel.id)! : 'Default';
        const rows = jasper.inventory.filter((row) => norm(row.location) === norm(location));
        if (rows.length !== 1 || rows[0]!.count_on_hand !== entry.quantityOnStock) {
          problems.push(`${variant.sku}@${location}: ${rows.map((row) => row.count_on_hand).join(',') || 'none'}, expected ${entry.quantityOnStock}`);
        }
      }
      if (jasper.inventory.length !== stock.length) problems.push(`${variant.sku}: ${jasper.inventory.length} inventory rows, expected ${stock.length}`);
      problems.push(...imageProblems(jasper, variant));
    }
  }
  if (state.products.length !== expectedProducts) problems.push(`${state.products.length} products in Jasper, expected ${expectedProducts}`);
  return problems;
}

/** A variant's images are its Jasper product's, in order, the first the main one; the project holds no barcodes. */
function imageProblems(jasper: SandboxState['products'][number], variant: CtVariant): string[] {
  const problems: string[] = [];
  const images = [...jasper.assets].sort((a, b) => a.sort_order - b.sort_order).map((asset) => `${asset.thumbnail ? '*' : ''}${asset.uri}`);
  const expected = (variant.images ?? []).map((image, index) => `${index === 0 ? '*' : ''}${image.url}`);
  if (JSON.stringify(images) !== JSON.stringify(expected))
    problems.push(`${jasper.sku}: images ${JSON.stringify(images)}, expected ${JSON.stringify(expected)}`);
  if (jasper.barcodes.length > 0) problems.push(`${jasper.sku}: barcodes ${JSON.stringify(jasper.barcodes)}, expected none`);
  return problems;
}
