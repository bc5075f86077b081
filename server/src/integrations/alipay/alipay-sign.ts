/**
 * Alipay's RSA2 (SHA256withRSA) rules, on node:crypto, for the sandbox and tests:
 * - gateway requests: every parameter but `sign`, sorted, `k=v` joined by `&` ("V2");
 * - notifications: without `sign` and `sign_type` ("V1"), which checkNotifySignV2 accepts on its second try;
 * - answers: the JSON text of `<method>_response`, exactly as sent.
 */
import { createSign, createVerify, type KeyLike } from 'node:crypto';

export function signContent(params: Record<string, string>, omit: readonly string[]): string {
  return Object.keys(params)
    .filter((key) => !omit.includes(key) && params[key] !== undefined && params[key] !== '')
    .sort()
    .map((key) => `${key}=${params[key]}`)
    .join('&');
}

export function rsa2Sign(content: string, privateKey: KeyLike): string {
  return createSign('RSA-SHA256').update(content, 'utf8').sign(privateKey, 'base64');
}

export function rsa2Verify(content: string, signature: string, publicKey: KeyLike): boolean {
  try {
    return createVerify('RSA-SHA256').update(content, 'utf8').verify(publicKey, signature, 'base64');
  } catch {
    return false;
  }
}

/** A notification form as Alipay posts it: V1-signed, then url-encoded. */
export function signNotificationForm(
  fields: Record<string, string>,
  alipayPrivateKey: KeyLike,
): Record<string, string> {
  const form = { ...fields, sign_type: 'RSA2' };
  return { ...form, sign: rsa2Sign(signContent(form, ['sign', 'sign_type']), alipayPrivateKey) };
}

/** Alipay's "yyyy-MM-dd HH:mm:ss" in Beijing time. */
export function alipayTime(date: Date): string {
  return new Date(date.getTime() + 8 * 3600_000).toISOString().slice(0, 19).replace('T', ' ');
}
