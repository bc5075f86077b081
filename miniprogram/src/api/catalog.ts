import {
  getProduct as getProductRoute,
  listBanners as listBannersRoute,
  listCategories as listCategoriesRoute,
  listProducts as listProductsRoute,
} from '@mall/shared';
import type { QueryOf } from '@mall/shared';
import { call } from './client';

export const listCategories = () => call(listCategoriesRoute);

export const listProducts = (query: QueryOf<typeof listProductsRoute> = {}) => call(listProductsRoute, { query });

export const getProduct = (id: number) => call(getProductRoute, { params: { id } });

export const listBanners = () => call(listBannersRoute);
