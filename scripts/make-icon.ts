// Draws the application icon (an SFP module's bail and optical ports on a dark tile) and writes
// it as PNG with zlib alone: resources/icons/icon.png (512, Windows/macOS/Linux) plus the
// size-named files Linux desktop packages pick from. Run: npx tsx scripts/make-icon.ts
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { deflateSync } from 'node:zlib';

type Rgba = [number, number, number, number];

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(buf: Buffer): number {
  let c = 0xffffffff;
  for (const b of buf) c = (CRC_TABLE[(c ^ b) & 0xff] as number) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
}

export function encodePng(width: number, height: number, pixel: (x: number, y: number) => Rgba): Buffer {
  const raw = Buffer.alloc((width * 4 + 1) * height);
  for (let y = 0; y < height; y++) {
    const row = y * (width * 4 + 1);
    raw[row] = 0; // filter: none
    for (let x = 0; x < width; x++) {
      const [r, g, b, a] = pixel(x, y);
      raw.writeUInt8(r, row + 1 + x * 4);
      raw.writeUInt8(g, row + 2 + x * 4);
      raw.writeUInt8(b, row + 3 + x * 4);
      raw.writeUInt8(a, row + 4 + x * 4);
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // RGBA
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw, { level: 9 })), chunk('IEND', Buffer.alloc(0))]);
}

function inRoundRect(x: number, y: number, x0: number, y0: number, x1: number, y1: number, r: number): boolean {
  if (x < x0 || x > x1 || y < y0 || y > y1) return false;
  const cx = Math.min(Math.max(x, x0 + r), x1 - r);
  const cy = Math.min(Math.max(y, y0 + r), y1 - r);
  return (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
}

/** The icon at `size`, drawn in a 512-unit space. */
export function iconPixel(size: number): (x: number, y: number) => Rgba {
  const s = 512 / size;
  return (px, py) => {
    const x = (px + 0.5) * s;
    const y = (py + 0.5) * s;
    if (!inRoundRect(x, y, 16, 16, 496, 496, 96)) return [0, 0, 0, 0];
    // Module body.
    if (inRoundRect(x, y, 136, 96, 376, 416, 28)) {
      // Two optical ports (Tx, Rx) with a glowing core.
      for (const cx of [206, 306]) {
        const d = Math.hypot(x - cx, y - 330);
        if (d < 20) return [120, 240, 220, 255];
        if (d < 40) return [16, 21, 28, 255];
      }
      // Label area and bail.
      if (inRoundRect(x, y, 170, 140, 342, 230, 10)) return [230, 236, 242, 255];
      return [122, 138, 156, 255];
    }
    // A light ray leaving the Tx port.
    if (x > 196 && x < 216 && y > 416 && y < 470) return [120, 240, 220, 255];
    return [16, 21, 28, 255];
  };
}

if (require.main === module) {
  const dir = path.resolve(__dirname, '..', 'resources', 'icons');
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'icon.png'), encodePng(512, 512, iconPixel(512)));
  for (const size of [512, 256, 128, 64, 32]) writeFileSync(path.join(dir, `${size}x${size}.png`), encodePng(size, size, iconPixel(size)));
  console.log(`icons written to ${dir}`);
}
