// Building one catalog entry from a platform's row: the rules of SPEC §10 that every source
// shares (prices, one stock count at --location, attributes, images, barcodes, links), with
// each problem located at the source's own file, line and column.

import {
  barcodeTypeOf,
  checkBarcode,
  categoryPathKey,
  emptyProduct,
  parseImageUrl,
  parsePrice,
  RowIssues,
  type AttributeType,
  type CategoryPath,
  type PriceInput,
  type ProductInput,
  type RowResult,
  type SourceLocation,
} from './catalog-api.js';

/** The relation types of §10's links. */
export const RELATION = { related: 'Related', upsell: 'Up-sell', crosssell: 'Cross-sell', grouped: 'Grouped' } as const;

/** What a source knows of a row's prices, each as the cell's text and the column it came from. */
export interface SourceCells {
  /** The source's own MSRP field (Magento msrp_price). */
  msrp?: SourceCell;
  /** Shopify's compare-at price: the msrp only when above the regular price. */
  compareAt?: SourceCell;
  /** The regular price (Magento price, WooCommerce Regular price, Shopify Variant Price). */
  regular?: SourceCell;
  /** A sale / special price. */
  sale?: SourceCell;
  cost?: SourceCell;
  map?: SourceCell;
}

/** A cell's text and the column it came from, for located issues. */
export interface SourceCell {
  text: string;
  column: string;
}

export class ProductDraft {
  readonly product: ProductInput;
  readonly issues: RowIssues;
  private readonly categoryKeys = new Set<string>();

  constructor(loc: SourceLocation, sku: string, issuesAt: SourceLocation = loc) {
    this.product = emptyProduct(loc, sku);
    this.issues = new RowIssues(issuesAt);
  }

  /** The row as the sink takes it; the SKU is the key when there is one. */
  result(): RowResult<ProductInput> {
    const { product } = this;
    return { value: product, ...(product.sku === '' ? {} : { key: product.sku }), issues: this.issues.list };
  }

  text(field: 'desc_short' | 'desc_long' | 'product_url' | 'page_title' | 'style_id' | 'brand_id', value: string): void {
    if (value !== '') this.product.fields[field] = value;
  }

  flag(field: 'enabled' | 'is_visible', value: boolean | undefined): void {
    if (value !== undefined) this.product.fields[field] = value;
  }

  category(path: CategoryPath): void {
    const levels = path.map((level) => level.trim()).filter((level) => level !== '');
    if (levels.length === 0) return;
    const key = categoryPathKey(levels);
    if (this.categoryKeys.has(key)) return;
    this.categoryKeys.add(key);
    this.product.categories.push(levels);
  }

  attribute(name: string, values: string[], type?: AttributeType): void {
    const kept = [...new Set(values.map((value) => value.trim()).filter((value) => value !== ''))];
    if (kept.length === 0) return;
    this.product.attributes.push({ name, ...(type ? { type } : {}), values: kept });
  }

  option(name: string, value: string): void {
    this.product.options.push({ name, value });
  }

  /** One stock count at the push's location; a parent's count is not stock and is never given here. */
  stock(location: string, cell: SourceCell | undefined): void {
    if (!cell || cell.text === '') return;
    const text = cell.text.trim();
    // Exports write counts as decimals ("100.0000"); a whole number is what Jasper counts.
    const match = /^(-?)(\d+)(?:\.(\d*))?$/.exec(text);
    if (!match || (match[3] !== undefined && /[1-9]/.test(match[3]))) {
      this.issues.error(cell.column, `${JSON.stringify(cell.text)} is not a whole number of items`);
      return;
    }
    let count = Number(match[2]);
    if (match[1] === '-' && count > 0) {
      this.issues.warning(cell.column, `negative stock ${text} (oversold) is pushed as 0`);
      count = 0;
    }
    this.product.inventory.push({ location, count_on_hand: count });
  }

  /** §10's price rule, all for the one price base. */
  prices(base: string, cells: SourceCells): void {
    const read = (cell: SourceCell | undefined): number | undefined => {
      if (!cell || cell.text === '') return undefined;
      const parsed = parsePrice(cell.text);
      if (parsed.ok) return parsed.value;
      this.issues.error(cell.column, parsed.message);
      return undefined;
    };
    const msrpField = read(cells.msrp);
    const compareAt = read(cells.compareAt);
    const regular = read(cells.regular);
    const sale = read(cells.sale);
    const price: PriceInput = { base };
    if (msrpField !== undefined) {
      price.msrp = msrpField;
      setSell(price, sale ?? regular);
    } else if (compareAt !== undefined && regular !== undefined && compareAt > regular) {
      price.msrp = compareAt;
      setSell(price, sale ?? regular);
    } else if (regular !== undefined) {
      price.msrp = regular;
      setSell(price, sale);
    } else if (sale !== undefined) {
      price.sell_price = sale;
    }
    const cost = read(cells.cost);
    const map = read(cells.map);
    if (cost !== undefined) price.cost = cost;
    if (map !== undefined) price.map = map;
    if (Object.keys(price).length > 1) this.product.prices.push(price);
  }

  images(urls: string[], column: string): void {
    const list = (this.product.images ??= []);
    for (const text of urls.filter((url) => url.trim() !== '')) {
      const url = parseImageUrl(text);
      if (!url.ok) {
        this.issues.error(column, url.message);
        continue;
      }
      if (!list.includes(url.value)) list.push(url.value);
    }
    if (list.length === 0) delete this.product.images;
  }

  /** Jasper keeps digits only (even a Custom barcode): another code is left out with a warning, the product still pushes. */
  barcode(value: string, column: string): void {
    const code = value.trim();
    if (code === '') return;
    const checked = checkBarcode(barcodeTypeOf(code), code);
    if (!checked.ok) {
      this.issues.warning(column, `${checked.message}; left out`);
      return;
    }
    const list = (this.product.barcodes ??= []);
    if (!list.some((barcode) => barcode.value === code)) list.push({ type: barcodeTypeOf(code), value: code });
  }

  related(type: string, skus: string[]): void {
    const kept = [...new Set(skus.map((sku) => sku.trim()).filter((sku) => sku !== '' && sku !== this.product.sku))];
    if (kept.length === 0) return;
    const existing = this.product.related.find((relation) => relation.type === type);
    if (existing) existing.skus = [...new Set([...existing.skus, ...kept])];
    else this.product.related.push({ type, skus: kept });
  }

  requireSku(column: string): void {
    if (this.product.sku === '') this.issues.error(column, 'no SKU: Jasper matches products by SKU, so every product and variant needs one');
  }
}

function setSell(price: PriceInput, paid: number | undefined): void {
  if (paid !== undefined && paid !== price.msrp) price.sell_price = paid;
}

/** `size` → `Size`, `style_general` → `Style General`: a code shown as a label. */
export function labelOf(code: string): string {
  return code
    .trim()
    .split(/[_\s]+/)
    .filter((word) => word !== '')
    .map((word) => word[0]!.toUpperCase() + word.slice(1))
    .join(' ');
}

/** Splits on a separator, trimmed, empties dropped. */
export function splitList(text: string, separator: string | RegExp): string[] {
  return text
    .split(separator)
    .map((part) => part.trim())
    .filter((part) => part !== '');
}
