import { inflateSync } from 'node:zlib';
import { qrPng } from './qr-png';

test('a QR PNG is a valid grayscale PNG of about the asked width, with a white quiet zone and dark modules', () => {
  const png = qrPng('https://mall.example.com/#/pages/index/index?inviter=ABCDEFGH', { width: 300, margin: 4 });
  expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  expect(png.subarray(12, 16).toString()).toBe('IHDR');
  const side = png.readUInt32BE(16);
  expect(side).toBeGreaterThan(250);
  expect(side).toBeLessThanOrEqual(300);
  const idatLength = png.readUInt32BE(33);
  expect(png.subarray(37, 41).toString()).toBe('IDAT');
  const raw = inflateSync(png.subarray(41, 41 + idatLength));
  expect(raw).toHaveLength((side + 1) * side);
  expect(raw[1]).toBe(0xff); // the corner is quiet zone
  expect(raw.includes(0x00, 1)).toBe(true); // some module is dark
});
