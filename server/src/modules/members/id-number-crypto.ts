import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';

/**
 * Personal data at rest: AES-256-GCM with a random 96-bit IV per value, stored as `v1.<iv>.<tag>.<ciphertext>`
 * (base64url), so a future key can be introduced as v2 beside it. Lookups and uniqueness go through an
 * HMAC-SHA256 of the normalized value under a key derived (HKDF) from the same master key: the database can
 * enforce "one member per ID number" without ever holding the number, and the hash is useless without the key.
 */
export interface MemberDataCipher {
  encrypt(plain: string): string;
  decrypt(stored: string): string;
  /** Hex HMAC-SHA256; same input, same output, for unique indexes and exact lookups. */
  keyedHash(plain: string): string;
}

const VERSION = 'v1';

export function createMemberDataCipher(keyBase64: string): MemberDataCipher {
  const master = Buffer.from(keyBase64, 'base64');
  if (master.length !== 32) throw new Error('member data key must be 32 bytes');
  const encryptionKey = Buffer.from(hkdfSync('sha256', master, Buffer.alloc(0), 'member-data/aes-256-gcm', 32));
  const hashKey = Buffer.from(hkdfSync('sha256', master, Buffer.alloc(0), 'member-data/hmac-sha256', 32));

  return {
    encrypt(plain) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', encryptionKey, iv);
      const ciphertext = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return [VERSION, iv, cipher.getAuthTag(), ciphertext]
        .map((part) => (typeof part === 'string' ? part : part.toString('base64url')))
        .join('.');
    },
    decrypt(stored) {
      const [version, iv, tag, ciphertext] = stored.split('.');
      // the message names the problem, never the stored value
      if (version !== VERSION || !iv || !tag || ciphertext === undefined) throw new Error('unreadable member data');
      const decipher = createDecipheriv('aes-256-gcm', encryptionKey, Buffer.from(iv, 'base64url'));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString('utf8');
    },
    keyedHash(plain) {
      return createHmac('sha256', hashKey).update(plain, 'utf8').digest('hex');
    },
  };
}

const byKey = new Map<string, MemberDataCipher>();

/** One cipher per key per process (HKDF once). */
export function memberDataCipher(keyBase64: string): MemberDataCipher {
  let cipher = byKey.get(keyBase64);
  if (!cipher) byKey.set(keyBase64, (cipher = createMemberDataCipher(keyBase64)));
  return cipher;
}
