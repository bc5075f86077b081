import { listBanners, listCategories } from '@mall/shared';
import type { ApiRouter } from '../../platform/http/api-router';
import { listActiveBanners } from './banners';
import { categoryTree } from './categories';

/**
 * What members (and visitors) see that needs no price: the category tree and banners. The product list and
 * page are priced for the caller, so they are served by the storefront flow (server/src/flows/storefront.ts).
 */
export function registerCatalogRoutes(api: ApiRouter) {
  api.add(listCategories, () => categoryTree());
  api.add(listBanners, () => listActiveBanners());
}
