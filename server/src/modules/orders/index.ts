import type { PlatformDeps } from '../../platform/deps';
import { defineModule } from '../../platform/module';
import type { PaymentSettler as Settler } from './cancel-order';
import { initOrderModels } from './order.model';
import { initOrderRefundModels } from './order-refund.model';
import { initShippingReminderModels } from './shipping-reminder.model';
import { registerOrderJobs } from './orders.jobs';
import { registerOrderRoutes } from './orders.routes';
import { registerOrderFulfilmentJobs, type CompletionHold } from './order-fulfilment';
export { registerOrderRoutes } from './orders.routes';
export { registerOrderJobs } from './orders.jobs';
export { transitionOrderByNo, type OrderChange } from './order-transitions';
export {
  allocateOrderNo,
  createOrder,
  createOrderInBatch,
  findPlacedOrder,
  orderViewById,
  queueOrderNoOn,
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
export {
  applyOrderRefund,
  lockRefundableLines,
  refundShareFen,
  type AppliedRefund,
  type RefundableLineView,
} from './order-refunds';
export { cancelUnpaidOrder, sweepExpiredOrders, type PaymentSettler } from './cancel-order';

/** Orders: the order records, the status machine, timeouts. Payment settling comes in as a port (paymentSettler). */
export const ordersModule = defineModule<PlatformDeps & { paymentSettler: Settler; completionHold: CompletionHold }>({
  name: 'orders',
  initModels: (sequelize) => {
    initOrderModels(sequelize);
    initOrderRefundModels(sequelize);
    initShippingReminderModels(sequelize);
  },
  routes: (api, deps) => registerOrderRoutes(api, deps, deps.paymentSettler),
  jobs: async (deps) => {
    await registerOrderJobs(deps, deps.paymentSettler);
    await registerOrderFulfilmentJobs(deps); // issue 10: auto-receipt and completion
  },
  permissions: {
    'orders:read': 'See all orders',
    'orders:write': 'Change orders (ship, cancel, remark)',
  },
});
// ---- issue 10 (fulfil): shipped → received → completed, admin search and detail ----
export {
  autoConfirmReceipt,
  completeOrder,
  confirmOrderReceipt,
  lockOrderForShipping,
  markOrderShipped,
  orderForShipping,
  orderFulfilmentTimes,
  registerOrderFulfilmentJobs,
  type CompletionHold,
  sweepFulfilmentDeadlines,
  type OrderForShippingView,
} from './order-fulfilment';
export { adminOrderOf, exportOrdersXlsx, searchOrders, type OrderSearchFilter } from './order-search';
export { remindShipping } from './shipping-reminders';
// issue 11 (finance reports): what orders paid in a range sold
export { paidOrderLinesBetween, type PaidOrderLinesView } from './order-report-lines';
// issue 12 (segments): spend, frequency and recency of members from their paid orders
export { purchaseFactsOf, type PurchaseFactsView } from './purchase-facts';
