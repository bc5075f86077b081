import { randomBytes, X509Certificate } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { REPO_DIR } from './paths';
import { z } from 'zod';
import { checkDistributionPolicy, DEFAULT_DISTRIBUTION_POLICY, type DistributionPolicy } from '@mall/shared';

/**
 * One typed configuration, validated once at boot from the environment over per-mode defaults.
 * quickstart: SQLite file and sandboxes, nothing to configure. test: MariaDB + Redis, sandboxes.
 * production: everything real and required; sandboxes and SQLite are refused.
 */
export const MODES = ['quickstart', 'test', 'production'] as const;
export type Mode = (typeof MODES)[number];

/**
 * How a referrer gets bound (README "Referral network"): first_touch binds the first inviter a member meets and
 * keeps them; registration_only binds only at the first login; overridable lets a later inviter take over within
 * `overrideDays` of the last binding.
 */
export const BINDING_MODES = ['first_touch', 'registration_only', 'overridable'] as const;
export type BindingMode = (typeof BINDING_MODES)[number];

// ---- fulfilment (issue 10): shipping, tracking, receipt, warehouse ----

export const WAREHOUSE_MODES = ['none', 'sandbox', 'http'] as const;

const FulfilmentConfigSchema = z.object({
  /** A shipped order is received automatically this many days after it was shipped (确认收货). */
  autoConfirmReceiptDays: z.number().min(0).max(60),
  /** A received order completes after this many days: the after-sales window (七天无理由, 消费者权益保护法 art. 25). */
  afterSalesDays: z.number().min(0).max(60),
  /** How often an open parcel is polled at the carrier (Kuaidi100 itself polls every 4 hours). */
  trackingPollMs: z.number().int().min(50),
  /** Kuaidi100 credentials; null: no tracking (production without KUAIDI100_CUSTOMER / KUAIDI100_KEY). */
  kuaidi100: z
    .object({
      baseUrl: z.url(),
      customer: z.string().min(1),
      key: z.string().min(1),
      /** Signs Kuaidi100's pushes to our callback (the subscription's `salt`). */
      callbackSalt: z.string().min(8),
      callbackUrl: z.url(),
    })
    .nullable(),
  /** Upload shipping information to WeChat after shipping (required for trading mini-programs). */
  wechatShippingUpload: z.boolean(),
  warehouse: z.enum(WAREHOUSE_MODES),
  warehouseUrl: z.url().optional(),
  warehouseSecret: z.string().min(32, 'must be at least 32 characters').optional(),
  /** Where the warehouse calls us back (signed). */
  warehouseCallbackUrl: z.url(),
});

function refineFulfilmentConfig(mode: Mode, f: z.infer<typeof FulfilmentConfigSchema>, ctx: z.RefinementCtx) {
  const issue = (path: string, message: string) =>
    ctx.addIssue({ code: 'custom', path: ['fulfilment', ...path.split('.')], message });
  if (f.warehouse !== 'none' && !f.warehouseUrl) issue('warehouseUrl', 'WAREHOUSE_URL is required');
  if (f.warehouse !== 'none' && !f.warehouseSecret) issue('warehouseSecret', 'WAREHOUSE_SECRET is required');
  if (mode !== 'production') return;
  if (f.warehouse === 'sandbox') issue('warehouse', 'the sandbox warehouse is refused in production');
  const local = /\/sandbox\b|127\.0\.0\.1|localhost/;
  if (f.warehouseUrl && local.test(f.warehouseUrl)) issue('warehouseUrl', 'points at a sandbox or localhost');
  if (f.kuaidi100 && local.test(f.kuaidi100.baseUrl)) issue('kuaidi100.baseUrl', 'points at a sandbox or localhost');
}

function fulfilmentConfigFrom(
  env: Env,
  at: { mode: Mode; sandbox: boolean; publicBaseUrl: string; dataDir: string },
): Record<string, unknown> {
  const { sandbox, publicBaseUrl, dataDir, mode } = at;
  const customer = env.KUAIDI100_CUSTOMER ?? (sandbox ? 'SANDBOXCUSTOMER' : undefined);
  const key =
    env.KUAIDI100_KEY ?? (sandbox ? persistedSecret(path.join(dataDir, 'sandbox'), 'kuaidi100-key', 12) : undefined);
  const warehouse = env.WAREHOUSE_MODE ?? (mode === 'quickstart' && sandbox ? 'sandbox' : 'none');
  return {
    autoConfirmReceiptDays: Number(env.ORDER_AUTO_CONFIRM_DAYS ?? 10),
    afterSalesDays: Number(env.ORDER_AFTER_SALES_DAYS ?? 7),
    trackingPollMs: Number(env.LOGISTICS_POLL_MS ?? (mode === 'test' ? 100 : 4 * 3_600_000)),
    kuaidi100:
      customer && key
        ? {
            baseUrl:
              env.KUAIDI100_BASE_URL ?? (sandbox ? `${publicBaseUrl}/sandbox/kuaidi100` : 'https://poll.kuaidi100.com'),
            customer,
            key,
            callbackSalt:
              env.KUAIDI100_CALLBACK_SALT ??
              (mode === 'production' ? '' : persistedSecret(dataDir, 'kuaidi100-salt', 16)),
            callbackUrl: env.KUAIDI100_CALLBACK_URL ?? `${publicBaseUrl}/api/logistics/kuaidi100/notify`,
          }
        : null,
    wechatShippingUpload: env.WECHAT_SHIPPING_UPLOAD !== 'off',
    warehouse,
    warehouseUrl:
      env.WAREHOUSE_URL ?? (warehouse === 'sandbox' ? `${publicBaseUrl}/sandbox/warehouse/orders` : undefined),
    warehouseSecret:
      env.WAREHOUSE_SECRET ??
      (warehouse === 'sandbox' ? persistedSecret(path.join(dataDir, 'sandbox'), 'warehouse-secret') : undefined),
    warehouseCallbackUrl: env.WAREHOUSE_CALLBACK_URL ?? `${publicBaseUrl}/api/fulfilment/warehouse/callback`,
  };
}

const pem = z.string().includes('-----BEGIN', { message: 'is not PEM text' });

export const ConfigSchema = z
  .object({
    mode: z.enum(MODES),
    port: z.coerce.number().int().min(0).max(65535),
    /** Where this api is reachable by the platforms (notify URLs are built from it). */
    publicBaseUrl: z.url(),
    dataDir: z.string().min(1),
    databaseUrl: z.string().regex(/^(mysql|mariadb|sqlite):/, 'must be a mysql:// or sqlite: URL'),
    redisUrl: z
      .string()
      .regex(/^rediss?:\/\//, 'must be a redis:// URL')
      .optional(),
    /** Bull keys and rate-limit keys live under this prefix, so test files and deployments stay apart. */
    redisPrefix: z.string().min(1),
    jwtSecret: z.string().min(32, 'must be at least 32 characters'),
    /** AES-256-GCM key for members' personal data at rest (ID numbers), base64 of 32 bytes. */
    memberDataKey: z
      .string()
      .refine((v) => Buffer.from(v, 'base64').length === 32, 'must be the base64 of exactly 32 bytes'),
    admin: z.object({ username: z.string().min(3), password: z.string().min(10).optional() }),
    orders: z.object({
      /** Unpaid orders are cancelled after this many minutes (WeChat prepay ids live 2 hours). */
      paymentTimeoutMinutes: z.number().int().min(1).max(110),
      /** 提醒发货: a member may remind the shop about one order once in this many hours. */
      shippingReminderHours: z.number().min(0).max(720),
    }),
    aftersales: z.object({
      /** Where members send goods back (shown on an approved return or exchange). */
      returnAddress: z.string().min(5).max(200),
      /** An exchange completes this many days after its replacement was delivered, unless the member confirmed. */
      exchangeAutoCompleteDays: z.number().min(0).max(60),
      /** Member after-sales photos: images only, at most this large, at most this many new ones a day. */
      maxPhotoBytes: z.number().int().min(1),
      photosPerDay: z.number().int().min(1),
    }),
    catalog: z.object({
      /** Refused in product and share copy (config/forbidden-words.json unless overridden). */
      forbiddenWords: z.array(z.string().min(1)).min(1, 'the forbidden-word list is empty'),
      /** Phrases that contain a forbidden word but are allowed (最佳赏味期). */
      allowedPhrases: z.array(z.string().min(1)),
      /** Uploaded media live here (local storage), served under /media/uploads. */
      mediaDir: z.string().min(1),
      maxImageBytes: z.number().int().min(1),
      maxVideoBytes: z.number().int().min(1),
    }),
    /** Levels and points (README "Levels and points"). Rewards for referrals are points only, never cash. */
    loyalty: z.object({
      /** Spend counted by the level rules: paid minus refunded within this many days. */
      spendWindowDays: z.number().int().min(1).max(3_650),
      /** After an upgrade or an admin change, the nightly job does not lower the level for this many days. */
      levelHoldDays: z.number().int().min(0).max(3_650),
      /** A points lot expires after this many days; null = at the end of next calendar year. */
      pointsExpiryDays: z.number().int().min(1).max(3_650).nullable(),
      /** "Expiring soon" on the balance covers this many days. */
      expiringSoonDays: z.number().int().min(1).max(365),
      signInPoints: z.number().int().min(0).max(10_000),
      referralInviterPoints: z.number().int().min(0).max(100_000),
      referralInviteePoints: z.number().int().min(0).max(100_000),
    }),
    /** Team growth (issue 11): periodic team rankings. */
    teamGrowth: z.object({
      /** Ranking periods, in Beijing time: calendar months (default) or ISO weeks. */
      rankingPeriod: z.enum(['monthly', 'weekly']),
      /** How many entries a ranking shows members (the frozen snapshot keeps every ranked team). */
      rankingSize: z.number().int().min(1).max(100),
      /** The open period's ranking is kept this long in each process (0: always read). */
      rankingCacheMs: z.number().int().min(0).max(3_600_000),
    }),
    referral: z.object({
      bindingMode: z.enum(BINDING_MODES),
      overrideDays: z.number().int().min(1).max(365),
    }),
    /** SQL_TRACE=true: every SQL statement goes to the log at info (scripts/bench/order-create.mjs; never in production). */
    sqlTrace: z.boolean(),
    /** Checkout (issue 10): points paying part of an order (积分抵扣). */
    checkout: z.object({
      /** How many points make one yuan (100: 1 point = 1 fen). */
      pointsPerYuan: z.number().int().min(1).max(1_000_000),
      /** Points pay at most this share of the order's items amount, in basis points (0 turns points off). */
      pointsCapBps: z.number().int().min(0).max(10_000),
    }),
    /**
     * Bearer token Prometheus must send to GET /metrics. Without one, /metrics is open in quickstart and test and
     * refused in production.
     */
    metricsToken: z.string().min(16, 'must be at least 16 characters').optional(),
    rateLimit: z.object({
      loginPerMinute: z.number().int().min(1),
      ordersPerMinute: z.number().int().min(1),
      /** Flash-sale grabs (issue 12), per member and per client address. */
      flashGrabsPerMinute: z.number().int().min(1),
      flashGrabsPerIpPerMinute: z.number().int().min(1),
    }),
    sandbox: z.boolean(),
    serveH5Dir: z.string().optional(),
    runWorkerInProcess: z.boolean(),
    /** The router checks each answer against its contract (a development check: production answers unchecked). */
    checkResponses: z.boolean(),
    wechat: z.object({ appId: z.string().min(1), appSecret: z.string().min(1), apiBaseUrl: z.url() }),
    /** Share links, mini-program codes and team-notice subscribe messages (sharing and messages modules). */
    sharing: z.object({
      h5BaseUrl: z.url(),
      wxacodeEnvVersion: z.enum(['release', 'trial', 'develop']),
      /** Subscribe-message template for team notices; without one, notices go to the inbox only. */
      noticeTemplateId: z.string().min(1).optional(),
      miniprogramState: z.enum(['developer', 'trial', 'formal']),
    }),
    wechatpay: z.object({
      appId: z.string().min(1),
      mchId: z.string().min(1),
      merchantSerialNo: z.string().min(1),
      merchantPrivateKeyPem: pem,
      apiV3Key: z.string().length(32, 'must be exactly 32 bytes'),
      platformPublicKeys: z.array(z.object({ id: z.string().startsWith('PUB_KEY_ID_'), pem })),
      platformCertificates: z.array(z.object({ serialNo: z.string().min(1), pem })),
      baseUrl: z.url(),
      notifyUrl: z.url(),
    }),
    /** Alipay (issue 10). null when the channel is off: production without ALIPAY_APP_ID. */
    alipay: z
      .object({
        appId: z.string().min(1),
        /** The merchant's Alipay user id (2088...): notifications must name it as seller_id. */
        sellerId: z.string().min(1),
        appPrivateKeyPem: pem,
        alipayPublicKeyPem: pem,
        gateway: z.url(),
        notifyUrl: z.url(),
        /** Where the H5 cashier returns the buyer (the order page); a payment is proven only by the notification. */
        returnUrl: z.url(),
      })
      .nullable(),
    /** Bank transfer (issue 10). null when the channel is off: production without OFFLINE_ACCOUNT_NO. */
    offline: z
      .object({
        bankName: z.string().min(1),
        accountName: z.string().min(1),
        accountNo: z.string().min(1),
        /** Transfers above this need a second, different admin to confirm (maker-checker). */
        dualControlAboveFen: z.number().int().min(0),
        /** How long an order waits for a transfer before it is cancelled. */
        deadlineHours: z
          .number()
          .int()
          .min(1)
          .max(24 * 30),
      })
      .nullable(),
    fulfilment: FulfilmentConfigSchema,
    /** Distribution and commission (config/distribution.json): checked by the compliance guard below. */
    distribution: z.custom<DistributionPolicy>((v) => typeof v === 'object' && v !== null, 'must be an object'),
    /** Withdrawals (issue 11, 提现): amounts in fen, rates in bps; limits per member per Beijing calendar day. */
    withdrawals: z.object({
      minFen: z.number().int().min(1),
      feeBps: z.number().int().min(0).max(10_000),
      feeFixedFen: z.number().int().min(0),
      dailyCount: z.number().int().min(1),
      dailyAmountFen: z.number().int().min(1),
      /** Withdrawals above this need a second, different admin to approve (maker-checker). */
      dualReviewAboveFen: z.number().int().min(0),
      /** WeChat merchant transfer: the scene (佣金报酬) and its report infos, as agreed with WeChat Pay. */
      transferSceneId: z.string().regex(/^\d{4}$/),
      transferReportInfos: z.array(
        z.object({ infoType: z.string().min(1).max(15), infoContent: z.string().min(1).max(32) }),
      ),
      transferNotifyUrl: z.url(),
      /** A bill not finished this long after it was made is queried (a lost notification). */
      transferQueryAfterMinutes: z.number().int().min(1),
      /**
       * Fund-risk thresholds (资金风控): a withdrawal that trips one waits for finance to resolve the alert. 0 turns
       * a rule off.
       */
      risk: z.object({
        /** A withdrawal of at least this much. */
        largeAmountFen: z.number().int().min(0),
        /** This many withdrawals (this one included) within `frequentHours`. */
        frequentCount: z.number().int().min(0),
        frequentHours: z
          .number()
          .int()
          .min(1)
          .max(24 * 30),
        /** A withdrawal within this many days of joining. */
        newMemberDays: z.number().int().min(0),
        /** A bank card or phone number used by at least this many members (2: anyone else). */
        sharedIdentityMembers: z
          .number()
          .int()
          .min(0)
          .refine((n) => n !== 1, 'is 0 (off) or at least 2: one member alone shares nothing'),
        /** Commission accrued in the last 7 days at least this many times the member's weekly average before... */
        spikeFactor: z.number().int().min(0),
        /** ...and at least this much (small amounts never spike). */
        spikeMinFen: z.number().int().min(0),
      }),
    }),
    /** Daily payment reconciliation (issue 10). */
    reconciliation: z.object({
      /** When yesterday's bills are fetched (cron, Beijing time); null: no daily run (admins still run it). */
      cron: z
        .string()
        .regex(/^\S+( \S+){4}$/, 'must be a five-field cron expression (or "off")')
        .nullable(),
    }),
    /** Finance reports (issue 11): the payment channels' fee rates (bps of what is paid) and where exports go. */
    reports: z.object({
      paymentFeeBps: z.object({
        wechatpay: z.number().int().min(0).max(10_000),
        alipay: z.number().int().min(0).max(10_000),
        offline: z.number().int().min(0).max(10_000),
      }),
      exportDir: z.string().min(1),
    }),
  })
  .superRefine((c, ctx) => {
    refineFulfilmentConfig(c.mode, c.fulfilment, ctx);
    // the compliance guard: three levels, a paid entry or cash on recruits or team results stop the boot
    for (const v of checkDistributionPolicy(c.distribution)) {
      ctx.addIssue({
        code: 'custom',
        path: ['distribution', ...(v.field ? v.field.split('.') : [])],
        message: `${v.code}: ${v.message}`,
      });
    }
    if (c.distribution.freezeDays < c.fulfilment.afterSalesDays)
      ctx.addIssue({
        code: 'custom',
        path: ['distribution', 'freezeDays'],
        message: `${c.distribution.freezeDays} days would release commission while a refund can still be asked (after-sales window ${c.fulfilment.afterSalesDays} days)`,
      });
    const wp = c.wechatpay;
    if (wp.platformPublicKeys.length + wp.platformCertificates.length === 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['wechatpay', 'platformPublicKeys'],
        message: 'set WECHATPAY_PLATFORM_PUBLIC_KEY_FILE (+_ID) or WECHATPAY_PLATFORM_CERT_FILE',
      });
    }
    if (c.mode !== 'production') return;
    if (c.sandbox) ctx.addIssue({ code: 'custom', path: ['sandbox'], message: 'sandboxes are refused in production' });
    if (c.databaseUrl.startsWith('sqlite:'))
      ctx.addIssue({ code: 'custom', path: ['databaseUrl'], message: 'SQLite is refused in production' });
    if (!c.redisUrl) ctx.addIssue({ code: 'custom', path: ['redisUrl'], message: 'REDIS_URL is required' });
    if (!c.admin.password)
      ctx.addIssue({ code: 'custom', path: ['admin', 'password'], message: 'ADMIN_PASSWORD is required' });
    for (const [name, url] of [
      ['wechat.apiBaseUrl', c.wechat.apiBaseUrl],
      ['wechatpay.baseUrl', c.wechatpay.baseUrl],
      ['wechatpay.notifyUrl', c.wechatpay.notifyUrl],
      ...(c.alipay
        ? ([
            ['alipay.gateway', c.alipay.gateway],
            ['alipay.notifyUrl', c.alipay.notifyUrl],
          ] as const)
        : []),
    ] as const) {
      if (/\/sandbox\b|127\.0\.0\.1|localhost/.test(url))
        ctx.addIssue({ code: 'custom', path: name.split('.'), message: `${name} points at a sandbox or localhost` });
    }
  });

export type Config = z.infer<typeof ConfigSchema>;
export type Env = Record<string, string | undefined>;

export class ConfigError extends Error {
  constructor(issues: string[]) {
    super(`invalid configuration:\n  - ${issues.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

export function resolveMode(env: Env): Mode {
  if (env.NODE_ENV === 'production') return 'production';
  if (env.NODE_ENV === 'test' || env.JEST_WORKER_ID) return 'test';
  return 'quickstart';
}

function readPemFile(file: string | undefined, name: string): string | undefined {
  if (!file) return undefined;
  if (!existsSync(file)) throw new ConfigError([`${name}: file ${file} does not exist`]);
  return readFileSync(file, 'utf8');
}

/** A secret kept under dataDir, made once: quickstart needs no configuration and survives restarts. */
export function persistedSecret(dataDir: string, name: string, bytes = 32): string {
  const file = path.join(dataDir, `${name}.secret`);
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true });
  const value = randomBytes(bytes).toString('base64url');
  writeFileSync(file, value, { mode: 0o600 });
  return value;
}

/** What the WeChat sandbox generated; the config reads the same material the sandbox signs with. */
export interface SandboxWechatMaterial {
  appId: string;
  appSecret: string;
  mchId: string;
  merchantSerialNo: string;
  merchantPrivateKeyPem: string;
  apiV3Key: string;
  platformPublicKeyId: string;
  platformPublicKeyPem: string;
  platformCertificatePem: string;
  platformCertificateSerialNo: string;
}

export interface LoadConfigOptions {
  /** Called only when sandboxes are on; returns the sandbox's key material (generated on first run). */
  sandboxKeys?: (dir: string) => SandboxWechatMaterial;
  /** Called only when sandboxes are on; the Alipay sandbox's keys (app and "Alipay" RSA2 pairs). */
  alipaySandboxKeys?: (dir: string) => SandboxAlipayMaterial;
  overrides?: Partial<Config>;
}

/** What the Alipay sandbox generated (integrations/alipay/sandbox-keys.ts). */
export interface SandboxAlipayMaterial {
  appId: string;
  sellerId: string;
  appPrivateKeyPem: string;
  alipayPublicKeyPem: string;
}

export function loadConfig(env: Env = process.env, options: LoadConfigOptions = {}): Config {
  const mode = resolveMode(env);
  const port = Number(env.PORT ?? (mode === 'test' ? 0 : 3000));
  const dataDir = path.resolve(env.DATA_DIR ?? path.join(REPO_DIR, 'data'));
  const publicBaseUrl = env.PUBLIC_BASE_URL ?? `http://127.0.0.1:${port}`;
  const sandbox = mode !== 'production' && env.SANDBOX !== 'off';
  const sandboxKeys = sandbox && options.sandboxKeys ? options.sandboxKeys(path.join(dataDir, 'sandbox')) : undefined;

  const platformPublicKeyPem = readPemFile(
    env.WECHATPAY_PLATFORM_PUBLIC_KEY_FILE,
    'WECHATPAY_PLATFORM_PUBLIC_KEY_FILE',
  );
  const platformCertPem = readPemFile(env.WECHATPAY_PLATFORM_CERT_FILE, 'WECHATPAY_PLATFORM_CERT_FILE');
  const platformPublicKeys = platformPublicKeyPem
    ? [{ id: env.WECHATPAY_PLATFORM_PUBLIC_KEY_ID ?? '', pem: platformPublicKeyPem }]
    : sandboxKeys
      ? [{ id: sandboxKeys.platformPublicKeyId, pem: sandboxKeys.platformPublicKeyPem }]
      : [];
  const platformCertificates = platformCertPem
    ? [{ serialNo: env.WECHATPAY_PLATFORM_CERT_SERIAL_NO ?? certificateSerial(platformCertPem), pem: platformCertPem }]
    : sandboxKeys && !platformPublicKeyPem
      ? [{ serialNo: sandboxKeys.platformCertificateSerialNo, pem: sandboxKeys.platformCertificatePem }]
      : [];

  const raw = {
    mode,
    port,
    publicBaseUrl,
    dataDir,
    databaseUrl:
      env.DATABASE_URL ??
      (mode === 'quickstart' ? `sqlite:${path.join(dataDir, 'mall.sqlite')}` : 'mysql://root@127.0.0.1:3306/test'),
    redisUrl: env.REDIS_URL ?? (mode === 'test' ? 'redis://127.0.0.1:6379' : undefined),
    redisPrefix: env.REDIS_PREFIX ?? 'mall',
    jwtSecret: env.JWT_SECRET ?? (mode === 'production' ? '' : persistedSecret(dataDir, 'jwt')),
    memberDataKey:
      env.MEMBER_DATA_KEY ??
      (mode === 'production' ? '' : persistedSecret(path.join(dataDir, 'sandbox'), 'member-data-key')),
    admin: { username: env.ADMIN_USERNAME ?? 'admin', password: env.ADMIN_PASSWORD },
    orders: {
      paymentTimeoutMinutes: Number(env.ORDER_PAYMENT_TIMEOUT_MINUTES ?? 30),
      shippingReminderHours: Number(env.ORDER_SHIPPING_REMINDER_HOURS ?? 24),
    },
    aftersales: {
      returnAddress:
        env.AFTERSALES_RETURN_ADDRESS ?? '售后组 0571-88000000 浙江省杭州市余杭区仓前街道文一西路 1 号 退货仓',
      exchangeAutoCompleteDays: Number(env.AFTERSALES_EXCHANGE_AUTO_COMPLETE_DAYS ?? 7),
      maxPhotoBytes: Number(env.AFTERSALES_MAX_PHOTO_BYTES ?? 5 * 1024 * 1024),
      photosPerDay: Number(env.AFTERSALES_PHOTOS_PER_DAY ?? 60),
    },
    catalog: {
      ...loadCopyRules(env),
      mediaDir: env.MEDIA_DIR ?? path.join(dataDir, 'media', 'uploads'),
      maxImageBytes: Number(env.MEDIA_MAX_IMAGE_BYTES ?? 5 * 1024 * 1024),
      maxVideoBytes: Number(env.MEDIA_MAX_VIDEO_BYTES ?? 50 * 1024 * 1024),
    },
    loyalty: {
      spendWindowDays: Number(env.LEVEL_SPEND_WINDOW_DAYS ?? 365),
      levelHoldDays: Number(env.LEVEL_HOLD_DAYS ?? 30),
      pointsExpiryDays: env.POINTS_EXPIRY_DAYS ? Number(env.POINTS_EXPIRY_DAYS) : null,
      expiringSoonDays: Number(env.POINTS_EXPIRING_SOON_DAYS ?? 30),
      signInPoints: Number(env.POINTS_SIGN_IN ?? 5),
      referralInviterPoints: Number(env.POINTS_REFERRAL_INVITER ?? 100),
      referralInviteePoints: Number(env.POINTS_REFERRAL_INVITEE ?? 50),
    },
    teamGrowth: {
      rankingPeriod: env.TEAM_RANKING_PERIOD ?? 'monthly',
      rankingSize: Number(env.TEAM_RANKING_SIZE ?? 20),
      rankingCacheMs: Number(env.TEAM_RANKING_CACHE_SECONDS ?? 60) * 1000,
    },
    referral: {
      bindingMode: env.REFERRAL_BINDING_MODE ?? 'first_touch',
      overrideDays: Number(env.REFERRAL_OVERRIDE_DAYS ?? 30),
    },
    sqlTrace: env.SQL_TRACE === 'true' && mode !== 'production',
    checkout: {
      pointsPerYuan: Number(env.POINTS_PER_YUAN ?? 100),
      pointsCapBps: Number(env.POINTS_CAP_BPS ?? 5_000),
    },
    metricsToken: env.METRICS_TOKEN || undefined,
    rateLimit: {
      loginPerMinute: Number(env.RATE_LIMIT_LOGIN_PER_MINUTE ?? (mode === 'test' ? 1000 : 20)),
      ordersPerMinute: Number(env.RATE_LIMIT_ORDERS_PER_MINUTE ?? (mode === 'test' ? 1000 : 30)),
      flashGrabsPerMinute: Number(env.RATE_LIMIT_FLASH_PER_MINUTE ?? (mode === 'test' ? 1000 : 60)),
      flashGrabsPerIpPerMinute: Number(env.RATE_LIMIT_FLASH_IP_PER_MINUTE ?? (mode === 'test' ? 100_000 : 600)),
    },
    sandbox,
    serveH5Dir: env.SERVE_H5_DIR,
    runWorkerInProcess: env.RUN_WORKER_IN_PROCESS ? env.RUN_WORKER_IN_PROCESS === 'true' : mode !== 'production',
    checkResponses: env.CHECK_RESPONSES ? env.CHECK_RESPONSES === 'true' : mode !== 'production',
    wechat: {
      appId: env.WECHAT_APPID ?? sandboxKeys?.appId,
      appSecret: env.WECHAT_APPSECRET ?? sandboxKeys?.appSecret,
      apiBaseUrl:
        env.WECHAT_API_BASE_URL ?? (sandbox ? `${publicBaseUrl}/sandbox/wechat` : 'https://api.weixin.qq.com'),
    },
    sharing: {
      h5BaseUrl: env.SHARE_H5_BASE_URL ?? publicBaseUrl,
      wxacodeEnvVersion: env.WECHAT_WXACODE_ENV_VERSION ?? 'release',
      noticeTemplateId: env.WECHAT_NOTICE_TEMPLATE_ID ?? (sandbox ? 'sandbox-team-notice' : undefined),
      miniprogramState: env.WECHAT_MINIPROGRAM_STATE ?? 'formal',
    },
    wechatpay: {
      appId: env.WECHAT_APPID ?? sandboxKeys?.appId,
      mchId: env.WECHATPAY_MCHID ?? sandboxKeys?.mchId,
      merchantSerialNo: env.WECHATPAY_SERIAL_NO ?? sandboxKeys?.merchantSerialNo,
      merchantPrivateKeyPem:
        readPemFile(env.WECHATPAY_PRIVATE_KEY_FILE, 'WECHATPAY_PRIVATE_KEY_FILE') ?? sandboxKeys?.merchantPrivateKeyPem,
      apiV3Key: env.WECHATPAY_APIV3_KEY ?? sandboxKeys?.apiV3Key,
      platformPublicKeys,
      platformCertificates,
      baseUrl:
        env.WECHATPAY_BASE_URL ?? (sandbox ? `${publicBaseUrl}/sandbox/wechatpay` : 'https://api.mch.weixin.qq.com'),
      notifyUrl: env.WECHATPAY_NOTIFY_URL ?? `${publicBaseUrl}/api/payments/wechat/notify`,
    },
    alipay: alipayConfig(env, { mode, sandbox, publicBaseUrl, dataDir }, options.alipaySandboxKeys),
    offline: offlineConfig(env, mode),
    fulfilment: fulfilmentConfigFrom(env, { mode, sandbox, publicBaseUrl, dataDir }),
    distribution: loadDistributionPolicy(env),
    withdrawals: withdrawalsConfig(env, publicBaseUrl),
    // WeChat Pay's bill of a day is out after 10:00 the next day
    reconciliation: { cron: env.RECONCILE_CRON === 'off' ? null : (env.RECONCILE_CRON ?? '30 10 * * *') },
    // WeChat Pay and Alipay charge 0.6% on most merchant categories; a bank transfer costs the shop nothing here
    reports: {
      paymentFeeBps: {
        wechatpay: Number(env.REPORT_FEE_BPS_WECHATPAY ?? 60),
        alipay: Number(env.REPORT_FEE_BPS_ALIPAY ?? 60),
        offline: Number(env.REPORT_FEE_BPS_OFFLINE ?? 0),
      },
      exportDir: env.REPORT_EXPORT_DIR ?? path.join(dataDir, 'exports'),
    },
    ...options.overrides,
  };
  // jitless: parsed once per process, so zod's compiled fast path would cost more to build than it saves
  const parsed = ConfigSchema.safeParse(raw, { jitless: true });
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`));
  }
  return Object.freeze(parsed.data);
}

/**
 * loadConfig that also hands back the sandbox key material it read (or generated), so the composition root
 * passes that one copy to the sandbox routes instead of reading the key files a second time.
 */
export function loadConfigWithSandbox<M extends SandboxWechatMaterial, A extends SandboxAlipayMaterial>(
  env: Env,
  ensureSandboxKeys: (dir: string) => M,
  ensureAlipaySandboxKeys?: (dir: string) => A,
): { config: Config; sandboxKeys?: M; alipaySandboxKeys?: A } {
  let sandboxKeys: M | undefined;
  let alipaySandboxKeys: A | undefined;
  const config = loadConfig(env, {
    sandboxKeys: (dir) => (sandboxKeys = ensureSandboxKeys(dir)),
    alipaySandboxKeys: ensureAlipaySandboxKeys && ((dir) => (alipaySandboxKeys = ensureAlipaySandboxKeys(dir))),
  });
  return { config, sandboxKeys, alipaySandboxKeys };
}

/**
 * Alipay: ALIPAY_* from the environment, else (sandboxes on) the sandbox's generated keys and gateway. Variables
 * that are set override the sandbox's, so a test can sign notifications with keys of its own. In production the
 * channel is on only with ALIPAY_APP_ID, and then every key is required (the schema names what is missing).
 */
function alipayConfig(
  env: Env,
  at: { mode: Mode; sandbox: boolean; publicBaseUrl: string; dataDir: string },
  sandboxKeys?: (dir: string) => SandboxAlipayMaterial,
) {
  // off without ALIPAY_APP_ID unless an Alipay sandbox is there to stand in (a caller that gives none turns it off)
  if (!env.ALIPAY_APP_ID && !(at.sandbox && sandboxKeys)) return null;
  const keys = at.sandbox && sandboxKeys ? sandboxKeys(path.join(at.dataDir, 'sandbox')) : undefined;
  return {
    appId: env.ALIPAY_APP_ID ?? keys?.appId,
    sellerId: env.ALIPAY_SELLER_ID ?? keys?.sellerId,
    appPrivateKeyPem: readPemFile(env.ALIPAY_PRIVATE_KEY_FILE, 'ALIPAY_PRIVATE_KEY_FILE') ?? keys?.appPrivateKeyPem,
    alipayPublicKeyPem: readPemFile(env.ALIPAY_PUBLIC_KEY_FILE, 'ALIPAY_PUBLIC_KEY_FILE') ?? keys?.alipayPublicKeyPem,
    gateway:
      env.ALIPAY_GATEWAY ??
      (at.sandbox ? `${at.publicBaseUrl}/sandbox/alipay/gateway.do` : 'https://openapi.alipay.com/gateway.do'),
    notifyUrl: env.ALIPAY_NOTIFY_URL ?? `${at.publicBaseUrl}/api/payments/alipay/notify`,
    returnUrl: env.ALIPAY_RETURN_URL ?? `${env.SHARE_H5_BASE_URL ?? at.publicBaseUrl}/#/pages/orders/index`,
  };
}

/** Bank transfer: OFFLINE_* from the environment; outside production a demo account when none is set. */
function offlineConfig(env: Env, mode: Mode) {
  if (mode === 'production' && !env.OFFLINE_ACCOUNT_NO) return null;
  return {
    bankName: env.OFFLINE_BANK_NAME ?? '招商银行（演示）',
    accountName: env.OFFLINE_ACCOUNT_NAME ?? '演示商贸有限公司',
    accountNo: env.OFFLINE_ACCOUNT_NO ?? '6214 8300 0000 0000',
    dualControlAboveFen: Number(env.OFFLINE_DUAL_CONTROL_ABOVE_FEN ?? 500_000),
    deadlineHours: Number(env.OFFLINE_DEADLINE_HOURS ?? 72),
  };
}

/** Withdrawals: WITHDRAW_* from the environment (the schema refuses a value that is not a whole number). */
function withdrawalsConfig(env: Env, publicBaseUrl: string) {
  const int = (name: string, fallback: number) => (env[name] === undefined ? fallback : Number(env[name]));
  return {
    minFen: int('WITHDRAW_MIN_FEN', 100),
    feeBps: int('WITHDRAW_FEE_BPS', 0),
    feeFixedFen: int('WITHDRAW_FEE_FIXED_FEN', 0),
    dailyCount: int('WITHDRAW_DAILY_COUNT', 3),
    dailyAmountFen: int('WITHDRAW_DAILY_AMOUNT_FEN', 5_000_000),
    dualReviewAboveFen: int('WITHDRAW_DUAL_REVIEW_ABOVE_FEN', 500_000),
    transferSceneId: env.WITHDRAW_TRANSFER_SCENE_ID ?? '1005',
    transferReportInfos: [
      { infoType: '岗位类型', infoContent: env.WITHDRAW_TRANSFER_JOB_TYPE ?? '分销推广' },
      { infoType: '报酬说明', infoContent: env.WITHDRAW_TRANSFER_PAY_NOTE ?? '推广佣金提现' },
    ],
    transferNotifyUrl: env.WITHDRAW_TRANSFER_NOTIFY_URL ?? `${publicBaseUrl}/api/withdrawals/wechat/notify`,
    transferQueryAfterMinutes: int('WITHDRAW_TRANSFER_QUERY_AFTER_MINUTES', 10),
    risk: {
      largeAmountFen: int('RISK_LARGE_WITHDRAWAL_FEN', 200_000),
      frequentCount: int('RISK_FREQUENT_WITHDRAWALS', 5),
      frequentHours: int('RISK_FREQUENT_HOURS', 24),
      newMemberDays: int('RISK_NEW_MEMBER_DAYS', 7),
      sharedIdentityMembers: int('RISK_SHARED_IDENTITY_MEMBERS', 2),
      spikeFactor: int('RISK_COMMISSION_SPIKE_FACTOR', 5),
      spikeMinFen: int('RISK_COMMISSION_SPIKE_MIN_FEN', 50_000),
    },
  };
}

const DEFAULT_DISTRIBUTION_POLICY_FILE = path.join(REPO_DIR, 'config/distribution.json');

/**
 * The distribution policy: config/distribution.json, or the file at DISTRIBUTION_POLICY_FILE instead; fields it
 * leaves out keep the defaults of `DEFAULT_DISTRIBUTION_POLICY`. The schema's guard checks what comes out.
 */
export function loadDistributionPolicy(env: Env): unknown {
  const file = env.DISTRIBUTION_POLICY_FILE ?? DEFAULT_DISTRIBUTION_POLICY_FILE;
  if (!existsSync(file)) throw new ConfigError([`DISTRIBUTION_POLICY_FILE: file ${file} does not exist`]);
  let policy: unknown;
  try {
    policy = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    throw new ConfigError([`DISTRIBUTION_POLICY_FILE: ${file} is not JSON`]);
  }
  if (typeof policy !== 'object' || policy === null || Array.isArray(policy)) return policy;
  const { $comment: _comment, ...fields } = policy as Record<string, unknown>;
  return { ...DEFAULT_DISTRIBUTION_POLICY, ...fields };
}

const DEFAULT_FORBIDDEN_WORDS_FILE = path.join(REPO_DIR, 'config/forbidden-words.json');

/**
 * The copy-check word list: config/forbidden-words.json (groups of words plus an "allowed" list), or the file at
 * FORBIDDEN_WORDS_FILE instead, plus the comma-separated FORBIDDEN_WORDS_EXTRA.
 */
export function loadCopyRules(env: Env): { forbiddenWords: string[]; allowedPhrases: string[] } {
  const file = env.FORBIDDEN_WORDS_FILE ?? DEFAULT_FORBIDDEN_WORDS_FILE;
  if (!existsSync(file)) throw new ConfigError([`FORBIDDEN_WORDS_FILE: file ${file} does not exist`]);
  let groups: Record<string, unknown>;
  try {
    groups = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  } catch {
    throw new ConfigError([`FORBIDDEN_WORDS_FILE: ${file} is not JSON`]);
  }
  const words = (key: string) =>
    Array.isArray(groups[key]) ? (groups[key] as unknown[]).filter((w): w is string => typeof w === 'string') : [];
  const extra = (env.FORBIDDEN_WORDS_EXTRA ?? '').split(',').map((w) => w.trim());
  const forbidden = Object.keys(groups)
    .filter((k) => k !== 'allowed' && !k.startsWith('$'))
    .flatMap(words)
    .concat(extra)
    .filter(Boolean);
  return { forbiddenWords: [...new Set(forbidden)], allowedPhrases: words('allowed') };
}

function certificateSerial(certPem: string): string {
  return new X509Certificate(certPem).serialNumber;
}
