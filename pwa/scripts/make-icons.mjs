// Draws the app icons (a white parcel on the brand red) as PNGs with no dependencies.
// Run: node scripts/make-icons.mjs  (outputs are committed under public/icons/).
import { deflateSync } from 'node:zlib';
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const BRAND = [0xc8, 0x10, 0x2e];
const WHITE = [0xff, 0xff, 0xff];
const TAPE = [0xf2, 0xb8, 0x3c];

function crc32(buf) {
  let c;
  let crc = 0xffffffff;
  for (let n = 0; n < buf.length; n++) {
    c = (crc ^ buf[n]) & 0xff;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    crc = (crc >>> 8) ^ c;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

function png(size, pixel) {
  const raw = Buffer.alloc((size * 4 + 1) * size);
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0;
    for (let x = 0; x < size; x++) {
      const [r, g, b, a] = pixel((x + 0.5) / size, (y + 0.5) / size);
      const i = y * (size * 4 + 1) + 1 + x * 4;
      raw[i] = r;
      raw[i + 1] = g;
      raw[i + 2] = b;
      raw[i + 3] = a;
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8;
  ihdr[9] = 6;
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** The parcel, drawn in a box of side `s` centred in the icon. */
function parcel(x, y, s) {
  const lo = 0.5 - s / 2;
  const hi = 0.5 + s / 2;
  if (x < lo || x > hi || y < lo || y > hi) return null;
  const u = (x - lo) / s;
  const v = (y - lo) / s;
  if (Math.abs(u - 0.5) < 0.09 && v < 0.55) return TAPE;
  if (Math.abs(v - 0.3) < 0.025) return BRAND;
  return WHITE;
}

function roundedSquare(x, y, radius) {
  const cx = Math.min(Math.max(x, radius), 1 - radius);
  const cy = Math.min(Math.max(y, radius), 1 - radius);
  return (x - cx) ** 2 + (y - cy) ** 2 <= radius ** 2;
}

const any = (x, y) => {
  if (!roundedSquare(x, y, 0.18)) return [0, 0, 0, 0];
  return [...(parcel(x, y, 0.56) ?? BRAND), 255];
};
// Maskable: full bleed, the parcel inside the 80 % safe zone.
const maskable = (x, y) => [...(parcel(x, y, 0.44) ?? BRAND), 255];

const out = fileURLToPath(new URL('../public/icons/', import.meta.url));
mkdirSync(out, { recursive: true });
writeFileSync(out + 'icon-192.png', png(192, any));
writeFileSync(out + 'icon-512.png', png(512, any));
writeFileSync(out + 'icon-maskable-512.png', png(512, maskable));
writeFileSync(out + 'apple-touch-icon.png', png(180, maskable));
console.log('icons written to', out);
