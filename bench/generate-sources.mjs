// Generated platform exports for the memory bench: `rows` CSV rows of a Shopify, WooCommerce or
// Magento export, products of 4 variants (size × colour), HTML descriptions with newlines,
// categories, tags or attributes, written line by line.
import fs from 'node:fs';

const SIZES = ['S', 'M', 'L', 'XL'];
const COLORS = ['Black', 'Gray', 'Blue', 'Green', 'Red'];
const CATEGORIES = [
  ['Apparel', 'Tops'],
  ['Apparel', 'Bottoms'],
  ['Gear', 'Bags'],
  ['Gear', 'Fitness'],
];
const VARIANTS = 4;

const cell = (value) => {
  const text = String(value ?? '');
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
};
const line = (cells) => cells.map(cell).join(',') + '\n';

function writeLines(file, header, rows, rowsOf) {
  const fd = fs.openSync(file, 'w');
  try {
    fs.writeSync(fd, line(header));
    let written = 0;
    let buffer = '';
    for (let product = 0; written < rows; product++) {
      for (const row of rowsOf(product)) {
        if (written >= rows) break;
        buffer += line(row);
        written++;
      }
      if (buffer.length > 1 << 20) {
        fs.writeSync(fd, buffer);
        buffer = '';
      }
    }
    fs.writeSync(fd, buffer);
    return written;
  } finally {
    fs.closeSync(fd);
  }
}

const describe = (product) => `<p>Product ${product}: a sturdy thing.</p>\n<ul>\n<li>Machine wash</li>\n</ul>`;
const variantOf = (product, index) => ({ size: SIZES[index % SIZES.length], color: COLORS[(product + index) % COLORS.length] });

/** Shopify: a handle's first row carries the product; one row per variant. */
export function writeShopifyExport(file, rows) {
  const header = [
    'Handle',
    'Title',
    'Body (HTML)',
    'Vendor',
    'Product Category',
    'Type',
    'Tags',
    'Published',
    'Option1 Name',
    'Option1 Value',
    'Option2 Name',
    'Option2 Value',
    'Variant SKU',
    'Variant Inventory Tracker',
    'Variant Inventory Qty',
    'Variant Price',
    'Variant Compare At Price',
    'Variant Barcode',
    'Image Src',
    'Cost per item',
    'Status',
  ];
  return writeLines(file, header, rows, (product) =>
    Array.from({ length: VARIANTS }, (_, index) => {
      const { size, color } = variantOf(product, index);
      const first = index === 0;
      return [
        `product-${product}`,
        first ? `Product ${product}` : '',
        first ? describe(product) : '',
        first ? `Vendor ${product % 50}` : '',
        first ? CATEGORIES[product % CATEGORIES.length].join(' > ') : '',
        first ? 'Shirt' : '',
        first ? 'new, sale' : '',
        first ? 'TRUE' : '',
        first ? 'Size' : '',
        size,
        first ? 'Color' : '',
        color,
        `SH-${product}-${index}`,
        'shopify',
        10 + index,
        (20 + (product % 30)).toFixed(2),
        index % 2 ? (30 + (product % 30)).toFixed(2) : '',
        String(100000000000 + product * VARIANTS + index),
        first ? `https://cdn.example.com/p/${product}.jpg` : '',
        '8.00',
        first ? 'active' : '',
      ];
    }),
  );
}

/** WooCommerce: a variable parent, then its variations (Parent = the parent's SKU). */
export function writeWooExport(file, rows) {
  const header = [
    'ID',
    'Type',
    'SKU',
    'Name',
    'Published',
    'Visibility in catalog',
    'Short description',
    'Description',
    'Sale price',
    'Regular price',
    'Categories',
    'Tags',
    'Images',
    'Parent',
    'Stock',
    'Weight (lbs)',
    'Attribute 1 name',
    'Attribute 1 value(s)',
    'Attribute 1 visible',
    'Attribute 1 global',
    'Attribute 2 name',
    'Attribute 2 value(s)',
    'Attribute 2 visible',
    'Attribute 2 global',
  ];
  return writeLines(file, header, rows, (product) => {
    const id = product * (VARIANTS + 1) + 1;
    const parent = [
      '' + id,
      'variable',
      `WC-${product}`,
      `Product ${product}`,
      1,
      'visible',
      'Short',
      describe(product),
      '',
      '',
      CATEGORIES[product % CATEGORIES.length].join(' > '),
      'new, sale',
      `https://cdn.example.com/p/${product}.jpg`,
      '',
      '',
      '.5',
      'Size',
      SIZES.join(', '),
      1,
      1,
      'Color',
      COLORS.join(', '),
      1,
      1,
    ];
    const variations = Array.from({ length: VARIANTS }, (_, index) => {
      const { size, color } = variantOf(product, index);
      return [
        '' + (id + index + 1),
        'variation',
        `WC-${product}-${index}`,
        `Product ${product} - ${size}, ${color}`,
        1,
        'visible',
        '',
        '',
        index % 2 ? '18' : '',
        '20',
        '',
        '',
        '',
        `id:${id}`,
        10 + index,
        '',
        'Size',
        size,
        '',
        1,
        'Color',
        color,
        '',
        1,
      ];
    });
    return [parent, ...variations];
  });
}

/** Magento: the children first, then their configurable parent listing them. */
export function writeMagentoExport(file, rows) {
  const header = [
    'sku',
    'store_view_code',
    'attribute_set_code',
    'product_type',
    'categories',
    'product_websites',
    'name',
    'description',
    'weight',
    'product_online',
    'visibility',
    'price',
    'special_price',
    'url_key',
    'base_image',
    'additional_attributes',
    'qty',
    'configurable_variations',
  ];
  return writeLines(file, header, rows, (product) => {
    const categories = `Default Category/${CATEGORIES[product % CATEGORIES.length].join('/')},Default Category`;
    const children = Array.from({ length: VARIANTS }, (_, index) => {
      const { size, color } = variantOf(product, index);
      return { sku: `MG-${product}-${index}`, size, color };
    });
    return [
      ...children.map((child) => [
        child.sku,
        '',
        'Top',
        'simple',
        categories,
        'base',
        `Product ${product}-${child.size}-${child.color}`,
        describe(product),
        '1',
        '1',
        'Not Visible Individually',
        '52',
        '',
        `product-${product}-${child.sku.toLowerCase()}`,
        `/p/${product}.jpg`,
        `has_options=0,size=${child.size},color=${child.color},material=Cotton|Polyester`,
        '100',
        '',
      ]),
      [
        `MG-${product}`,
        '',
        'Top',
        'configurable',
        categories,
        'base',
        `Product ${product}`,
        describe(product),
        '',
        '1',
        'Catalog, Search',
        '52',
        '',
        `product-${product}`,
        `/p/${product}.jpg`,
        'material=Cotton|Polyester,eco_collection=Yes',
        '0',
        children.map((child) => `sku=${child.sku},size=${child.size},color=${child.color}`).join('|'),
      ],
    ];
  });
}
