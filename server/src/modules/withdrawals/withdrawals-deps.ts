import type { MerchantTransfers, WechatPayConfig } from '../../integrations/wechatpay';
import type { PlatformDeps } from '../../platform/deps';

/** What withdrawals need beyond the platform: WeChat Pay's merchant transfer and its configuration. */
export interface WithdrawalsDeps extends PlatformDeps {
  merchantTransfers: MerchantTransfers;
  wechatpayConfig: WechatPayConfig;
}
