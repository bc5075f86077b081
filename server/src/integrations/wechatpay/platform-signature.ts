/**
 * "Was this message signed by WeChat Pay?" for notifications and API answers alike:
 * SHA256-RSA over `${timestamp}\n${nonce}\n${body}\n` with the platform key that Wechatpay-Serial names,
 * either a PUB_KEY_ID_ public key (public-key mode) or a platform certificate serial (certificate mode).
 */
import { X509Certificate, createPublicKey, type KeyObject } from 'node:crypto';
import { verifySha256Rsa } from './v3-crypto';
import type { NotifyRejectReason } from './wechatpay-errors';
import type { WechatPayConfig } from './wechatpay.types';

export const SIGNTEST_PREFIX = 'WECHATPAY/SIGNTEST/';
export const MAX_CLOCK_SKEW_SEC = 300; // WeChat Pay's guidance: refuse timestamps more than 5 minutes off

export interface SignedMessage {
  timestamp: string;
  nonce: string;
  signature: string;
  serial: string;
  body: string;
}

/** Upper case, no colons, no leading zeros: "0a1b" and "A1B" name the same certificate. */
export function normalizeSerial(serial: string): string {
  const upper = serial.trim().toUpperCase();
  if (upper.startsWith('PUB_KEY_ID_')) return upper;
  return upper.replace(/:/g, '').replace(/^0+(?=.)/, '');
}

type KeyIndex = {
  source: [WechatPayConfig['platformPublicKeys'], WechatPayConfig['platformCertificates']];
  keys: Map<string, KeyObject>;
};
const keyIndexes = new WeakMap<WechatPayConfig, KeyIndex>();

/** Platform keys by normalised serial, parsed once per config (rebuilt if its key lists are replaced). */
function platformKeys(cfg: WechatPayConfig): Map<string, KeyObject> {
  const cached = keyIndexes.get(cfg);
  if (cached && cached.source[0] === cfg.platformPublicKeys && cached.source[1] === cfg.platformCertificates) {
    return cached.keys;
  }
  const keys = new Map<string, KeyObject>();
  for (const { id, pem } of cfg.platformPublicKeys) keys.set(normalizeSerial(id), createPublicKey(pem));
  for (const { serialNo, pem } of cfg.platformCertificates) {
    const certificate = new X509Certificate(pem);
    keys.set(normalizeSerial(serialNo || certificate.serialNumber), certificate.publicKey);
  }
  keyIndexes.set(cfg, { source: [cfg.platformPublicKeys, cfg.platformCertificates], keys });
  return keys;
}

export function findPlatformKey(cfg: WechatPayConfig, serial: string): KeyObject | undefined {
  return platformKeys(cfg).get(normalizeSerial(serial));
}

/** null when trusted; otherwise the reason, checked in WeChat's recommended order (probe first). */
export function checkPlatformSignature(
  cfg: WechatPayConfig,
  message: SignedMessage,
  nowMs: number,
): Exclude<NotifyRejectReason, 'MISSING_HEADER' | 'BAD_BODY' | 'DECRYPT_FAILED'> | null {
  if (message.signature.startsWith(SIGNTEST_PREFIX)) return 'SIGNTEST_PROBE';
  if (!/^\d{1,12}$/.test(message.timestamp)) return 'STALE_TIMESTAMP';
  if (Math.abs(nowMs / 1000 - Number(message.timestamp)) > MAX_CLOCK_SKEW_SEC) return 'STALE_TIMESTAMP';
  const key = findPlatformKey(cfg, message.serial);
  if (!key) return 'UNKNOWN_SERIAL';
  const signed = `${message.timestamp}\n${message.nonce}\n${message.body}\n`;
  return verifySha256Rsa(signed, key, message.signature) ? null : 'BAD_SIGNATURE';
}

type HeaderBag = Record<string, string | string[] | undefined>;

/** Case-insensitive header lookup over Node/Koa header objects; the first value of a repeated header. */
export function headerValue(headers: HeaderBag, name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() !== wanted) continue;
    const first = Array.isArray(value) ? value[0] : value;
    if (first !== undefined) return first;
  }
  return undefined;
}
