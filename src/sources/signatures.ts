// Recognising a platform's export by its header, so a file given with the wrong --from (or
// none) is named for what it is: "this looks like a Shopify export: add --from shopify".

interface Signature {
  source: string;
  label: string;
  /** Normalised (lowercase) header names that together mark the export. */
  columns: readonly string[];
  /** False for a platform jasper-push cannot read yet. */
  supported: boolean;
}

const SIGNATURES: readonly Signature[] = [
  { source: 'shopify', label: 'Shopify', columns: ['handle', 'variant sku', 'option1 name'], supported: true },
  { source: 'shopify', label: 'Shopify', columns: ['handle', 'title', 'variant price'], supported: true },
  { source: 'woocommerce', label: 'WooCommerce', columns: ['type', 'sku', 'regular price'], supported: true },
  { source: 'woocommerce', label: 'WooCommerce', columns: ['type', 'sku', 'parent', 'attribute 1 name'], supported: true },
  { source: 'magento', label: 'Magento', columns: ['sku', 'product_type', 'attribute_set_code'], supported: true },
  { source: 'magento', label: 'Magento', columns: ['sku', 'product_type', 'configurable_variations'], supported: true },
  { source: 'magento', label: 'Magento (link list)', columns: ['sku', 'linked_sku'], supported: true },
  // BigCommerce's two product export layouts: the legacy bulk-edit one and the v3 one.
  { source: 'bigcommerce', label: 'BigCommerce', columns: ['item type', 'product name', 'product code/sku'], supported: false },
  { source: 'bigcommerce', label: 'BigCommerce', columns: ['item', 'id', 'name', 'type', 'sku', 'inventory tracking'], supported: false },
];

/** The platform whose export this header is, if we recognise it. */
export function recognizeExport(names: readonly string[]): Signature | undefined {
  const present = new Set(names);
  return SIGNATURES.find((signature) => signature.columns.every((column) => present.has(column)));
}

/** What to tell a user whose file, read as `readingAs`, has another platform's header. */
export function exportHint(names: readonly string[], readingAs: string): string | undefined {
  const found = recognizeExport(names);
  if (!found || found.source === readingAs) return undefined;
  if (!found.supported) {
    return `this looks like a ${found.label} export, which jasper-push cannot read yet: export the catalog in section 3 columns (README: Catalog formats)`;
  }
  return readingAs === 'jasper'
    ? `this looks like a ${found.label} export: add --from ${found.source}`
    : `this looks like a ${found.label} export: use --from ${found.source}`;
}
