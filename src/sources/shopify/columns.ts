// The columns of Shopify's product CSV (the admin export, which is also the import template)
// that jasper-push reads (normalised names).
export const S = {
  handle: 'handle',
  title: 'title',
  body: 'body (html)',
  vendor: 'vendor',
  category: 'product category',
  type: 'type',
  tags: 'tags',
  published: 'published',
  status: 'status',
  sku: 'variant sku',
  grams: 'variant grams',
  tracker: 'variant inventory tracker',
  qty: 'variant inventory qty',
  price: 'variant price',
  compareAt: 'variant compare at price',
  barcode: 'variant barcode',
  imageSrc: 'image src',
  variantImage: 'variant image',
  giftCard: 'gift card',
  seoTitle: 'seo title',
  cost: 'cost per item',
} as const;

export const OPTION_NUMBERS = ['1', '2', '3'] as const;
export const optionName = (n: string): string => `option${n} name`;
export const optionValue = (n: string): string => `option${n} value`;

export const REQUIRED_COLUMNS = [S.handle, S.title, S.sku, S.price] as const;

/** The option Shopify gives a product without variants. */
export const DEFAULT_OPTION = { name: 'Title', value: 'Default Title' } as const;
