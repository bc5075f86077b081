import type { Kuaidi100Client } from '../../integrations/kuaidi100';
import type { WarehouseClient } from '../../integrations/warehouse';
import type { ShippingInfoClient } from '../../integrations/wechat';
import type { PlatformDeps } from '../../platform/deps';

/** What fulfilment needs beyond the platform: the carrier tracking API, WeChat's shipping service, the warehouse. */
export interface FulfilmentDeps extends PlatformDeps {
  /** null when no Kuaidi100 account is configured (no tracking). */
  kuaidi100: Kuaidi100Client | null;
  shippingInfo: ShippingInfoClient;
  /** null when config.fulfilment.warehouse is 'none'. */
  warehouse: WarehouseClient | null;
}
