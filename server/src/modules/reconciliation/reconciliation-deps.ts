import type { AlipayGateway } from '../../integrations/alipay';
import type { WechatPayGateway } from '../../integrations/wechatpay';
import type { PlatformDeps } from '../../platform/deps';

/** The gateways whose bills are compared (Alipay may be off). */
export type ReconciliationDeps = PlatformDeps & {
  wechatpay: WechatPayGateway;
  alipay: AlipayGateway | null;
};
