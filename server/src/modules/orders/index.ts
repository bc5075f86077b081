import type { PlatformDeps } from '../../platform/deps';
import { defineModule } from '../../platform/module';
import type { PaymentSettler as Settler } from './cancel-order';
import { initOrderModels } from './order.model';
import { registerOrderJobs } from './orders.jobs';
import { registerOrderRoutes } from './orders.routes';
export { registerOrderRoutes } from './orders.routes';
export { registerOrderJobs } from './orders.jobs';
export { transitionOrderByNo, type OrderChange } from './order-transitions';
export {
  allocateOrderNo,
  createOrder,
  findPlacedOrder,
  orderViewById,
  type CreatedOrder,
  type NewOrder,
  type NewOrderLine,
} from './create-order';
export {
  runQuote,
  type AdjustmentResult,
  type AppliedAdjustment,
  type PricedLine,
  type Quote,
  type QuoteAdjuster,
  type QuoteDraft,
  type QuoteRequest,
  type QuotedLine,
  type ShippingStep,
} from './quote';
export { orderAmountsOf, type OrderAmountsView } from './order-amounts';
export { findOrderForPayment, markOrderPaid, type OrderForPaymentView } from './order-payment';
export { cancelUnpaidOrder, sweepExpiredOrders, type PaymentSettler } from './cancel-order';

/** Orders: the order records, the status machine, timeouts. Payment settling comes in as a port (paymentSettler). */
export const ordersModule = defineModule<PlatformDeps & { paymentSettler: Settler }>({
  name: 'orders',
  initModels: initOrderModels,
  routes: (api, deps) => registerOrderRoutes(api, deps, deps.paymentSettler),
  jobs: (deps) => registerOrderJobs(deps, deps.paymentSettler),
  permissions: {
    'orders:read': 'See all orders',
    'orders:write': 'Change orders (ship, cancel, remark)',
  },
});
