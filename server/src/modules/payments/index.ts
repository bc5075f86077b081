export { initPaymentModels, Payment } from './payment.model';
export { registerPaymentRoutes } from './payments.routes';
export { createPaymentSettler, queryAndApply } from './settle-payment';
export { applyPaidTransaction, type PaidTransaction } from './apply-payment';
