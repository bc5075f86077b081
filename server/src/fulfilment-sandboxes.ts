import { access } from '@mall/shared';
import { createKuaidi100SandboxRouter } from './integrations/kuaidi100';
import { createWarehouseSandboxRouter } from './integrations/warehouse';
import { createShippingInfoSandboxRouter } from './integrations/wechat';
import type { ApiRouter } from './platform/http/api-router';
import { WECHAT_DELIVERY_IDS } from './modules/fulfilment';
import { paidWechatTradeOf } from './modules/payments';
import type { Services } from './services';

/**
 * The sandbox twins of issue 10 (sandbox mode only, never in production): WeChat's shipping-information service,
 * which knows the WeChat Pay payments this system recorded; a Kuaidi100 carrier; a warehouse.
 */
export function mountFulfilmentSandboxes(api: ApiRouter, services: Services): void {
  const { config, logger } = services;
  const log = (msg: string, extra?: Record<string, unknown>) => logger.info(extra ?? {}, msg);
  api.mount(
    createShippingInfoSandboxRouter({
      mchId: config.wechatpay.mchId,
      deliveryIds: WECHAT_DELIVERY_IDS,
      findTrade: paidWechatTradeOf,
    }),
    access.sandbox,
  );
  const k100 = config.fulfilment.kuaidi100;
  if (k100) api.mount(createKuaidi100SandboxRouter({ customer: k100.customer, key: k100.key, log }), access.sandbox);
  if (config.fulfilment.warehouse === 'sandbox' && config.fulfilment.warehouseSecret) {
    api.mount(
      createWarehouseSandboxRouter({
        secret: config.fulfilment.warehouseSecret,
        autoShip: config.mode === 'quickstart',
        carrierCode: 'zhongtong',
        log,
      }),
      access.sandbox,
    );
  }
}
