import type {
  cancelMyOrder as cancelRouteContract,
  confirmMyOrderReceipt as confirmReceiptContract,
  getMyOrder as getRouteContract,
  getMyOrderLogistics as logisticsContract,
  listMyOrders as listRouteContract,
  placeOrder as placeRouteContract,
  quoteOrder as quoteRouteContract,
  remindShipping as remindRouteContract,
} from '@mall/shared';
import type { PlaceOrderBody, QueryOf, QuoteBody } from '@mall/shared';
import { call, route } from './client';

const cancelRoute = route<typeof cancelRouteContract>('POST', '/api/orders/:orderNo/cancel');
const getRoute = route<typeof getRouteContract>('GET', '/api/orders/:orderNo');
const listRoute = route<typeof listRouteContract>('GET', '/api/orders');
const placeRoute = route<typeof placeRouteContract>('POST', '/api/orders');
const quoteRoute = route<typeof quoteRouteContract>('POST', '/api/orders/quote');
const confirmReceiptRoute = route<typeof confirmReceiptContract>('POST', '/api/orders/:orderNo/confirm-receipt');
const remindRoute = route<typeof remindRouteContract>('POST', '/api/orders/:orderNo/remind-shipping');
const logisticsRoute = route<typeof logisticsContract>('GET', '/api/orders/:orderNo/logistics');

/** The server prices the checkout (member price, points, shipping): the confirm page shows this, never a client sum. */
export const quoteOrder = (body: QuoteBody) => call(quoteRoute, { body });

export const placeOrder = (body: PlaceOrderBody) => call(placeRoute, { body });

export const listMyOrders = (query: QueryOf<typeof listRouteContract> = {}) => call(listRoute, { query });

export const getMyOrder = (orderNo: string) => call(getRoute, { params: { orderNo } });

export const cancelMyOrder = (orderNo: string) => call(cancelRoute, { params: { orderNo } });

/** 确认收货: a shipped order becomes received (the after-sales window starts). */
export const confirmOrderReceipt = (orderNo: string) => call(confirmReceiptRoute, { params: { orderNo } });

/** The order's parcels and their tracking timelines. */
export const getOrderLogistics = (orderNo: string) => call(logisticsRoute, { params: { orderNo } });

/** 提醒发货 on a paid order; `reminded` false when it was already reminded today. */
export const remindShipping = (orderNo: string) => call(remindRoute, { params: { orderNo } });
