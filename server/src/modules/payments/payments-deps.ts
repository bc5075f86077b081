import type { PlatformDeps } from '../../platform/deps';
import type { AlipayGateway } from '../../integrations/alipay';
import type { WechatPayConfig, WechatPayGateway } from '../../integrations/wechatpay';

/** What the payments module needs beyond the platform: one gateway per online channel (Alipay may be off). */
export type PaymentsDeps = PlatformDeps & {
  wechatpay: WechatPayGateway;
  wechatpayConfig: WechatPayConfig;
  alipay: AlipayGateway | null;
};
