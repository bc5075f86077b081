import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ensureSandboxKeys } from '../integrations/wechatpay';
import { ConfigError, loadConfig, loadConfigWithSandbox } from './config';

const dir = mkdtempSync(path.join(os.tmpdir(), 'cfg-'));
const pemFile = (name: string) => {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const file = path.join(dir, name);
  writeFileSync(
    file,
    name.includes('public')
      ? publicKey.export({ type: 'spki', format: 'pem' })
      : privateKey.export({ type: 'pkcs8', format: 'pem' }),
  );
  return file;
};

const production = {
  NODE_ENV: 'production',
  DATA_DIR: dir,
  DATABASE_URL: 'mysql://mall:pw@db.internal:3306/mall',
  REDIS_URL: 'redis://cache.internal:6379',
  JWT_SECRET: 'x'.repeat(40),
  MEMBER_DATA_KEY: Buffer.alloc(32, 7).toString('base64'),
  ADMIN_PASSWORD: 'a-strong-password',
  PUBLIC_BASE_URL: 'https://mall.example.com',
  WECHAT_APPID: 'wx1234567890abcdef',
  WECHAT_APPSECRET: 'secret',
  WECHATPAY_MCHID: '1900000001',
  WECHATPAY_SERIAL_NO: '5157F09EFDC096DE15EBE81A47057A72',
  WECHATPAY_PRIVATE_KEY_FILE: pemFile('merchant-key.pem'),
  WECHATPAY_APIV3_KEY: 'k'.repeat(32),
  WECHATPAY_PLATFORM_PUBLIC_KEY_FILE: pemFile('platform-public.pem'),
  WECHATPAY_PLATFORM_PUBLIC_KEY_ID: 'PUB_KEY_ID_0114232134912410000000000000',
};

test('a complete production configuration boots with the real hosts', () => {
  const config = loadConfig(production);
  expect(config.sandbox).toBe(false);
  expect(config.wechatpay.baseUrl).toBe('https://api.mch.weixin.qq.com');
  expect(config.wechatpay.notifyUrl).toBe('https://mall.example.com/api/payments/wechat/notify');
});

test.each([
  ['SQLite', { DATABASE_URL: 'sqlite:/tmp/x.sqlite' }, /SQLite is refused/],
  ['a sandbox host', { WECHATPAY_BASE_URL: 'http://127.0.0.1:3000/sandbox/wechatpay' }, /sandbox or localhost/],
  ['no Redis', { REDIS_URL: undefined }, /REDIS_URL is required/],
  ['no APIv3 key', { WECHATPAY_APIV3_KEY: undefined }, /apiV3Key/],
  ['a short APIv3 key', { WECHATPAY_APIV3_KEY: 'short' }, /32 bytes/],
  ['no member data key', { MEMBER_DATA_KEY: undefined }, /memberDataKey/],
  ['a short member data key', { MEMBER_DATA_KEY: Buffer.alloc(16).toString('base64') }, /32 bytes/],
  ['no admin password', { ADMIN_PASSWORD: undefined }, /ADMIN_PASSWORD/],
  ['no platform key', { WECHATPAY_PLATFORM_PUBLIC_KEY_FILE: undefined }, /PLATFORM_PUBLIC_KEY_FILE/],
])('production refuses to boot with %s', (_name, change, message) => {
  expect(() => loadConfig({ ...production, ...change })).toThrow(ConfigError);
  expect(() => loadConfig({ ...production, ...change })).toThrow(message);
});

test('a configuration error never prints secret values', () => {
  try {
    loadConfig({ ...production, WECHATPAY_APIV3_KEY: 'short-secret-value' });
  } catch (error) {
    expect(String(error)).not.toContain('short-secret-value');
  }
});

test('the forbidden-word list comes from config/forbidden-words.json, or FORBIDDEN_WORDS_FILE, plus FORBIDDEN_WORDS_EXTRA', () => {
  const defaults = loadConfig(production).catalog;
  expect(defaults.forbiddenWords).toEqual(expect.arrayContaining(['拉人头', '入门费', '根治', '100%有效', '国家级']));
  expect(defaults.allowedPhrases).toContain('最佳赏味期');

  const file = path.join(dir, 'words.json');
  writeFileSync(file, JSON.stringify({ mine: ['神药'], allowed: ['神药谷'] }));
  const custom = loadConfig({
    ...production,
    FORBIDDEN_WORDS_FILE: file,
    FORBIDDEN_WORDS_EXTRA: '暴富, 秒杀一切',
  }).catalog;
  expect(custom.forbiddenWords).toEqual(['神药', '暴富', '秒杀一切']);
  expect(custom.allowedPhrases).toEqual(['神药谷']);

  expect(() => loadConfig({ ...production, FORBIDDEN_WORDS_FILE: path.join(dir, 'missing.json') })).toThrow(
    /FORBIDDEN_WORDS_FILE/,
  );
});

test('the referral binding mode defaults to first touch and refuses unknown modes or windows', () => {
  expect(loadConfig(production).referral).toEqual({ bindingMode: 'first_touch', overrideDays: 30 });
  expect(
    loadConfig({ ...production, REFERRAL_BINDING_MODE: 'overridable', REFERRAL_OVERRIDE_DAYS: '7' }).referral,
  ).toEqual({ bindingMode: 'overridable', overrideDays: 7 });
  expect(() => loadConfig({ ...production, REFERRAL_BINDING_MODE: 'last_touch' })).toThrow(/referral.bindingMode/);
  expect(() => loadConfig({ ...production, REFERRAL_OVERRIDE_DAYS: 'soon' })).toThrow(/referral.overrideDays/);
});

test('loyalty settings have documented defaults and refuse nonsense', () => {
  expect(loadConfig(production).loyalty).toEqual({
    spendWindowDays: 365,
    levelHoldDays: 30,
    pointsExpiryDays: null,
    expiringSoonDays: 30,
    signInPoints: 5,
    referralInviterPoints: 100,
    referralInviteePoints: 50,
  });
  expect(loadConfig({ ...production, POINTS_EXPIRY_DAYS: '90' }).loyalty.pointsExpiryDays).toBe(90);
  expect(() => loadConfig({ ...production, LEVEL_SPEND_WINDOW_DAYS: '0' })).toThrow(/loyalty.spendWindowDays/);
  expect(() => loadConfig({ ...production, POINTS_SIGN_IN: '-5' })).toThrow(/loyalty.signInPoints/);
});

test('share settings: share links on the public URL, no notice template in production unless set, enums checked', () => {
  const config = loadConfig(production);
  expect(config.sharing).toEqual({
    h5BaseUrl: production.PUBLIC_BASE_URL,
    wxacodeEnvVersion: 'release',
    noticeTemplateId: undefined,
    miniprogramState: 'formal',
  });
  expect(loadConfig({ ...production, WECHAT_NOTICE_TEMPLATE_ID: 'tpl-1' }).sharing.noticeTemplateId).toBe('tpl-1');
  expect(() => loadConfig({ ...production, WECHAT_WXACODE_ENV_VERSION: 'beta' })).toThrow(/wxacodeEnvVersion/);
  expect(() => loadConfig({ ...production, SHARE_H5_BASE_URL: 'not a url' })).toThrow(/h5BaseUrl/);
});

test('the sandbox key material is read once, and the same copy configures the gateway and the sandbox', () => {
  let calls = 0;
  const { config, sandboxKeys } = loadConfigWithSandbox(
    { NODE_ENV: 'test', DATA_DIR: mkdtempSync(path.join(os.tmpdir(), 'cfg-sandbox-')) },
    (keyDir) => {
      calls += 1;
      return ensureSandboxKeys(keyDir);
    },
  );
  expect(calls).toBe(1);
  expect(sandboxKeys?.mchId).toBe(config.wechatpay.mchId);
  expect(config.wechatpay.merchantPrivateKeyPem).toBe(sandboxKeys?.merchantPrivateKeyPem);
  expect(loadConfigWithSandbox(production, ensureSandboxKeys).sandboxKeys).toBeUndefined();
});

describe('the distribution policy passes the compliance guard at boot', () => {
  const policyFile = (policy: object) => {
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'dist-')), 'distribution.json');
    writeFileSync(file, JSON.stringify(policy));
    return file;
  };
  const boot = (policy: object) => () => loadConfig({ ...production, DISTRIBUTION_POLICY_FILE: policyFile(policy) });

  test('the shipped config/distribution.json boots, two levels with grades', () => {
    const config = loadConfig(production);
    expect(config.distribution.levels).toBe(2);
    expect(config.distribution.grades.map((g) => g.code)).toEqual(['silver', 'gold']);
  });

  test.each([
    ['three levels', { levels: 3, rateBps: [1000, 500, 200] }, /distribution\.levels: COMMISSION_TOO_DEEP: 3 levels/],
    ['a paid entry', { entry: { feeFen: 39900, minSpendFen: 0 } }, /distribution\.entry\.feeFen: PAID_ENTRY/],
    ['a spend threshold', { entry: { feeFen: 0, minSpendFen: 100000 } }, /SPEND_THRESHOLD_ENTRY/],
    [
      'a cash team reward',
      { teamRewards: [{ kind: 'cash', amount: 50000 }] },
      /teamRewards\.0\.kind: CASH_TEAM_REWARD/,
    ],
    ['cash per recruit', { referralReward: { kind: 'cash', amount: 1000 } }, /CASH_PER_RECRUIT/],
    ['a release before the after-sales window ends', { freezeDays: 3 }, /distribution\.freezeDays: 3 days/],
  ])('%s is refused with the reason', (_name, policy, reason) => {
    expect(boot(policy)).toThrow(ConfigError);
    expect(boot(policy)).toThrow(reason);
  });

  test('a missing or broken policy file is named', () => {
    expect(() => loadConfig({ ...production, DISTRIBUTION_POLICY_FILE: '/nope/distribution.json' })).toThrow(
      /DISTRIBUTION_POLICY_FILE: file \/nope\/distribution.json does not exist/,
    );
  });
});

test('fund-risk thresholds have defaults, 0 turns a rule off, and nonsense is refused', () => {
  expect(loadConfig(production).withdrawals.risk).toMatchObject({ largeAmountFen: 200_000, newMemberDays: 7 });
  expect(loadConfig({ ...production, RISK_NEW_MEMBER_DAYS: '0' }).withdrawals.risk.newMemberDays).toBe(0);
  expect(() => loadConfig({ ...production, RISK_SHARED_IDENTITY_MEMBERS: '1' })).toThrow(
    /withdrawals.risk.sharedIdentityMembers/,
  );
  expect(() => loadConfig({ ...production, RISK_LARGE_WITHDRAWAL_FEN: 'lots' })).toThrow(
    /withdrawals.risk.largeAmountFen/,
  );
});
