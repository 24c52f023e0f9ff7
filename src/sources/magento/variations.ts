// Magento's `configurable_variations` and `additional_attributes` cells, both `code=value` lists:
//   configurable_variations: sku=MH01-XS-Black,size=XS,color=Black|sku=MH01-XS-Gray,size=XS,color=Gray
//   additional_attributes:   material=Wool,climate=All-weather|Cool,eco_collection=Yes

/**
 * `code=value,code=value`: a comma starts a new pair only when a `code=` follows, so a value
 * holding a comma ("Cotton, Polyester") stays whole.
 */
export function splitPairs(text: string): [string, string][] {
  const pairs: [string, string][] = [];
  for (const piece of text.split(/,(?=\s*[A-Za-z0-9_]+\s*=)/)) {
    const equals = piece.indexOf('=');
    if (equals <= 0) continue;
    pairs.push([piece.slice(0, equals).trim(), piece.slice(equals + 1).trim()]);
  }
  return pairs;
}

/** Attribute codes that are Magento's bookkeeping, not a description of the product. */
export const INTERNAL_ATTRIBUTE_CODES: ReadonlySet<string> = new Set([
  'has_options',
  'required_options',
  'quantity_and_stock_status',
  'options_container',
  'msrp_display_actual_price_type',
  'tax_class_id',
  'gift_message_available',
]);
