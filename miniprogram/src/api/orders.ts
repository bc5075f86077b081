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

/**
 * 确认收货. The route comes with the fulfilment branch (`confirmMyOrderReceipt` in @mall/shared: POST, :orderNo,
 * answers the order, the same shape as cancel); until it is merged this borrows cancel's contract with its path.
 * A server without the route answers 404 ROUTE_NOT_FOUND, which the order actions tell apart.
 * TODO(merge): import confirmMyOrderReceipt from '@mall/shared' instead.
 */
const confirmReceiptRoute = {
  ...cancelRoute,
  path: '/api/orders/:orderNo/confirm-receipt',
  summary: 'Confirm receipt of a shipped order',
};

export const confirmOrderReceipt = (orderNo: string) => call(confirmReceiptRoute, { params: { orderNo } });
