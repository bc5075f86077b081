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
  createWechatPayGateway,
  type SandboxKeyMaterial,
  type WechatPayConfig,
  type WechatPayGateway,
} from './integrations/wechatpay';
import { initAdminModels } from './modules/admin';
import { initCatalogModels, initInventoryModels } from './modules/catalog';
import { initMemberModels, type WechatClient } from './modules/members';
import { initLoyaltyModels } from './modules/loyalty';
import { initOrderModels } from './modules/orders';
import { initPaymentModels } from './modules/payments';
import { initPromotionModels } from './modules/promotion';
import { initMessageModels } from './modules/messages';
import { initPricingModels } from './modules/pricing';
import { initTeamModels } from './modules/team';

export interface Services extends PlatformDeps {
  wechat: WechatClient;
  wechatPhone: WechatPhoneClient;
  /** wxacode.getUnlimited and subscribeMessage.send, sharing one stable access token. */
  wxacode: WxacodeClient;
  subscribeMessages: SubscribeMessageClient;
  wechatpay: WechatPayGateway;
  wechatpayConfig: WechatPayConfig;
  /** Only when sandboxes are on, in the api process: the key material the sandbox signs with (read by config). */
  sandboxKeys?: SandboxKeyMaterial;
}

/** Builds every long-lived part once per process. Nothing here listens or processes jobs. */
export function createServices(
  config: Config,
  logger: Logger = createLogger(),
  sandboxKeys?: SandboxKeyMaterial,
): Services {
  if (!config.redisUrl) throw new Error('redisUrl must be resolved before services are created');
  const sequelize = createSequelize(config.databaseUrl);
  requireAuditBeforeCommit(sequelize); // admin writes commit only with their audit record
  for (const init of [initMemberModels, initAdminModels, initCatalogModels, initOrderModels, initPaymentModels])
    init(sequelize);
  initPricingModels(sequelize);
  initInventoryModels(sequelize); // after the catalog: it hooks SKU creation
  initPromotionModels(sequelize);
  initMessageModels(sequelize);
  const wechatTokens = createStableAccessToken(config.wechat);
  initTeamModels(sequelize);
  initLoyaltyModels(sequelize);
  const wechatpayConfig: WechatPayConfig = config.wechatpay;
  const queues = createQueues(config.redisUrl, config.redisPrefix, logger);
  return {
    config,
    logger,
    sequelize,
    redis: createRedis(config.redisUrl),
    queues,
    events: new DomainEvents(queues.events, logger),
    tokens: createTokenService(config.jwtSecret),
    metrics: createMetrics(),
    wechat: createWechatClient(config.wechat),
    wechatPhone: createWechatPhoneClient(config.wechat),
    wxacode: createWxacodeClient(config.wechat, wechatTokens),
    subscribeMessages: createSubscribeMessageClient(config.wechat, wechatTokens),
    wechatpay: createWechatPayGateway(wechatpayConfig),
    wechatpayConfig,
    sandboxKeys: config.sandbox ? sandboxKeys : undefined,
  };
}

export async function closeServices(services: Services): Promise<void> {
  await services.queues.close();
  services.redis.disconnect();
  await services.sequelize.close();
}
