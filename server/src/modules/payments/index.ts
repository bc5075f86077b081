import { defineModule } from '../../platform/module';
import { initPaymentModels } from './payment.model';
import { registerPaymentRoutes } from './payments.routes';
import type { PlatformDeps } from '../../platform/deps';
import type { WechatPayConfig, WechatPayGateway } from '../../integrations/wechatpay';
export { registerPaymentRoutes } from './payments.routes';
export { createPaymentSettler } from './settle-payment';

/** Payments: WeChat Pay prepay, notifications, 主动查单 and closing. */
export const paymentsModule = defineModule<
  PlatformDeps & { wechatpay: WechatPayGateway; wechatpayConfig: WechatPayConfig }
>({
  name: 'payments',
  initModels: initPaymentModels,
  routes: registerPaymentRoutes,
});
// issue 10 (fulfil): what the shipping upload and the admin order search read of payments
export {
  orderIdsPaidVia,
  paidChannelsOf,
  paidWechatTradeOf,
  paidWechatTransactionOf,
  type PaidWechatTransactionView,
} from './payment-lookup';
