import type { CatalogSource } from '../catalog-api.js';
import type { SourceOptions } from '../source-options.js';
export function woocommerceSource(_options: SourceOptions): CatalogSource {
  throw new Error('not yet');
}
