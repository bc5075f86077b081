/**
 * Builds notifications exactly as WeChat Pay sends them: the resource encrypted AEAD_AES_256_GCM with the APIv3
 * key, wrapped in the envelope, signed with the platform private key. Used by the sandbox and by tests.
 */
import { randomUUID } from 'node:crypto';
import { encryptAeadAes256Gcm, formatWechatTime, randomNonce, signSha256Rsa, unixSeconds } from './v3-crypto';

export interface PlatformSigner {
  platformPrivateKeyPem: string;
  /** The Wechatpay-Serial to send: a PUB_KEY_ID_ id or a platform certificate serial. */
  serial: string;
  apiV3Key: string;
}

export interface NotificationContent {
  eventType?: string; // TRANSACTION.SUCCESS by default
  resource: object;
  id?: string;
  createTime?: Date;
}

const SUMMARIES: Record<string, string> = {
  'TRANSACTION.SUCCESS': '支付成功',
  'REFUND.SUCCESS': '退款成功',
  'REFUND.ABNORMAL': '退款异常',
  'REFUND.CLOSED': '退款关闭',
  'MCHTRANSFER.BILL.FINISHED': '商家转账单据终态通知',
};

/** The raw JSON body of a notification, resource encrypted. */
export function buildNotificationBody(apiV3Key: string, content: NotificationContent): string {
  const eventType = content.eventType ?? 'TRANSACTION.SUCCESS';
  const originalType = eventType.startsWith('REFUND.')
    ? 'refund'
    : eventType.startsWith('MCHTRANSFER.')
      ? 'mch_payment'
      : 'transaction';
  const nonce = randomNonce(12);
  const ciphertext = encryptAeadAes256Gcm(JSON.stringify(content.resource), {
    apiV3Key,
    nonce,
    associatedData: originalType,
  });
  return JSON.stringify({
    id: content.id ?? randomUUID(),
    create_time: formatWechatTime(content.createTime ?? new Date()),
    resource_type: 'encrypt-resource',
    event_type: eventType,
    summary: SUMMARIES[eventType] ?? eventType,
    resource: {
      original_type: originalType,
      algorithm: 'AEAD_AES_256_GCM',
      ciphertext,
      associated_data: originalType,
      nonce,
    },
  });
}

/** The Wechatpay-* headers WeChat Pay puts on notifications and API answers. */
export function signPlatformMessage(
  signer: Pick<PlatformSigner, 'platformPrivateKeyPem' | 'serial'>,
  body: string,
  opts: { timestampSec?: number; nonce?: string } = {},
): Record<string, string> {
  const timestamp = opts.timestampSec !== undefined ? String(opts.timestampSec) : unixSeconds();
  const nonce = opts.nonce ?? randomNonce(32);
  return {
    'Wechatpay-Timestamp': timestamp,
    'Wechatpay-Nonce': nonce,
    'Wechatpay-Signature': signSha256Rsa(`${timestamp}\n${nonce}\n${body}\n`, signer.platformPrivateKeyPem),
    'Wechatpay-Serial': signer.serial,
    'Wechatpay-Signature-Type': 'WECHATPAY2-SHA256-RSA2048',
  };
}

/**
 * A signed notification for tests, optionally spoiled: 'ciphertext' and 'tag' flip a byte inside the encrypted
 * resource and sign the result (decryption must fail), 'body' flips a byte after signing (verification must fail).
 */
export function signNotificationForTest(opts: {
  keys: PlatformSigner;
  eventType?: string;
  resource: object;
  timestampSec?: number;
  nonce?: string;
  tamper?: 'ciphertext' | 'tag' | 'body';
}): { headers: Record<string, string>; rawBody: string } {
  let rawBody = buildNotificationBody(opts.keys.apiV3Key, { eventType: opts.eventType, resource: opts.resource });
  if (opts.tamper === 'ciphertext' || opts.tamper === 'tag') {
    const envelope = JSON.parse(rawBody) as { resource: { ciphertext: string } };
    const bytes = Buffer.from(envelope.resource.ciphertext, 'base64');
    bytes[opts.tamper === 'tag' ? bytes.length - 1 : 0] ^= 0x01;
    envelope.resource.ciphertext = bytes.toString('base64');
    rawBody = JSON.stringify(envelope);
  }
  const headers = signPlatformMessage(opts.keys, rawBody, { timestampSec: opts.timestampSec, nonce: opts.nonce });
  if (opts.tamper === 'body') {
    // The id's first character is a hex digit or letter inside a quoted string: changing it keeps valid JSON.
    const at = rawBody.indexOf('"id":"') + 6;
    rawBody = rawBody.slice(0, at) + (rawBody[at] === 'x' ? 'y' : 'x') + rawBody.slice(at + 1);
  }
  return { headers, rawBody };
}
