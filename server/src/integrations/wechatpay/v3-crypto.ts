/**
 * The WeChat Pay v3 primitives, on node:crypto only: SHA256-RSA signatures, AEAD_AES_256_GCM resources,
 * random nonces and the RFC 3339 Beijing-time stamps the API speaks.
 */
import { createCipheriv, createDecipheriv, randomInt, sign, verify, type KeyLike } from 'node:crypto';

const NONCE_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const GCM_TAG_BYTES = 16;

/** Cryptographically random alphanumeric string (request nonces, resource nonces, ids). */
export function randomNonce(length = 32): string {
  let out = '';
  for (let i = 0; i < length; i += 1) out += NONCE_ALPHABET[randomInt(NONCE_ALPHABET.length)];
  return out;
}

export function signSha256Rsa(message: string, privateKey: KeyLike): string {
  return sign('sha256', Buffer.from(message, 'utf8'), privateKey).toString('base64');
}

/** false for a wrong signature and for anything unparsable: callers only need "trusted or not". */
export function verifySha256Rsa(message: string, publicKey: KeyLike, signatureBase64: string): boolean {
  try {
    return verify('sha256', Buffer.from(message, 'utf8'), publicKey, Buffer.from(signatureBase64, 'base64'));
  } catch {
    return false;
  }
}

export interface AeadInput {
  apiV3Key: string;
  /** 12 characters, used as bytes, as WeChat Pay does. */
  nonce: string;
  associatedData: string;
}

/** Returns base64(ciphertext || 16-byte tag), the `resource.ciphertext` format. */
export function encryptAeadAes256Gcm(plaintext: string, input: AeadInput): string {
  const cipher = createCipheriv('aes-256-gcm', apiV3KeyBytes(input.apiV3Key), Buffer.from(input.nonce, 'utf8'));
  cipher.setAAD(Buffer.from(input.associatedData, 'utf8'));
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return Buffer.concat([body, cipher.getAuthTag()]).toString('base64');
}

/** Throws when the tag does not authenticate the ciphertext and associated data (unlike the SDK's decipher_gcm). */
export function decryptAeadAes256Gcm(ciphertextBase64: string, input: AeadInput): string {
  const raw = Buffer.from(ciphertextBase64, 'base64');
  if (raw.length <= GCM_TAG_BYTES) throw new Error('ciphertext shorter than the GCM tag');
  const decipher = createDecipheriv('aes-256-gcm', apiV3KeyBytes(input.apiV3Key), Buffer.from(input.nonce, 'utf8'));
  decipher.setAAD(Buffer.from(input.associatedData, 'utf8'));
  decipher.setAuthTag(raw.subarray(raw.length - GCM_TAG_BYTES));
  return Buffer.concat([decipher.update(raw.subarray(0, raw.length - GCM_TAG_BYTES)), decipher.final()]).toString(
    'utf8',
  );
}

function apiV3KeyBytes(apiV3Key: string): Buffer {
  const key = Buffer.from(apiV3Key, 'utf8');
  // The message names the rule, never the key.
  if (key.length !== 32) throw new Error(`the APIv3 key must be 32 bytes, got ${key.length}`);
  return key;
}

const BEIJING_OFFSET_MS = 8 * 3600 * 1000;

/** 2018-06-08T10:34:56+08:00, the time format of time_expire and success_time. */
export function formatWechatTime(date: Date): string {
  const beijing = new Date(date.getTime() + BEIJING_OFFSET_MS).toISOString(); // shifted, so read as UTC
  return `${beijing.slice(0, 19)}+08:00`;
}

export function unixSeconds(nowMs: number = Date.now()): string {
  return String(Math.floor(nowMs / 1000));
}
