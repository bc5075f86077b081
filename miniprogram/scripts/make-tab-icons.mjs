#!/usr/bin/env node
// Draws the tab bar icons (home, category, cart, orders, mine) as 81x81 PNGs, grey and red, with no image library:
// shapes are rasterised with 4x4 supersampling and written with zlib. Run once; the PNGs are committed.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';

const SIZE = 81;
const SS = 4;
const COLORS = { normal: [0x8a, 0x8f, 0x99], active: [0xfa, 0x2c, 0x19] };
const outDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'src', 'assets', 'tabbar');

// Each icon is a test "is this point (0..1, 0..1) ink?".
const inRect = (x, y, x0, y0, x1, y1) => x >= x0 && x <= x1 && y >= y0 && y <= y1;
const inCircle = (x, y, cx, cy, r) => (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
const ICONS = {
  home: (x, y) => {
    const roof = y >= 0.14 && y <= 0.5 && Math.abs(x - 0.5) <= (y - 0.14) * 1.15;
    const body = inRect(x, y, 0.24, 0.46, 0.76, 0.86);
    const door = inRect(x, y, 0.43, 0.62, 0.57, 0.86);
    return (roof || body) && !door;
  },
  category: (x, y) => [0.16, 0.54].some((x0) => [0.16, 0.54].some((y0) => inRect(x, y, x0, y0, x0 + 0.3, y0 + 0.3))),
  cart: (x, y) => {
    // a basket: a trapezoid outline on a handle, two wheels
    const handle = inRect(x, y, 0.1, 0.2, 0.24, 0.26);
    const inBasket = (m) => y >= 0.3 + m && y <= 0.62 - m && x >= 0.22 + (y - 0.3) * 0.25 + m && x <= 0.86 - m;
    const basket = inBasket(0) && !inBasket(0.06);
    const wheels = inCircle(x, y, 0.36, 0.78, 0.07) || inCircle(x, y, 0.74, 0.78, 0.07);
    return handle || basket || wheels;
  },
  orders: (x, y) => {
    const sheet = inRect(x, y, 0.2, 0.12, 0.8, 0.88);
    const hole = inRect(x, y, 0.27, 0.19, 0.73, 0.81);
    const lines = [0.32, 0.48, 0.64].some((ly) => inRect(x, y, 0.34, ly, 0.66, ly + 0.06));
    return (sheet && !hole) || lines;
  },
  mine: (x, y) => {
    const head = inCircle(x, y, 0.5, 0.33, 0.17);
    const shoulders = y >= 0.58 && y <= 0.86 && inCircle(x, y, 0.5, 0.92, 0.34);
    return head || shoulders;
  },
};

function crc32(buf) {
  let c = ~0;
  for (const byte of buf) {
    c ^= byte;
    for (let k = 0; k < 8; k += 1) c = (c >>> 1) ^ (0xedb88320 & -(c & 1));
  }
  return ~c >>> 0;
}

function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

function png(isInk, [r, g, b]) {
  const raw = Buffer.alloc((SIZE * 4 + 1) * SIZE);
  for (let py = 0; py < SIZE; py += 1) {
    raw[py * (SIZE * 4 + 1)] = 0; // filter: none
    for (let px = 0; px < SIZE; px += 1) {
      let hits = 0;
      for (let sy = 0; sy < SS; sy += 1)
        for (let sx = 0; sx < SS; sx += 1)
          if (isInk((px + (sx + 0.5) / SS) / SIZE, (py + (sy + 0.5) / SS) / SIZE)) hits += 1;
      const at = py * (SIZE * 4 + 1) + 1 + px * 4;
      raw.set([r, g, b, Math.round((255 * hits) / (SS * SS))], at);
    }
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(SIZE, 0);
  header.writeUInt32BE(SIZE, 4);
  header.set([8, 6, 0, 0, 0], 8); // 8-bit RGBA
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([
    signature,
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

for (const [name, isInk] of Object.entries(ICONS)) {
  writeFileSync(path.join(outDir, `${name}.png`), png(isInk, COLORS.normal));
  writeFileSync(path.join(outDir, `${name}-active.png`), png(isInk, COLORS.active));
}
console.log(`tab icons written to ${outDir}`);
