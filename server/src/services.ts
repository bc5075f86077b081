import { cacheBus } from './platform/cache/invalidation-bus';
import type { Config } from './platform/config';
import { createSequelize } from './platform/db/database';
import type { PlatformDeps } from './platform/deps';
import { requireAuditBeforeCommit } from './platform/http/audit-guard';
import { createTokenService } from './platform/http/auth';
import { createMetrics } from './platform/http/metrics';
import { createLogger, type Logger } from './platform/logger';
import { createQueues } from './platform/queue/queues';
import { DomainEvents } from './platform/events/domain-events';
import { createRedis } from './platform/redis';
import {
  createStableAccessToken,
  createSubscribeMessageClient,
  createWechatClient,
  createWechatPhoneClient,
  createWxacodeClient,
  type SubscribeMessageClient,
  type WechatPhoneClient,
  type WxacodeClient,
} from './integrations/wechat';
import {
  createMerchantTransfers,
  createWechatPayGateway,
  type MerchantTransfers,
  type SandboxKeyMaterial,
  type WechatPayConfig,
  type WechatPayGateway,
} from './integrations/wechatpay';
import { createAlipayGateway, type AlipayGateway, type AlipaySandboxKeys } from './integrations/alipay';
import { MODULES } from './module-registry';
import { createKuaidi100Client, type Kuaidi100Client } from './integrations/kuaidi100';
import { createWarehouseClient, type WarehouseClient } from './integrations/warehouse';
import { createShippingInfoClient, type ShippingInfoClient } from './integrations/wechat';
import { skuIdsByCode, skuLabels } from './modules/catalog';
import type { SkuDirectory } from './modules/inventory';
import type { WechatClient } from './modules/members';
import { levelOf, listLevels } from './modules/loyalty';
import type { CompletionHold, PaymentSettler } from './modules/orders';
import { hasOpenAftersale } from './modules/aftersales';
import type { ShippingHold } from './modules/fulfilment';
import { isAwaitingGroup } from './modules/groupbuy';
import { createPaymentSettler } from './modules/payments';
import type { LevelLadder } from './modules/pricing';

export interface Services extends PlatformDeps {
  wechat: WechatClient;
  wechatPhone: WechatPhoneClient;
  /** wxacode.getUnlimited and subscribeMessage.send, sharing one stable access token. */
  wxacode: WxacodeClient;
  subscribeMessages: SubscribeMessageClient;
  wechatpay: WechatPayGateway;
  wechatpayConfig: WechatPayConfig;
  /** WeChat Pay merchant transfer (商家转账): withdrawals paid to members' WeChat balance. */
  merchantTransfers: MerchantTransfers;
  /** Only when sandboxes are on, in the api process: the key material the sandbox signs with (read by config). */
  sandboxKeys?: SandboxKeyMaterial;
  /** Alipay's gateway, null when the channel is off (production without ALIPAY_APP_ID). */
  alipay: AlipayGateway | null;
  /** Only when sandboxes are on: the Alipay sandbox's keys (it signs answers and notifications with them). */
  alipaySandboxKeys?: AlipaySandboxKeys;
  /** The payments module's answer to "was this order paid?" before orders cancels one (a port). */
  paymentSettler: PaymentSettler;
  /** Open after-sales requests hold an order's completion (a port: orders asks, aftersales knows). */
  completionHold: CompletionHold;
  /** Group-buy orders wait to ship until their group completes (a port: fulfilment asks, groupbuy knows). */
  shippingHold: ShippingHold;
  /** The level ladder for pricing (a port): members' levels today, loyalty's once the ladder moves there. */
  levelLadder: LevelLadder;
  /** The catalog's SKU names and codes for inventory (a port: the catalog reads stock through inventory). */
  skuDirectory: SkuDirectory;
  // ---- issue 10 fulfilment ----
  /** Kuaidi100 tracking; null without an account (no tracking). */
  kuaidi100: Kuaidi100Client | null;
  /** WeChat's shipping-information service, on the shared stable access token. */
  shippingInfo: ShippingInfoClient;
  /** The warehouse webhook; null when config.fulfilment.warehouse is 'none'. */
  warehouse: WarehouseClient | null;
  /** This process's link to the cache invalidation channel (platform/cache): caches are used while it is live. */
  cacheLink: { subscribed: Promise<void>; close(): void };
}

const levelLadder: LevelLadder = {
  listLevels,
  levelOf: async (memberId, tx) => (await levelOf(memberId, tx)).level,
};
const skuDirectory: SkuDirectory = { skuIdsByCode, skuLabels };

/** Builds every long-lived part once per process. Nothing here listens or processes jobs. */
export function createServices(
  config: Config,
  logger: Logger = createLogger(),
  sandboxKeys?: SandboxKeyMaterial,
  alipaySandboxKeys?: AlipaySandboxKeys,
): Services {
  if (!config.redisUrl) throw new Error('redisUrl must be resolved before services are created');
  const sequelize = createSequelize(
    config.databaseUrl,
    config.sqlTrace ? (sql) => logger.info({ sql }, 'sql') : undefined,
  );
  requireAuditBeforeCommit(sequelize); // admin writes commit only with their audit record
  for (const module of MODULES) module.initModels?.(sequelize);
  const wechatTokens = createStableAccessToken(config.wechat);
  const wechatpayConfig: WechatPayConfig = config.wechatpay;
  const queues = createQueues(config.redisUrl, config.redisPrefix, logger);
  const redis = createRedis(config.redisUrl);
  const services: Omit<Services, 'paymentSettler'> = {
    completionHold: { isHeld: hasOpenAftersale },
    shippingHold: { isHeld: isAwaitingGroup },
    levelLadder,
    skuDirectory,
    config,
    logger,
    sequelize,
    redis,
    cacheLink: cacheBus.attach(redis, config.redisPrefix, logger),
    queues,
    events: new DomainEvents(queues.events, sequelize, logger),
    tokens: createTokenService(config.jwtSecret),
    metrics: createMetrics(),
    wechat: createWechatClient(config.wechat),
    wechatPhone: createWechatPhoneClient(config.wechat),
    wxacode: createWxacodeClient(config.wechat, wechatTokens),
    subscribeMessages: createSubscribeMessageClient(config.wechat, wechatTokens),
    wechatpay: createWechatPayGateway(wechatpayConfig),
    wechatpayConfig,
    merchantTransfers: createMerchantTransfers(wechatpayConfig),
    sandboxKeys: config.sandbox ? sandboxKeys : undefined,
    alipay: config.alipay ? createAlipayGateway(config.alipay) : null,
    alipaySandboxKeys: config.sandbox ? alipaySandboxKeys : undefined,
    ...fulfilmentClients(config, wechatTokens),
  };
  return { ...services, paymentSettler: createPaymentSettler(services) };
}

function fulfilmentClients(config: Config, wechatTokens: ReturnType<typeof createStableAccessToken>) {
  const f = config.fulfilment;
  return {
    kuaidi100: f.kuaidi100 ? createKuaidi100Client(f.kuaidi100) : null,
    shippingInfo: createShippingInfoClient(config.wechat, wechatTokens),
    warehouse:
      f.warehouse !== 'none' && f.warehouseUrl && f.warehouseSecret
        ? createWarehouseClient({ url: f.warehouseUrl, secret: f.warehouseSecret })
        : null,
  };
}

export async function closeServices(services: Services): Promise<void> {
  await services.events.close(); // relays in flight finish before the queue and database close
  await services.queues.close();
  services.cacheLink.close();
  services.redis.disconnect();
  await services.sequelize.close();
}
