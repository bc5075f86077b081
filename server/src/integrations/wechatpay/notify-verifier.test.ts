import { createSign, generateKeyPairSync } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  NotifyRejected,
  checkTransactionMatches,
  ensureSandboxKeys,
  signNotificationForTest,
  verifyNotification,
  type WechatPayConfig,
} from '.';

const keys = ensureSandboxKeys(fs.mkdtempSync(path.join(os.tmpdir(), 'wechatpay-verify-')));
const cfg: WechatPayConfig = {
  appId: keys.appId,
  mchId: keys.mchId,
  merchantSerialNo: keys.merchantSerialNo,
  merchantPrivateKeyPem: keys.merchantPrivateKeyPem,
  apiV3Key: keys.apiV3Key,
  platformPublicKeys: [{ id: keys.platformPublicKeyId, pem: keys.platformPublicKeyPem }],
  platformCertificates: [{ serialNo: keys.platformCertificateSerialNo, pem: keys.platformCertificatePem }],
  baseUrl: 'http://127.0.0.1:1/sandbox/wechatpay',
  notifyUrl: 'http://127.0.0.1:1/api/payments/wechat/notify',
};
const strangerKeyPem = generateKeyPairSync('rsa', { modulusLength: 2048 })
  .privateKey.export({ type: 'pkcs8', format: 'pem' })
  .toString();

const nowSec = Math.floor(Date.now() / 1000);
const resource = {
  appid: keys.appId,
  mchid: keys.mchId,
  out_trade_no: 'ORD20260101000001',
  transaction_id: '4200000000202601010000000001',
  trade_state: 'SUCCESS',
  amount: { total: 1230, payer_total: 1230, currency: 'CNY', payer_currency: 'CNY' },
  payer: { openid: 'o-test-openid' },
};
const platform = {
  platformPrivateKeyPem: keys.platformPrivateKeyPem,
  serial: keys.platformPublicKeyId,
  apiV3Key: keys.apiV3Key,
};
type Signed = { headers: Record<string, string>; rawBody: string };

function signed(overrides: Partial<Parameters<typeof signNotificationForTest>[0]> = {}): Signed {
  return signNotificationForTest({ keys: platform, resource, ...overrides });
}

describe('verifyNotification accepts what WeChat Pay signs', () => {
  const accepted: [string, () => Signed][] = [
    ['public-key mode (PUB_KEY_ID_ serial)', () => signed()],
    [
      'certificate mode (certificate serial)',
      () => signed({ keys: { ...platform, serial: keys.platformCertificateSerialNo } }),
    ],
    [
      'certificate serial in lower case with a leading zero',
      () => signed({ keys: { ...platform, serial: `0${keys.platformCertificateSerialNo.toLowerCase()}` } }),
    ],
    ['a timestamp 299 s old', () => signed({ timestampSec: nowSec - 299 })],
    ['a timestamp 299 s ahead', () => signed({ timestampSec: nowSec + 299 })],
  ];
  test.each(accepted)('%s', (_name, make) => {
    const { headers, rawBody } = make();
    const verified = verifyNotification(cfg, { headers, rawBody, nowMs: nowSec * 1000 });
    expect(verified).toEqual({
      id: expect.any(String),
      eventType: 'TRANSACTION.SUCCESS',
      resourceType: 'encrypt-resource',
      resource,
    });
  });

  test('a refund notification decrypts with associated_data "refund"', () => {
    const refund = { out_refund_no: 'R1', refund_status: 'SUCCESS', amount: { refund: 100 } };
    const { headers, rawBody } = signed({ eventType: 'REFUND.SUCCESS', resource: refund });
    expect(verifyNotification(cfg, { headers, rawBody })).toMatchObject({
      eventType: 'REFUND.SUCCESS',
      resource: refund,
    });
  });

  test('header names are matched case-insensitively (Node lower-cases them)', () => {
    const { headers, rawBody } = signed();
    const lower = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
    expect(verifyNotification(cfg, { headers: lower, rawBody }).eventType).toBe('TRANSACTION.SUCCESS');
  });
});

describe('verifyNotification refuses what must not be trusted', () => {
  const refused: [string, () => Signed, string][] = [
    [
      'a signature by another key',
      () => signed({ keys: { ...platform, platformPrivateKeyPem: strangerKeyPem } }),
      'BAD_SIGNATURE',
    ],
    [
      'a certificate serial with another key',
      () =>
        signed({
          keys: { ...platform, serial: keys.platformCertificateSerialNo, platformPrivateKeyPem: strangerKeyPem },
        }),
      'BAD_SIGNATURE',
    ],
    ['a timestamp 301 s old', () => signed({ timestampSec: nowSec - 301 }), 'STALE_TIMESTAMP'],
    ['a timestamp 301 s ahead', () => signed({ timestampSec: nowSec + 301 }), 'STALE_TIMESTAMP'],
    [
      'a WECHATPAY/SIGNTEST/ probe, even stale and from an unknown serial',
      () => {
        const probe = signed({ timestampSec: nowSec - 3600, keys: { ...platform, serial: 'PUB_KEY_ID_UNKNOWN' } });
        probe.headers['Wechatpay-Signature'] = `WECHATPAY/SIGNTEST/${probe.headers['Wechatpay-Signature']}`;
        return probe;
      },
      'SIGNTEST_PROBE',
    ],
    [
      'an unknown serial',
      () => signed({ keys: { ...platform, serial: 'PUB_KEY_ID_0114999999999' } }),
      'UNKNOWN_SERIAL',
    ],
    ['a tampered ciphertext', () => signed({ tamper: 'ciphertext' }), 'DECRYPT_FAILED'],
    ['a tampered GCM tag', () => signed({ tamper: 'tag' }), 'DECRYPT_FAILED'],
    ['a body byte changed after signing', () => signed({ tamper: 'body' }), 'BAD_SIGNATURE'],
    [
      'a resource encrypted with another APIv3 key',
      () => signed({ keys: { ...platform, apiV3Key: 'A'.repeat(32) } }),
      'DECRYPT_FAILED',
    ],
    [
      'a missing Wechatpay-Nonce',
      () => {
        const { headers, rawBody } = signed();
        delete headers['Wechatpay-Nonce'];
        return { headers, rawBody };
      },
      'MISSING_HEADER',
    ],
    ['a signed body that is not JSON', () => signedRaw('not json'), 'BAD_BODY'],
    [
      'a signed body without a resource',
      () => signedRaw(JSON.stringify({ id: 'x', event_type: 'TRANSACTION.SUCCESS' })),
      'BAD_BODY',
    ],
  ];
  test.each(refused)('%s', (_name, make, reason) => {
    const { headers, rawBody } = make();
    let caught: unknown;
    try {
      verifyNotification(cfg, { headers, rawBody, nowMs: nowSec * 1000 });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(NotifyRejected);
    expect((caught as NotifyRejected).reason).toBe(reason);
    expect((caught as Error).message).not.toContain(keys.apiV3Key);
  });
});

function signedRaw(rawBody: string): Signed {
  const { headers } = signNotificationForTest({ keys: platform, resource });
  // Re-sign the replacement body with the real platform key: only the body is wrong.
  const ts = headers['Wechatpay-Timestamp'];
  const nonce = headers['Wechatpay-Nonce'];
  const signature = createSign('RSA-SHA256')
    .update(`${ts}\n${nonce}\n${rawBody}\n`)
    .sign(keys.platformPrivateKeyPem, 'base64');
  return { headers: { ...headers, 'Wechatpay-Signature': signature }, rawBody };
}

describe('checkTransactionMatches', () => {
  const expected = { outTradeNo: resource.out_trade_no, amountFen: 1230 };
  test.each([
    ['our transaction', null, resource],
    ['another appid', 'APPID_MISMATCH', { ...resource, appid: 'wx0000000000000000' }],
    ['another mchid', 'MCHID_MISMATCH', { ...resource, mchid: '1900000000' }],
    ['another out_trade_no', 'OUT_TRADE_NO_MISMATCH', { ...resource, out_trade_no: 'ORD2' }],
    ['one fen less', 'AMOUNT_MISMATCH', { ...resource, amount: { ...resource.amount, total: 1229 } }],
    ['no amount', 'AMOUNT_MISMATCH', { ...resource, amount: undefined }],
  ])('%s -> %s', (_name, reason, candidate) => {
    expect(checkTransactionMatches(cfg, candidate as Record<string, unknown>, expected)).toBe(reason);
  });
});
