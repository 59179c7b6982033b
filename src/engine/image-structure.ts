import { crc32 } from 'node:zlib';

/**
 * Structural checks libvips does not make when it decodes only what a render needs: a GIF cut short
 * after its first frame (or missing its trailer) and a PNG chunk with a bad CRC both decode "fine".
 * SPEC §3 wants corrupt images refused on upload (415), so uploads walk the container once.
 * Each returns null when the bytes are sound, else what is wrong.
 */

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Every chunk's length fits and its CRC matches, and the stream ends with IEND. */
export function pngProblem(bytes: Buffer): string | null {
  let offset = PNG_SIGNATURE.length;
  while (offset + 12 <= bytes.length) {
    const length = bytes.readUInt32BE(offset);
    const end = offset + 12 + length;
    if (end > bytes.length) return 'a PNG chunk runs past the end of the file (truncated)';
    const type = bytes.toString('latin1', offset + 4, offset + 8);
    if (crc32(bytes.subarray(offset + 4, offset + 8 + length)) !== bytes.readUInt32BE(offset + 8 + length)) {
      return `the PNG chunk ${JSON.stringify(type)} fails its CRC check (corrupt)`;
    }
    if (type === 'IEND') return null;
    offset = end;
  }
  return 'the PNG ends before its IEND chunk (truncated)';
}

/** Skips GIF data sub-blocks (length-prefixed, ended by a zero length); the offset after them, or -1 when cut short. */
function skipSubBlocks(bytes: Buffer, start: number): number {
  let offset = start;
  while (offset < bytes.length) {
    const size = bytes[offset]!;
    offset += 1 + size;
    if (size === 0) return offset;
  }
  return -1;
}

/** Walks every block to the trailer (0x3B): the file holds every frame it announces, none cut short. */
export function gifProblem(bytes: Buffer): string | null {
  const truncated = 'the GIF ends before its trailer (truncated)';
  if (bytes.length < 13) return truncated;
  const flags = bytes[10]!;
  let offset = 13 + (flags & 0x80 ? 3 * 2 ** ((flags & 0x07) + 1) : 0);
  while (offset < bytes.length) {
    const introducer = bytes[offset]!;
    if (introducer === 0x3b) return null;
    if (introducer === 0x21) {
      offset = skipSubBlocks(bytes, offset + 2);
    } else if (introducer === 0x2c) {
      if (offset + 10 > bytes.length) return truncated;
      const local = bytes[offset + 9]!;
      // Descriptor (10 bytes), local colour table, LZW minimum code size, then the image data.
      offset = skipSubBlocks(bytes, offset + 10 + (local & 0x80 ? 3 * 2 ** ((local & 0x07) + 1) : 0) + 1);
    } else {
      return `the GIF has an unknown block 0x${introducer.toString(16)} (corrupt)`;
    }
    if (offset === -1) return truncated;
  }
  return truncated;
}

/** The structural problem of a PNG or GIF, by its signature; null for sound files and other formats. */
export function structureProblem(bytes: Buffer): string | null {
  if (bytes.subarray(0, 8).equals(PNG_SIGNATURE)) return pngProblem(bytes);
  const head = bytes.toString('latin1', 0, 6);
  if (head === 'GIF87a' || head === 'GIF89a') return gifProblem(bytes);
  return null;
}
