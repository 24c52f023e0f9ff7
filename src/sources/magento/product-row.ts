// One row of Magento's catalog_product export → a catalog entry (SPEC §10).

import type { AttributeType } from '../catalog-api.js';
import { labelOf, ProductDraft, RELATION, splitList } from '../product-draft.js';
import type { SourceRecord } from '../source-table.js';
import { CONTAINER_TYPES, M } from './columns.js';
import type { MagentoIndex } from './index-pass.js';
import { linkedSkus } from './links.js';
import { INTERNAL_ATTRIBUTE_CODES, splitPairs } from './variations.js';

/** Attribute codes stores use for a product's code: barcodes, typed by their length (§10). */
const BARCODE_CODES: ReadonlySet<string> = new Set(['gtin', 'upc', 'ean', 'barcode']);

/** The root every Magento category path starts from; §10 drops it. */
const ROOT_LEVELS = 1;

interface MagentoRowContext {
  file: string;
  priceBase: string;
  location: string;
  /** Base for relative image paths; undefined: images are left out (one warning per file). */
  mediaUrl: string | undefined;
  index: MagentoIndex;
}

export function magentoProduct(record: SourceRecord, context: MagentoRowContext): ProductDraft {
  const { index } = context;
  const loc = { file: context.file, line: record.line };
  const sku = record.cell(M.sku);
  const draft = new ProductDraft(loc, sku);
  draft.requireSku(record.label(M.sku));
  const type = record.cell(M.type);
  const name = record.cell(M.name);
  if (name !== '') draft.product.name = name;
  draft.text('desc_long', record.cell(M.description));
  draft.text('desc_short', record.cell(M.shortDescription));
  draft.text('product_url', record.cell(M.urlKey));
  draft.text('page_title', record.cell(M.metaTitle));
  draft.flag('enabled', onlineFlag(record.cell(M.online)));
  const visibility = record.cell(M.visibility);
  if (visibility !== '') draft.flag('is_visible', visibility.toLowerCase() !== 'not visible individually');

  for (const path of splitList(record.cell(M.categories), ',')) draft.category(path.split('/').slice(ROOT_LEVELS));

  const child = index.children.get(sku);
  if (child) {
    draft.product.parentSku = child.parent;
    for (const [code, value] of child.values) draft.option(labelOf(code), value);
    if (child.values.length === 0) {
      draft.issues.error(undefined, `listed in the configurable_variations of "${child.parent}" without option values`);
    }
  }
  const price = record.cell(M.price) || child?.parentPrice || '';
  draft.prices(context.priceBase, {
    regular: { text: price, column: record.label(M.price) },
    sale: { text: record.cell(M.specialPrice), column: record.label(M.specialPrice) },
    msrp: { text: record.cell(M.msrp), column: record.label(M.msrp) },
    map: { text: record.cell(M.map), column: record.label(M.map) },
    cost: { text: record.cell(M.cost), column: record.label(M.cost) },
  });
  if (!CONTAINER_TYPES.has(type)) draft.stock(context.location, { text: record.cell(M.qty), column: record.label(M.qty) });

  const axes = new Set(child?.values.map(([code]) => code));
  for (const [code, value] of splitPairs(record.cell(M.additional))) {
    if (axes.has(code) || INTERNAL_ATTRIBUTE_CODES.has(code)) continue;
    if (BARCODE_CODES.has(code.toLowerCase())) {
      draft.barcode(value, record.label(M.additional));
      continue;
    }
    const multiselect = index.multiselect.has(code);
    const type: AttributeType | undefined = multiselect ? 'multiselect' : undefined;
    draft.attribute(labelOf(code), multiselect ? value.split('|') : [value], type);
  }
  draft.attribute('Weight', [record.cell(M.weight)]);
  draft.attribute('Country of Manufacture', [record.cell(M.country)]);

  if (context.mediaUrl !== undefined) {
    const paths = [record.cell(M.baseImage), ...splitList(record.cell(M.additionalImages), ',')];
    draft.images(
      paths.filter((path) => path !== '').map((path) => mediaUrlOf(context.mediaUrl!, path)),
      record.label(M.baseImage),
    );
  }
  draft.related(RELATION.related, linkedSkus(record.cell(M.related)));
  draft.related(RELATION.upsell, linkedSkus(record.cell(M.upsell)));
  draft.related(RELATION.crosssell, linkedSkus(record.cell(M.crosssell)));
  // associated_skus: SKU=default quantity, comma-separated.
  draft.related(
    RELATION.grouped,
    linkedSkus(record.cell(M.associated)).map((item) => item.split('=')[0]!),
  );
  for (const [relation, skus] of index.links.get(sku) ?? []) draft.related(relation, skus);
  return draft;
}

/** product_online: 1 enabled; 2 (Magento's "disabled" status) or 0 not. */
function onlineFlag(text: string): boolean | undefined {
  if (text === '') return undefined;
  return text === '1' || text.toLowerCase() === 'yes' || text.toLowerCase() === 'true';
}

export function mediaUrlOf(base: string, path: string): string {
  if (/^https?:\/\//i.test(path)) return path;
  return `${base.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`;
}

export function hasRelativeImages(record: SourceRecord): boolean {
  const paths = [record.cell(M.baseImage), ...splitList(record.cell(M.additionalImages), ',')];
  return paths.some((path) => path !== '' && path !== 'no_selection' && !/^https?:\/\//i.test(path));
}
