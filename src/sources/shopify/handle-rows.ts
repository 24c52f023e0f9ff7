// One Shopify product: the rows of a handle. The first row carries the product's fields and
// its first variant; each further row is another variant, or only another image.

import { parseBoolean } from '../catalog-api.js';
import { ProductDraft, splitList } from '../product-draft.js';
import type { SourceRecord } from '../source-table.js';
import { DEFAULT_OPTION, OPTION_NUMBERS, optionName, optionValue, S } from './columns.js';

interface HandleContext {
  file: string;
  priceBase: string;
  location: string;
}

/** A parent stands for the handle as a whole, not for one row: its location names the handle. */
export const HANDLE_PATH_PREFIX = 'handle ';

/** The entries of one handle's rows: one product, or a parent (SKU = the handle) and its variants. */
export function handleProducts(rows: SourceRecord[], context: HandleContext): ProductDraft[] {
  const first = rows[0]!;
  const handle = first.cell(S.handle);
  const variants = rows.filter(isVariantRow);
  const options = OPTION_NUMBERS.map((n) => ({ n, name: first.cell(optionName(n)) })).filter((option) => option.name !== '');
  const images = rows.map((row) => row.cell(S.imageSrc)).filter((src) => src !== '');
  // A single variant is one product (§10), Default Title or not: no parent for one child.
  if (variants.length <= 1) {
    const row = variants[0] ?? first;
    const draft = new ProductDraft({ file: context.file, line: row.line }, row.cell(S.sku), { file: context.file, line: row.line });
    productFields(draft, first, handle);
    variantFields(draft, row, context);
    // Its option values, when real ones (not Default Title), describe it: they are kept as attributes.
    if (!isDefaultTitle(row, options)) for (const option of options) draft.attribute(option.name, [row.cell(optionValue(option.n))]);
    draft.images(images, first.label(S.imageSrc));
    draft.images([row.cell(S.variantImage)], row.label(S.variantImage));
    draft.requireSku(row.label(S.sku));
    if (variants.length === 0) draft.issues.error(first.label(S.price), `handle "${handle}" has no variant row (Variant Price or an option value)`);
    return [draft];
  }

  const parent = new ProductDraft({ file: context.file, path: `${HANDLE_PATH_PREFIX}${handle}` }, handle, { file: context.file, line: first.line });
  productFields(parent, first, handle);
  parent.images(images, first.label(S.imageSrc));
  const drafts = [parent];
  const title = first.cell(S.title);
  for (const row of variants) {
    const draft = new ProductDraft({ file: context.file, line: row.line }, row.cell(S.sku));
    draft.requireSku(row.label(S.sku));
    draft.product.parentSku = handle;
    const values: string[] = [];
    for (const option of options) {
      const value = row.cell(optionValue(option.n));
      if (value === '') draft.issues.error(row.label(optionValue(option.n)), `no value for option "${option.name}": every variant of "${handle}" needs one`);
      else {
        draft.option(option.name, value);
        values.push(value);
      }
    }
    if (title !== '') draft.product.name = `${title} - ${values.join(' / ')}`;
    variantFields(draft, row, context);
    draft.images([row.cell(S.variantImage)], row.label(S.variantImage));
    drafts.push(draft);
  }
  return drafts;
}

/** A row that is a variant; the others of a handle only add an image. */
function isVariantRow(row: SourceRecord): boolean {
  return row.cell(S.sku) !== '' || row.cell(S.price) !== '' || OPTION_NUMBERS.some((n) => row.cell(optionValue(n)) !== '');
}

function isDefaultTitle(row: SourceRecord, options: { n: string; name: string }[]): boolean {
  return options.length === 1 && options[0]!.name === DEFAULT_OPTION.name && row.cell(optionValue('1')) === DEFAULT_OPTION.value;
}

function productFields(draft: ProductDraft, first: SourceRecord, handle: string): void {
  const title = first.cell(S.title);
  if (title === '') draft.issues.error(first.label(S.title), `the first row of handle "${handle}" has no Title`);
  else draft.product.name = title;
  draft.text('desc_long', first.cell(S.body));
  draft.text('product_url', handle);
  draft.text('page_title', first.cell(S.seoTitle));
  const published = flag(draft, first, S.published);
  const status = first.cell(S.status).toLowerCase();
  draft.flag('enabled', status !== '' ? status === 'active' : published);
  draft.flag('is_visible', published);
  const category = first.cell(S.category);
  if (category !== '') draft.category(category.split('>'));
  draft.attribute('Vendor', [first.cell(S.vendor)]);
  draft.attribute('Type', [first.cell(S.type)]);
  draft.attribute('Tags', splitList(first.cell(S.tags), ','), 'multiselect');
  if (flag(draft, first, S.giftCard) === true) draft.attribute('Gift Card', ['Yes']);
}

function variantFields(draft: ProductDraft, row: SourceRecord, context: HandleContext): void {
  draft.prices(context.priceBase, {
    regular: { text: row.cell(S.price), column: row.label(S.price) },
    compareAt: { text: row.cell(S.compareAt), column: row.label(S.compareAt) },
    cost: { text: row.cell(S.cost), column: row.label(S.cost) },
  });
  // An untracked variant (no inventory tracker) has no stock count to push.
  const tracked = !row.has(S.tracker) || row.cell(S.tracker) !== '';
  if (tracked) draft.stock(context.location, { text: row.cell(S.qty), column: row.label(S.qty) });
  draft.barcode(row.cell(S.barcode), row.label(S.barcode));
  const grams = row.cell(S.grams);
  if (grams !== '' && grams !== '0') draft.attribute('Weight (g)', [grams]);
}

function flag(draft: ProductDraft, row: SourceRecord, column: string): boolean | undefined {
  const text = row.cell(column);
  if (text === '') return undefined;
  const parsed = parseBoolean(text);
  if (parsed.ok) return parsed.value;
  draft.issues.error(row.label(column), parsed.message);
  return undefined;
}
