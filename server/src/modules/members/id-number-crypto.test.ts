import { randomBytes } from 'node:crypto';
import { createMemberDataCipher } from './id-number-crypto';

const key = randomBytes(32).toString('base64');
const id = '11010519491231002X';

test('encrypting twice gives different ciphertexts that both decrypt to the number, which they never contain', () => {
  const cipher = createMemberDataCipher(key);
  const a = cipher.encrypt(id);
  const b = cipher.encrypt(id);
  expect(a).not.toBe(b);
  expect(a).not.toContain(id);
  expect(a.startsWith('v1.')).toBe(true);
  expect([cipher.decrypt(a), cipher.decrypt(b)]).toEqual([id, id]);
});

test('a tampered ciphertext or another key is refused (the GCM tag is checked)', () => {
  const cipher = createMemberDataCipher(key);
  const [v, iv, tag, ct] = cipher.encrypt(id).split('.');
  const flipped = Buffer.from(ct, 'base64url');
  flipped[0] ^= 1;
  expect(() => cipher.decrypt([v, iv, tag, flipped.toString('base64url')].join('.'))).toThrow();
  expect(() => createMemberDataCipher(randomBytes(32).toString('base64')).decrypt(cipher.encrypt(id))).toThrow();
});

test('the keyed hash is stable per key, differs across keys, and is not a plain SHA-256', () => {
  const cipher = createMemberDataCipher(key);
  expect(cipher.keyedHash(id)).toBe(cipher.keyedHash(id));
  expect(cipher.keyedHash(id)).toMatch(/^[0-9a-f]{64}$/);
  expect(createMemberDataCipher(randomBytes(32).toString('base64')).keyedHash(id)).not.toBe(cipher.keyedHash(id));
});

test('a key that is not 32 bytes is refused', () => {
  expect(() => createMemberDataCipher(randomBytes(16).toString('base64'))).toThrow(/32 bytes/);
});
