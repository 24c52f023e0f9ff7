// One row of WooCommerce's product CSV export → a catalog entry (SPEC §10).

import { ProductDraft, RELATION } from '../product-draft.js';
import type { SourceRecord } from '../source-table.js';
import { attributeValueColumn, DIMENSION_COLUMN, splitWooList, typesOf, W } from './columns.js';
import { attributesOf, resolveRef, type WooIndex } from './index-pass.js';

interface WooRowContext {
  file: string;
  priceBase: string;
  location: string;
  index: WooIndex;
  attributeNumbers: readonly string[];
  /** The header's dimension columns (`weight (lbs)`…). */
  dimensions: readonly string[];
}

export function wooProduct(record: SourceRecord, context: WooRowContext): ProductDraft {
  const { index } = context;
  const sku = record.cell(W.sku);
  const draft = new ProductDraft({ file: context.file, line: record.line }, sku);
  draft.requireSku(record.label(W.sku));
  const types = typesOf(record.cell(W.type));
  const name = record.cell(W.name);
  if (name !== '') draft.product.name = name;
  draft.text('desc_short', record.cell(W.shortDescription));
  draft.text('desc_long', record.cell(W.description));
  const published = record.cell(W.published);
  // 1 published, 0 private, -1 draft.
  if (published !== '') draft.flag('enabled', published === '1');
  const visibility = record.cell(W.visibility).toLowerCase();
  if (visibility !== '') draft.flag('is_visible', visibility !== 'hidden');

  for (const path of splitWooList(record.cell(W.categories))) draft.category(path.split('>'));
  draft.attribute('Tags', splitWooList(record.cell(W.tags)), 'multiselect');
  draft.images(splitWooList(record.cell(W.images)), record.label(W.images));
  draft.barcode(record.cell(W.gtin), record.label(W.gtin));
  draft.attribute('External URL', [record.cell(W.externalUrl)]);
  for (const column of context.dimensions) draft.attribute(record.label(column), [record.cell(column)]);

  let regular = record.cell(W.regularPrice);
  let sale = record.cell(W.salePrice);
  const isVariation = types.has('variation');
  if (isVariation) {
    const parentText = record.cell(W.parent);
    const parent = resolveRef(parentText, index);
    if (parentText === '') draft.issues.error(record.label(W.parent), 'a variation needs its parent (a SKU or id:N)');
    else if (parent === undefined) draft.issues.error(record.label(W.parent), `parent "${parentText}" is not a product of the input (no row has that ID)`);
    else {
      draft.product.parentSku = parent;
      const inherited = index.parentPrices.get(parent);
      if (regular === '' && sale === '' && inherited) ({ regular, sale } = inherited);
    }
  }
  draft.prices(context.priceBase, {
    regular: { text: regular, column: record.label(W.regularPrice) },
    sale: { text: sale, column: record.label(W.salePrice) },
  });
  // A variable product's quantity is not stock (§10).
  if (!types.has('variable') && !types.has('grouped')) draft.stock(context.location, { text: record.cell(W.stock), column: record.label(W.stock) });

  const axes = index.axes.get(sku);
  for (const attribute of attributesOf(record, context.attributeNumbers)) {
    if (isVariation) {
      const value = attribute.values.join(', ');
      if (value === '') {
        draft.issues.error(
          record.label(attributeValueColumn(attribute.n)),
          `${attribute.name} is "any" on this variation: Jasper needs one value per option, so give each variation its value (one row per ${attribute.name})`,
        );
      } else draft.option(attribute.name, value);
      continue;
    }
    if (axes?.has(attribute.name)) continue;
    const multiselect = index.multiselect.has(attribute.name);
    draft.attribute(attribute.name, multiselect ? attribute.values : [attribute.values.join(', ')], multiselect ? 'multiselect' : undefined);
  }
  if (isVariation && draft.product.options.length === 0 && !draft.issues.hasErrors) {
    draft.issues.error(undefined, 'a variation needs at least one attribute value (Attribute N name / value(s))');
  }

  const refs = (column: string): string[] =>
    splitWooList(record.cell(column)).flatMap((ref) => {
      const resolved = resolveRef(ref, index);
      if (resolved === undefined) draft.issues.error(record.label(column), `"${ref}" is not a product of the input (no row has that ID)`);
      return resolved === undefined ? [] : [resolved];
    });
  draft.related(RELATION.grouped, refs(W.grouped));
  draft.related(RELATION.upsell, refs(W.upsells));
  draft.related(RELATION.crosssell, refs(W.crosssells));
  return draft;
}

/** The header's dimension columns. */
export function dimensionColumns(names: readonly string[]): string[] {
  return names.filter((name) => DIMENSION_COLUMN.test(name));
}
