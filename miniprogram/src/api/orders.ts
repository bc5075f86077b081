import type {
  cancelMyOrder as cancelRouteContract,
  getMyOrder as getRouteContract,
  listMyOrders as listRouteContract,
  placeOrder as placeRouteContract,
} from '@mall/shared';
import type { PlaceOrderBody, QueryOf } from '@mall/shared';
import { call, route } from './client';

const cancelRoute = route<typeof cancelRouteContract>('POST', '/api/orders/:orderNo/cancel');
const getRoute = route<typeof getRouteContract>('GET', '/api/orders/:orderNo');
const listRoute = route<typeof listRouteContract>('GET', '/api/orders');
const placeRoute = route<typeof placeRouteContract>('POST', '/api/orders');

export const placeOrder = (body: PlaceOrderBody) => call(placeRoute, { body });

export const listMyOrders = (query: QueryOf<typeof listRouteContract> = {}) => call(listRoute, { query });

export const getMyOrder = (orderNo: string) => call(getRoute, { params: { orderNo } });

export const cancelMyOrder = (orderNo: string) => call(cancelRoute, { params: { orderNo } });
