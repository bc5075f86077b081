import { defineModule } from '../../platform/module';
import { initPaymentModels } from './payment.model';
import { registerPaymentAdminRoutes } from './payments.admin-routes';
import { registerPaymentRoutes } from './payments.routes';
import type { PaymentsDeps } from './payments-deps';
import { registerRefundJobs } from './refund-jobs';
import { registerOfflineDeadlineJobs } from './offline-deadline';
export { registerPaymentRoutes } from './payments.routes';
export { createPaymentSettler } from './settle-payment';
export { expireOfflineTransfer, offlineDeadlineJobId, sweepOfflineDeadlines } from './offline-deadline';
export { requestRefund, type RefundLine, type RefundReceipt, type RefundRequest } from './request-refund';
export type { PaymentsDeps } from './payments-deps';

/**
 * Payments: WeChat Pay, Alipay and bank transfer attempts, notifications, 主动查单 and closing, refunds through
 * one door (requestRefund, idempotent by business key), late payments refunded by themselves.
 */
export const paymentsModule = defineModule<PaymentsDeps>({
  name: 'payments',
  initModels: initPaymentModels,
  routes: (api, deps) => {
    registerPaymentRoutes(api, deps);
    registerPaymentAdminRoutes(api, deps);
  },
  jobs: async (deps) => {
    registerRefundJobs(deps);
    await registerOfflineDeadlineJobs(deps); // bank transfers not confirmed by their deadline are cancelled
  },
  permissions: {
    'payments:read': 'See payments on every channel, refunds and late payments',
    'payments:offline-confirm': 'Confirm or reject bank transfers (a second admin confirms large ones)',
  },
});
// issue 10 (fulfil): what the shipping upload and the admin order search read of payments
export {
  orderIdsPaidVia,
  paidChannelsOf,
  paidWechatTradeOf,
  paidWechatTransactionOf,
  type PaidWechatTransactionView,
} from './payment-lookup';
// issue 10 (reconciliation): our payments and refunds as a platform's daily bill should show them
export { ledgerByKeys, ledgerOfDay, type LedgerPaymentView, type LedgerRefundView } from './ledger-views';
// issue 11 (finance reports): money in and out by time
export { moneyMovementsBetween, type MoneyInView, type MoneyOutView } from './money-movements';
