// Writes one SVG per seed product under server/seed/media/products/. Run once; the files are committed.
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { products } = JSON.parse(readFileSync(join(root, 'server/seed/catalog.json'), 'utf8'));
const out = join(root, 'server/seed/media/products');
mkdirSync(out, { recursive: true });
for (const p of products) {
  const [from, to] = p.color;
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="750" height="750" viewBox="0 0 750 750">
<defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="${from}"/><stop offset="1" stop-color="${to}"/></linearGradient></defs>
<rect width="750" height="750" fill="url(#g)"/>
<circle cx="375" cy="320" r="170" fill="#ffffff" fill-opacity="0.35"/>
<rect x="285" y="230" width="180" height="180" rx="36" fill="#ffffff" fill-opacity="0.8"/>
<text x="375" y="620" font-family="Noto Sans CJK SC, PingFang SC, sans-serif" font-size="64" font-weight="700" text-anchor="middle" fill="#333">${p.name}</text>
</svg>\n`;
  writeFileSync(join(out, `${p.key}.svg`), svg);
}
console.log(`wrote ${products.length} images to ${out}`);
