#!/usr/bin/env node
// Draws build/icon.png (512×512 RGBA) with Node's zlib only, so the icon can be regenerated on
// any machine: three coloured "stream" lanes with entries on a dark rounded square, the lanes
// converging on one consumer dot. Run: node build/icon-generator.mjs
import { writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const SIZE = 512;
const px = new Uint8ClampedArray(SIZE * SIZE * 4);

function blend(x, y, [r, g, b], alpha) {
  if (x < 0 || y < 0 || x >= SIZE || y >= SIZE || alpha <= 0) return;
  const i = (y * SIZE + x) * 4;
  const a = Math.min(1, alpha);
  const da = px[i + 3] / 255;
  const oa = a + da * (1 - a);
  for (const [k, c] of [
    [0, r],
    [1, g],
    [2, b],
  ])
    px[i + k] = (c * a + px[i + k] * da * (1 - a)) / (oa || 1);
  px[i + 3] = oa * 255;
}

/** Fills where dist(x, y) < 0, with one pixel of anti-aliasing. */
function fill(dist, colour, x0 = 0, y0 = 0, x1 = SIZE, y1 = SIZE) {
  for (let y = Math.max(0, y0 | 0); y < Math.min(SIZE, y1); y++)
    for (let x = Math.max(0, x0 | 0); x < Math.min(SIZE, x1); x++) blend(x, y, colour, 0.5 - dist(x + 0.5, y + 0.5));
}

const roundedRect = (cx, cy, hw, hh, r) => (x, y) => {
  const qx = Math.abs(x - cx) - hw + r;
  const qy = Math.abs(y - cy) - hh + r;
  return Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - r;
};
const circle = (cx, cy, r) => (x, y) => Math.hypot(x - cx, y - cy) - r;
const segment = (ax, ay, bx, by, w) => (x, y) => {
  const dx = bx - ax,
    dy = by - ay;
  const t = Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(x - ax - t * dx, y - ay - t * dy) - w / 2;
};

// Background.
fill(roundedRect(256, 256, 240, 240, 96), [52, 62, 76]);
fill(roundedRect(256, 256, 230, 230, 88), [17, 20, 24]);

const lanes = [
  { y: 170, colour: [86, 182, 255] },
  { y: 256, colour: [120, 224, 143] },
  { y: 342, colour: [255, 184, 77] },
];
const consumer = { x: 400, y: 256 };
for (const lane of lanes) {
  fill(
    segment(96, lane.y, 300, lane.y, 14),
    lane.colour.map((c) => c * 0.55),
  );
  fill(
    segment(300, lane.y, consumer.x, consumer.y, 14),
    lane.colour.map((c) => c * 0.55),
  );
  for (const x of [120, 180, 240]) fill(circle(x, lane.y, 22), lane.colour);
}
fill(circle(consumer.x, consumer.y, 44), [235, 240, 245]);
fill(circle(consumer.x, consumer.y, 26), [17, 20, 24]);

// PNG encoding: signature, IHDR, one IDAT (filter byte 0 per row), IEND.
const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc32 = (buf) => {
  let c = 0xffffffff;
  for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};
const chunk = (type, data) => {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
};
const ihdr = Buffer.alloc(13);
ihdr.writeUInt32BE(SIZE, 0);
ihdr.writeUInt32BE(SIZE, 4);
ihdr[8] = 8; // bit depth
ihdr[9] = 6; // RGBA
const raw = Buffer.alloc((SIZE * 4 + 1) * SIZE);
for (let y = 0; y < SIZE; y++) Buffer.from(px.buffer, y * SIZE * 4, SIZE * 4).copy(raw, y * (SIZE * 4 + 1) + 1);
const png = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  chunk('IHDR', ihdr),
  chunk('IDAT', deflateSync(raw, { level: 9 })),
  chunk('IEND', Buffer.alloc(0)),
]);
const out = new URL('./icon.png', import.meta.url);
writeFileSync(out, png);
console.log(`wrote ${out.pathname} (${png.length} bytes)`);
