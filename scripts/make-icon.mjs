#!/usr/bin/env node
// Draws build/icon.png (512x512 RGBA): a rounded square with a white ticket shape. Generated
// here rather than downloaded; electron-builder derives the .ico/.icns and Linux sizes from it.
// Run: node scripts/make-icon.mjs [out.png]
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';

const SIZE = 512;

function crc32(buf) {
  let c;
  let crc = 0xffffffff;
  for (const byte of buf) {
    c = (crc ^ byte) & 0xff;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    crc = (crc >>> 8) ^ c;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** Inside a rounded rectangle [x0,x1]x[y0,y1] with corner radius r? */
function inRoundedRect(x, y, x0, y0, x1, y1, r) {
  if (x < x0 || x > x1 || y < y0 || y > y1) return false;
  const cx = Math.min(Math.max(x, x0 + r), x1 - r);
  const cy = Math.min(Math.max(y, y0 + r), y1 - r);
  return (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
}

function pixel(x, y) {
  const background = [0xc8, 0x10, 0x2e, 0xff]; // a deep red
  const white = [0xff, 0xff, 0xff, 0xff];
  const clear = [0, 0, 0, 0];
  if (!inRoundedRect(x, y, 16, 16, SIZE - 16, SIZE - 16, 96)) return clear;
  // A ticket: white rounded band with two notches and a perforation line.
  const inTicket = inRoundedRect(x, y, 96, 176, SIZE - 96, SIZE - 176, 24);
  const notch = (x - 96) ** 2 + (y - SIZE / 2) ** 2 < 36 ** 2 || (x - (SIZE - 96)) ** 2 + (y - SIZE / 2) ** 2 < 36 ** 2;
  const perforation = Math.abs(x - 352) < 5 && Math.floor(y / 16) % 2 === 0;
  if (inTicket && !notch && !perforation) return white;
  return background;
}

export function makeIconPng() {
  const raw = Buffer.alloc((SIZE * 4 + 1) * SIZE);
  for (let y = 0; y < SIZE; y++) {
    const row = y * (SIZE * 4 + 1);
    raw[row] = 0; // filter: none
    for (let x = 0; x < SIZE; x++) Buffer.from(pixel(x, y)).copy(raw, row + 1 + x * 4);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(SIZE, 0);
  header.writeUInt32BE(SIZE, 4);
  header[8] = 8; // bit depth
  header[9] = 6; // RGBA
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = process.argv[2] ?? path.join(root, 'build', 'icon.png');
writeFileSync(out, makeIconPng());
console.log(`wrote ${path.relative(root, out)} (${SIZE}x${SIZE})`);
