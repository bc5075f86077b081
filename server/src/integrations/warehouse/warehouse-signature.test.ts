import { createHmac } from 'node:crypto';
import { checkWarehouseSignature, signedHeaders, SIGNATURE_HEADER, TIMESTAMP_HEADER } from './warehouse-signature';

const SECRET = 'a-shared-secret-of-32-characters!!';
const body = '{"orderNo":"20261201120000123456","event":"picked","eventId":"e1"}';

test('the signature is hex HMAC-SHA256 over "timestamp.body"', () => {
  const headers = signedHeaders(SECRET, body, 1_764_560_000_000);
  expect(headers[TIMESTAMP_HEADER]).toBe('1764560000');
  expect(headers[SIGNATURE_HEADER]).toBe(createHmac('sha256', SECRET).update(`1764560000.${body}`).digest('hex'));
  expect(checkWarehouseSignature(SECRET, headers, body, 1_764_560_000_000)).toBeNull();
});

test('tampered, stale, future, wrong-secret and missing signatures are refused', () => {
  const now = 1_764_560_000_000;
  const headers = signedHeaders(SECRET, body, now);
  expect(checkWarehouseSignature(SECRET, headers, body.replace('picked', 'packed'), now)).toBe('bad_signature');
  expect(checkWarehouseSignature(SECRET, headers, body, now + 301_000)).toBe('stale');
  expect(checkWarehouseSignature(SECRET, headers, body, now - 301_000)).toBe('stale');
  expect(checkWarehouseSignature('another-secret-of-32-characters!!!', headers, body, now)).toBe('bad_signature');
  expect(checkWarehouseSignature(SECRET, { [TIMESTAMP_HEADER]: headers[TIMESTAMP_HEADER] }, body, now)).toBe('missing');
  expect(checkWarehouseSignature(SECRET, { ...headers, [SIGNATURE_HEADER]: 'zz' }, body, now)).toBe('bad_signature');
});
