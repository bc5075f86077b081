import type {
  getProduct as getProductRouteContract,
  listBanners as listBannersRouteContract,
  listCategories as listCategoriesRouteContract,
  listProducts as listProductsRouteContract,
} from '@mall/shared';
import type { QueryOf } from '@mall/shared';
import { call, route } from './client';

const getProductRoute = route<typeof getProductRouteContract>('GET', '/api/products/:id');
const listBannersRoute = route<typeof listBannersRouteContract>('GET', '/api/banners');
const listCategoriesRoute = route<typeof listCategoriesRouteContract>('GET', '/api/categories');
const listProductsRoute = route<typeof listProductsRouteContract>('GET', '/api/products');

export const listCategories = () => call(listCategoriesRoute);

export const listProducts = (query: QueryOf<typeof listProductsRouteContract> = {}) =>
  call(listProductsRoute, { query });

/** `inviter`: the distributor's code when the page was opened from their share (their views). */
export const getProduct = (id: number, inviter?: string) =>
  call(getProductRoute, { params: { id }, query: inviter ? { inviter } : {} });

export const listBanners = () => call(listBannersRoute);
