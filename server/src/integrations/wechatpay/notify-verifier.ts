/**
 * Verifies a WeChat Pay v3 notification: headers, freshness, platform signature over the raw body, then the
 * AES-256-GCM resource with its tag checked. Our own code rather than the SDK's: wechatpay-node-v3 has no
 * public-key mode, no timestamp check, and its decipher_gcm does not check the tag.
 */
import { SIGNTEST_PREFIX, checkPlatformSignature, headerValue } from './platform-signature';
import { decryptAeadAes256Gcm } from './v3-crypto';
import { NotifyRejected } from './wechatpay-errors';
import type { VerifiedNotification, WechatPayConfig } from './wechatpay.types';

export interface NotificationInput {
  headers: Record<string, string | string[] | undefined>;
  /** The exact request body: never a re-serialised ctx.request.body. */
  rawBody: string;
  nowMs?: number;
}

interface EncryptedResource {
  algorithm: string;
  ciphertext: string;
  nonce: string;
  associated_data?: string;
}

interface NotificationEnvelope {
  id: string;
  event_type: string;
  resource_type: string;
  resource: EncryptedResource;
}

export function verifyNotification(cfg: WechatPayConfig, input: NotificationInput): VerifiedNotification {
  const signature = headerValue(input.headers, 'Wechatpay-Signature');
  // Probes first: WeChat sends them to check that we verify; they must never reach the business code.
  if (signature?.startsWith(SIGNTEST_PREFIX)) {
    throw new NotifyRejected('SIGNTEST_PROBE', 'signature probe (WECHATPAY/SIGNTEST/)');
  }
  const timestamp = headerValue(input.headers, 'Wechatpay-Timestamp');
  const nonce = headerValue(input.headers, 'Wechatpay-Nonce');
  const serial = headerValue(input.headers, 'Wechatpay-Serial');
  if (!signature || !timestamp || !nonce || !serial) {
    const missing = ['Wechatpay-Timestamp', 'Wechatpay-Nonce', 'Wechatpay-Signature', 'Wechatpay-Serial'].filter(
      (name) => !headerValue(input.headers, name),
    );
    throw new NotifyRejected('MISSING_HEADER', `missing header ${missing.join(', ')}`);
  }

  const refusal = checkPlatformSignature(
    cfg,
    { timestamp, nonce, signature, serial, body: input.rawBody },
    input.nowMs ?? Date.now(),
  );
  if (refusal) throw new NotifyRejected(refusal, refusalMessage(refusal, serial));

  const envelope = parseEnvelope(input.rawBody);
  const { resource } = envelope;
  let plaintext: string;
  try {
    plaintext = decryptAeadAes256Gcm(resource.ciphertext, {
      apiV3Key: cfg.apiV3Key,
      nonce: resource.nonce,
      associatedData: resource.associated_data ?? '',
    });
  } catch {
    throw new NotifyRejected('DECRYPT_FAILED', 'resource does not decrypt with the APIv3 key (tag check failed)');
  }
  const decrypted = parseJsonObject(plaintext);
  if (!decrypted) throw new NotifyRejected('DECRYPT_FAILED', 'decrypted resource is not a JSON object');
  return {
    id: envelope.id,
    eventType: envelope.event_type,
    resourceType: envelope.resource_type,
    resource: decrypted,
  };
}

function refusalMessage(reason: string, serial: string): string {
  switch (reason) {
    case 'STALE_TIMESTAMP':
      return 'Wechatpay-Timestamp is more than 300 s away from now';
    case 'UNKNOWN_SERIAL':
      return `no platform key or certificate for serial ${serial.slice(0, 64)}`;
    default:
      return 'signature does not verify with the platform key';
  }
}

function parseEnvelope(rawBody: string): NotificationEnvelope {
  const body = parseJsonObject(rawBody);
  const resource = body?.resource;
  const isResource =
    typeof resource === 'object' &&
    resource !== null &&
    ['algorithm', 'ciphertext', 'nonce'].every(
      (field) => typeof (resource as Record<string, unknown>)[field] === 'string',
    );
  if (!body || !isResource || typeof body.id !== 'string' || typeof body.event_type !== 'string') {
    throw new NotifyRejected('BAD_BODY', 'body is not a WeChat Pay notification envelope');
  }
  const encrypted = resource as EncryptedResource;
  if (encrypted.algorithm !== 'AEAD_AES_256_GCM') {
    throw new NotifyRejected('BAD_BODY', `unsupported resource algorithm ${encrypted.algorithm.slice(0, 32)}`);
  }
  if (encrypted.associated_data !== undefined && typeof encrypted.associated_data !== 'string') {
    throw new NotifyRejected('BAD_BODY', 'resource.associated_data is not a string');
  }
  return {
    id: body.id,
    event_type: body.event_type,
    resource_type: typeof body.resource_type === 'string' ? body.resource_type : '',
    resource: encrypted,
  };
}

function parseJsonObject(text: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}
