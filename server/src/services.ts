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
  createWechatPayGateway,
  type SandboxKeyMaterial,
  type WechatPayConfig,
  type WechatPayGateway,
} from './integrations/wechatpay';
import { MODULES } from './module-registry';
import { skuIdsByCode, skuLabels } from './modules/catalog';
import type { SkuDirectory } from './modules/inventory';
import type { WechatClient } from './modules/members';
import { levelOf, listLevels } from './modules/loyalty';
import type { PaymentSettler } from './modules/orders';
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
  /** Only when sandboxes are on, in the api process: the key material the sandbox signs with (read by config). */
  sandboxKeys?: SandboxKeyMaterial;
  /** The payments module's answer to "was this order paid?" before orders cancels one (a port). */
  paymentSettler: PaymentSettler;
  /** The level ladder for pricing (a port): members' levels today, loyalty's once the ladder moves there. */
  levelLadder: LevelLadder;
  /** The catalog's SKU names and codes for inventory (a port: the catalog reads stock through inventory). */
  skuDirectory: SkuDirectory;
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
): Services {
  if (!config.redisUrl) throw new Error('redisUrl must be resolved before services are created');
  const sequelize = createSequelize(config.databaseUrl);
  requireAuditBeforeCommit(sequelize); // admin writes commit only with their audit record
  for (const module of MODULES) module.initModels?.(sequelize);
  const wechatTokens = createStableAccessToken(config.wechat);
  const wechatpayConfig: WechatPayConfig = config.wechatpay;
  const queues = createQueues(config.redisUrl, config.redisPrefix, logger);
  const redis = createRedis(config.redisUrl);
  const services: Omit<Services, 'paymentSettler'> = {
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
    sandboxKeys: config.sandbox ? sandboxKeys : undefined,
  };
  return { ...services, paymentSettler: createPaymentSettler(services) };
}

export async function closeServices(services: Services): Promise<void> {
  await services.events.close(); // relays in flight finish before the queue and database close
  await services.queues.close();
  services.cacheLink.close();
  services.redis.disconnect();
  await services.sequelize.close();
}
