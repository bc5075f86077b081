import {
  cancelMyOrder as cancelRoute,
  confirmMyOrderReceipt as confirmReceiptRoute,
  getMyOrderLogistics as logisticsRoute,
  getMyOrder as getRoute,
  listMyOrders as listRoute,
  placeOrder as placeRoute,
  quoteOrder as quoteRoute,
} from '@mall/shared';
import type { PlaceOrderBody, QueryOf, QuoteBody } from '@mall/shared';
import { call } from './client';

/** The server prices the checkout (member price, points, shipping): the confirm page shows this, never a client sum. */
export const quoteOrder = (body: QuoteBody) => call(quoteRoute, { body });

export const placeOrder = (body: PlaceOrderBody) => call(placeRoute, { body });

export const listMyOrders = (query: QueryOf<typeof listRoute> = {}) => call(listRoute, { query });

export const getMyOrder = (orderNo: string) => call(getRoute, { params: { orderNo } });

export const cancelMyOrder = (orderNo: string) => call(cancelRoute, { params: { orderNo } });

/** 确认收货: a shipped order becomes received (the after-sales window starts). */
export const confirmOrderReceipt = (orderNo: string) => call(confirmReceiptRoute, { params: { orderNo } });

/** The order's parcels and their tracking timelines. */
export const getOrderLogistics = (orderNo: string) => call(logisticsRoute, { params: { orderNo } });
