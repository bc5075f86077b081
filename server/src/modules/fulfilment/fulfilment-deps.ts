import type { Kuaidi100Client } from '../../integrations/kuaidi100';
import type { WarehouseClient } from '../../integrations/warehouse';
import type { ShippingInfoClient } from '../../integrations/wechat';
import type { Transaction } from 'sequelize';
import type { PlatformDeps } from '../../platform/deps';

/**
 * Whether something outside fulfilment holds a paid order back from shipping (a port: a group-buy order waits until
 * its group completes). A held order is refused by shipping and not pushed to the warehouse.
 */
export interface ShippingHold {
  isHeld(orderId: number, tx?: Transaction): Promise<boolean>;
}

/** What fulfilment needs beyond the platform: the carrier tracking API, WeChat's shipping service, the warehouse. */
export interface FulfilmentDeps extends PlatformDeps {
  /** null when no Kuaidi100 account is configured (no tracking). */
  kuaidi100: Kuaidi100Client | null;
  shippingInfo: ShippingInfoClient;
  /** null when config.fulfilment.warehouse is 'none'. */
  warehouse: WarehouseClient | null;
  /** Orders held back from shipping (issue 12: group-buy orders until their group completes). */
  shippingHold: ShippingHold;
}
