// Generates a products CSV with variants, prices in two bases, a text and a multiselect
// attribute, inventory in two locations, categories three levels deep and related links
// (some to SKUs later in the file). Used by the benchmark and by the end-to-end tests, after the
// build (it shares the sandbox's seeded generator from dist/).
import fs from 'node:fs';
import { mulberry32 } from '../dist/sandbox/prng.js';

const HEADER = [
  'sku',
  'name',
  'parent_sku',
  'option:Size',
  'option:Color',
  'categories',
  'enabled',
  'desc_short',
  'msrp',
  'cost',
  'price:CA:msrp',
  'attr:Material',
  'attr:Country[multiselect]',
  'inventory:Main',
  'inventory:Toronto',
  'related:Accessories',
];
const SIZES = ['S', 'M', 'L'];
const COLORS = ['Black', 'White'];
const MATERIALS = ['Cotton', 'Wool', 'Polyester', 'Linen'];
const COUNTRIES = ['USA', 'Canada', 'Mexico'];

const skuOf = (index) => `SKU-${String(index).padStart(6, '0')}`;

function cell(value) {
  const text = String(value);
  return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * Rows for `products` products: every fourth product is a parent with `variants` variants.
 * Options: { products, variants = 2, seed = 1, priceDelta = {} (sku → added cents) }.
 */
export function* catalogRows({ products, variants = 2, seed = 1, priceDelta = {} }) {
  // Deterministic numbers (the sandbox's seeded generator), so two runs generate the same catalog.
  const random = mulberry32(seed);
  yield HEADER.join(',');
  let count = 0;
  for (let index = 0; count < products; index++) {
    const sku = skuOf(index);
    const isParent = index % 4 === 0 && variants > 0;
    const category = `Catalog > Dept ${index % 5} > Aisle ${index % 17}`;
    const price = (10 + (index % 90) + (priceDelta[sku] ?? 0) / 100).toFixed(2);
    // Backward links, and forward links to a SKU later in the file (linked once it exists).
    const forward = index % 7 === 1 && products - count > variants + 2;
    const related = forward ? skuOf(index + 1) : index % 3 === 0 && index >= 3 ? skuOf(index - 3) : '';
    const countries = COUNTRIES.filter(() => random() < 0.5).join('|') || 'USA';
    const base = {
      sku,
      name: `Product ${index}`,
      parent_sku: '',
      'option:Size': '',
      'option:Color': '',
      categories: `${category}|Catalog > All`,
      enabled: 'true',
      desc_short: `Generated product ${index}, with a "quoted" word, and a comma`,
      msrp: price,
      cost: (Number(price) * 0.4).toFixed(2),
      'price:CA:msrp': (Number(price) * 1.3).toFixed(2),
      'attr:Material': MATERIALS[index % MATERIALS.length],
      'attr:Country[multiselect]': countries,
      'inventory:Main': isParent ? '' : String(Math.floor(random() * 100)),
      'inventory:Toronto': isParent ? '' : String(Math.floor(random() * 50)),
      'related:Accessories': related,
    };
    yield HEADER.map((name) => cell(base[name])).join(',');
    count++;
    if (!isParent) continue;
    for (let v = 0; v < variants && count < products; v++) {
      const variantSku = `${sku}-V${v}`;
      const variant = {
        ...base,
        sku: variantSku,
        name: `Product ${index} variant ${v}`,
        parent_sku: sku,
        'option:Size': SIZES[v % SIZES.length],
        'option:Color': COLORS[Math.floor(v / SIZES.length) % COLORS.length],
        categories: category,
        msrp: (Number(price) + (priceDelta[variantSku] ?? 0) / 100).toFixed(2),
        'inventory:Main': String(Math.floor(random() * 100)),
        'inventory:Toronto': String(Math.floor(random() * 50)),
        'related:Accessories': '',
      };
      yield HEADER.map((name) => cell(variant[name])).join(',');
      count++;
    }
  }
}

/** Writes the catalog to `file`, streaming, and returns the number of data rows. */
export function writeCatalog(file, options) {
  const fd = fs.openSync(file, 'w');
  let rows = -1;
  let buffer = '';
  for (const line of catalogRows(options)) {
    buffer += line + '\n';
    rows++;
    if (buffer.length > 1 << 20) {
      fs.writeSync(fd, buffer);
      buffer = '';
    }
  }
  fs.writeSync(fd, buffer);
  fs.closeSync(fd);
  return rows;
}
