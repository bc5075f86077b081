import { deflateSync } from 'node:zlib';
import type QRCode from 'qrcode';

/**
 * A QR code as a grayscale PNG. qrcode lays out the modules; the PNG is written here with node:zlib, because
 * qrcode's own PNG path (pngjs, pure-JS deflate) takes about a second per image under Jest and on a busy host.
 */
export function qrPng(text: string, options: { width?: number; margin?: number } = {}): Buffer {
  // loaded on the first QR code, not at boot
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const qr = (require('qrcode') as typeof QRCode).create(text, { errorCorrectionLevel: 'M' });
  const modules = qr.modules.size;
  const margin = options.margin ?? 4;
  const scale = Math.max(1, Math.floor((options.width ?? 430) / (modules + 2 * margin)));
  const side = (modules + 2 * margin) * scale;
  const raw = Buffer.alloc((side + 1) * side, 0xff); // one filter byte (0 = none) per row, then white pixels
  for (let y = 0; y < side; y++) {
    raw[y * (side + 1)] = 0;
    const my = Math.floor(y / scale) - margin;
    if (my < 0 || my >= modules) continue;
    for (let x = 0; x < side; x++) {
      const mx = Math.floor(x / scale) - margin;
      if (mx >= 0 && mx < modules && qr.modules.get(my, mx)) raw[y * (side + 1) + 1 + x] = 0;
    }
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(side, 0);
  header.writeUInt32BE(side, 4);
  header.set([8, 0, 0, 0, 0], 8); // 8-bit grayscale, deflate, adaptive filtering, no interlace
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(data: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of data) crc = CRC_TABLE[(crc ^ byte) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}
