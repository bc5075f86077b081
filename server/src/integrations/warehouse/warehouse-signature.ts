/**
 * The warehouse webhook's signature, both ways (README "Warehouse hand-off"):
 *   X-Mall-Timestamp: unix seconds
 *   X-Mall-Signature: hex(HMAC-SHA256(secret, `${timestamp}.${rawBody}`))
 * over the raw body bytes as sent. A timestamp more than 5 minutes off is refused (a replayed request), and the
 * comparison is constant-time.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export const TIMESTAMP_HEADER = 'x-mall-timestamp';
export const SIGNATURE_HEADER = 'x-mall-signature';
export const MAX_SKEW_SECONDS = 300;

export function signWarehouseBody(secret: string, timestamp: string, rawBody: string): string {
  return createHmac('sha256', secret).update(`${timestamp}.${rawBody}`, 'utf8').digest('hex');
}

export function signedHeaders(secret: string, rawBody: string, nowMs = Date.now()): Record<string, string> {
  const timestamp = String(Math.floor(nowMs / 1000));
  return {
    'Content-Type': 'application/json',
    [TIMESTAMP_HEADER]: timestamp,
    [SIGNATURE_HEADER]: signWarehouseBody(secret, timestamp, rawBody),
  };
}

export type WarehouseSignatureProblem = 'missing' | 'stale' | 'bad_signature';

/** null when the request is authentic and fresh; otherwise why not (never which byte differed). */
export function checkWarehouseSignature(
  secret: string,
  headers: Record<string, string | string[] | undefined>,
  rawBody: string,
  nowMs = Date.now(),
): WarehouseSignatureProblem | null {
  const timestamp = headers[TIMESTAMP_HEADER];
  const signature = headers[SIGNATURE_HEADER];
  if (typeof timestamp !== 'string' || typeof signature !== 'string' || !/^\d{9,11}$/.test(timestamp)) return 'missing';
  if (Math.abs(nowMs / 1000 - Number(timestamp)) > MAX_SKEW_SECONDS) return 'stale';
  const expected = Buffer.from(signWarehouseBody(secret, timestamp, rawBody), 'hex');
  const given = Buffer.from(/^[0-9a-f]{64}$/i.test(signature) ? signature : '', 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected) ? null : 'bad_signature';
}
