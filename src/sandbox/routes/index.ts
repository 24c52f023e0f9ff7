// Every route the sandbox serves, relative to /api/v1. Literal segments come before
// parameters where both could match (`/products/sku/:sku` before `/products/:id`).

import type { Route } from '../router.js';
import { assetRoutes } from './asset-routes.js';
import { attributeRoutes } from './attribute-routes.js';
import { barcodeRoutes } from './barcode-routes.js';
import { categoryRoutes } from './category-routes.js';
import { deleteRoutes } from './delete-routes.js';
import { inventoryRoutes } from './inventory-routes.js';
import { optionRoutes } from './option-routes.js';
import { optionSetRoutes } from './option-set-routes.js';
import { pingRoutes } from './ping-routes.js';
import { priceRoutes } from './price-routes.js';
import { productAttributeRoutes } from './product-attribute-routes.js';
import { productCategoryRoutes } from './product-category-routes.js';
import { productRoutes } from './product-routes.js';
import { relationRoutes } from './relation-routes.js';
import { relationTypeRoutes } from './relation-type-routes.js';

export const PING_PATTERN = '/ping';

export const ROUTES: Route[] = [
  ...pingRoutes,
  ...categoryRoutes,
  ...optionRoutes,
  ...optionSetRoutes,
  ...attributeRoutes,
  ...relationTypeRoutes,
  ...productRoutes,
  ...productCategoryRoutes,
  ...priceRoutes,
  ...inventoryRoutes,
  ...productAttributeRoutes,
  ...relationRoutes,
  ...assetRoutes,
  ...barcodeRoutes,
  ...deleteRoutes,
];
