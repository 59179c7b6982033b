/**
 * ThumbHash → PNG data URL, for the `placeholder` of an analysis. A TypeScript port of the decoder in
 * `thumbhash` 0.1.1 (https://github.com/evanw/thumbhash, MIT, Copyright (c) 2023 Evan Wallace), kept
 * here so the client stays dependency-free; test/client/thumbhash-data-url.test.ts checks it gives the
 * very bytes the package gives. Runs in browsers and Node (atob/btoa only).
 */

interface DecodedPixels {
  readonly w: number;
  readonly h: number;
  readonly rgba: Uint8Array;
}

function base64Bytes(base64: string): Uint8Array {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

function aspectRatio(hash: Uint8Array): number {
  const header = hash[3]! | (hash[4]! << 8);
  const hasAlpha = hash[2]! & 0x80;
  const isLandscape = header & 0x8000;
  const lx = isLandscape ? (hasAlpha ? 5 : 7) : header & 7;
  const ly = isLandscape ? header & 7 : hasAlpha ? 5 : 7;
  return lx / ly;
}

/** The 32-pixel-a-side RGBA preview a hash describes. */
function decode(hash: Uint8Array): DecodedPixels {
  const header24 = hash[0]! | (hash[1]! << 8) | (hash[2]! << 16);
  const header16 = hash[3]! | (hash[4]! << 8);
  const lDc = (header24 & 63) / 63;
  const pDc = ((header24 >> 6) & 63) / 31.5 - 1;
  const qDc = ((header24 >> 12) & 63) / 31.5 - 1;
  const lScale = ((header24 >> 18) & 31) / 31;
  const hasAlpha = header24 >> 23 !== 0;
  const pScale = ((header16 >> 3) & 63) / 63;
  const qScale = ((header16 >> 9) & 63) / 63;
  const isLandscape = header16 >> 15 !== 0;
  const lx = Math.max(3, isLandscape ? (hasAlpha ? 5 : 7) : header16 & 7);
  const ly = Math.max(3, isLandscape ? header16 & 7 : hasAlpha ? 5 : 7);
  const aDc = hasAlpha ? (hash[5]! & 15) / 15 : 1;
  const aScale = (hash[5]! >> 4) / 15;

  // The AC factors are 4-bit nibbles; chroma is boosted 1.25× to make up for quantisation, as the encoder expects.
  const acStart = hasAlpha ? 6 : 5;
  let acIndex = 0;
  const channel = (nx: number, ny: number, scale: number): number[] => {
    const ac: number[] = [];
    for (let cy = 0; cy < ny; cy++) {
      for (let cx = cy ? 0 : 1; cx * ny < nx * (ny - cy); cx++) {
        const nibble = (hash[acStart + (acIndex >> 1)]! >> ((acIndex & 1) << 2)) & 15;
        acIndex++;
        ac.push((nibble / 7.5 - 1) * scale);
      }
    }
    return ac;
  };
  const lAc = channel(lx, ly, lScale);
  const pAc = channel(3, 3, pScale * 1.25);
  const qAc = channel(3, 3, qScale * 1.25);
  const aAc = hasAlpha ? channel(5, 5, aScale) : [];

  const ratio = aspectRatio(hash);
  const w = Math.round(ratio > 1 ? 32 : 32 * ratio);
  const h = Math.round(ratio > 1 ? 32 / ratio : 32);
  const rgba = new Uint8Array(w * h * 4);
  const fx: number[] = [];
  const fy: number[] = [];
  for (let y = 0, i = 0; y < h; y++) {
    for (let x = 0; x < w; x++, i += 4) {
      let l = lDc;
      let p = pDc;
      let q = qDc;
      let a = aDc;
      for (let cx = 0, n = Math.max(lx, hasAlpha ? 5 : 3); cx < n; cx++) fx[cx] = Math.cos((Math.PI / w) * (x + 0.5) * cx);
      for (let cy = 0, n = Math.max(ly, hasAlpha ? 5 : 3); cy < n; cy++) fy[cy] = Math.cos((Math.PI / h) * (y + 0.5) * cy);
      for (let cy = 0, j = 0; cy < ly; cy++) {
        for (let cx = cy ? 0 : 1, fy2 = fy[cy]! * 2; cx * ly < lx * (ly - cy); cx++, j++) l += lAc[j]! * fx[cx]! * fy2;
      }
      for (let cy = 0, j = 0; cy < 3; cy++) {
        for (let cx = cy ? 0 : 1, fy2 = fy[cy]! * 2; cx < 3 - cy; cx++, j++) {
          const f = fx[cx]! * fy2;
          p += pAc[j]! * f;
          q += qAc[j]! * f;
        }
      }
      if (hasAlpha) {
        for (let cy = 0, j = 0; cy < 5; cy++) {
          for (let cx = cy ? 0 : 1, fy2 = fy[cy]! * 2; cx < 5 - cy; cx++, j++) a += aAc[j]! * fx[cx]! * fy2;
        }
      }
      const b = l - (2 / 3) * p;
      const r = (3 * l - b + q) / 2;
      const g = r - q;
      rgba[i] = Math.max(0, 255 * Math.min(1, r));
      rgba[i + 1] = Math.max(0, 255 * Math.min(1, g));
      rgba[i + 2] = Math.max(0, 255 * Math.min(1, b));
      rgba[i + 3] = Math.max(0, 255 * Math.min(1, a));
    }
  }
  return { w, h, rgba };
}

// CRC-32 four bits at a time: sixteen entries instead of 256 keep the client small.
const CRC_TABLE = [
  0, 498536548, 997073096, 651767980, 1994146192, 1802195444, 1303535960, 1342533948, -306674912, -267414716, -690576408,
  -882789492, -1687895376, -2032938284, -1609899400, -1111625188,
];

/** An uncompressed (stored-deflate) RGBA PNG as a data URL: tiny images need no compressor. */
function pngDataUrl({ w, h, rgba }: DecodedPixels): string {
  const row = w * 4 + 1;
  const idat = 6 + h * (5 + row);
  const bytes = [
    137, 80, 78, 71, 13, 10, 26, 10, 0, 0, 0, 13, 73, 72, 68, 82, 0, 0, w >> 8, w & 255, 0, 0, h >> 8, h & 255, 8, 6, 0, 0, 0, 0, 0, 0, 0,
    idat >>> 24, (idat >> 16) & 255, (idat >> 8) & 255, idat & 255, 73, 68, 65, 84, 120, 1,
  ];
  let a = 1;
  let b = 0;
  for (let y = 0, i = 0, end = row - 1; y < h; y++, end += row - 1) {
    bytes.push(y + 1 < h ? 0 : 1, row & 255, row >> 8, ~row & 255, (row >> 8) ^ 255, 0);
    for (b = (b + a) % 65521; i < end; i++) {
      const u = rgba[i]! & 255;
      bytes.push(u);
      a = (a + u) % 65521;
      b = (b + a) % 65521;
    }
  }
  bytes.push(b >> 8, b & 255, a >> 8, a & 255, 0, 0, 0, 0, 0, 0, 0, 0, 73, 69, 78, 68, 174, 66, 96, 130);
  for (const [start, stop] of [[12, 29], [37, 41 + idat]] as const) {
    let c = ~0;
    for (let i = start; i < stop; i++) {
      c ^= bytes[i]!;
      c = (c >>> 4) ^ CRC_TABLE[c & 15]!;
      c = (c >>> 4) ^ CRC_TABLE[c & 15]!;
    }
    c = ~c;
    bytes[stop] = c >>> 24;
    bytes[stop + 1] = (c >> 16) & 255;
    bytes[stop + 2] = (c >> 8) & 255;
    bytes[stop + 3] = c & 255;
  }
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return `data:image/png;base64,${btoa(binary)}`;
}

/**
 * The PNG data URL of a ThumbHash (the `placeholder` of an analysis, base64), about 32 px on its long
 * side: put it in `style="background: center / cover url(…)"` or a blurred `<img>` while the real one loads.
 * @throws TypeError when the text is not a base64 ThumbHash
 */
export function thumbHashDataUrl(placeholder: string): string {
  let hash: Uint8Array;
  try {
    hash = base64Bytes(placeholder);
  } catch {
    throw new TypeError(`Expected a base64 ThumbHash but received ${JSON.stringify(placeholder)}`);
  }
  // Five header bytes and at least a few factors: anything shorter is not a hash and would decode to noise.
  if (hash.length < 6) throw new TypeError(`Expected a base64 ThumbHash but received ${JSON.stringify(placeholder)}`);
  return pngDataUrl(decode(hash));
}
