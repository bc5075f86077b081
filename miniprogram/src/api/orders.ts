import {
  cancelMyOrder as cancelRoute,
  getMyOrder as getRoute,
  listMyOrders as listRoute,
  placeOrder as placeRoute,
} from '@mall/shared';
import type { PlaceOrderBody, QueryOf } from '@mall/shared';
import { call } from './client';

export const placeOrder = (body: PlaceOrderBody) => call(placeRoute, { body });

export const listMyOrders = (query: QueryOf<typeof listRoute> = {}) => call(listRoute, { query });

export const getMyOrder = (orderNo: string) => call(getRoute, { params: { orderNo } });

export const cancelMyOrder = (orderNo: string) => call(cancelRoute, { params: { orderNo } });
