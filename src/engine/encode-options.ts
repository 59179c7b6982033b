import type { Sharp } from 'sharp';
import type { OutputFormat } from '../params/vocabulary.js';

/**
 * Per-format encoder defaults. Chosen for a CDN: small files at a quality nobody notices,
 * with encoder effort capped so an uncached render stays fast (see bench/engine.bench.ts).
 */
export const ENCODE_DEFAULTS = {
  jpeg: { quality: 80, mozjpeg: false },
  // effort 4 is libwebp's default balance; lower saves little time at 600×400.
  webp: { quality: 78, effort: 4 },
  // libaom's default effort (4 here, ~730 ms for 600×400) is far too slow per miss; effort 2
  // keeps a 600×400 render near 100 ms for about 7% more bytes.
  avif: { quality: 52, effort: 2 },
  png: { compressionLevel: 6, effort: 4 },
  gif: { effort: 4 },
} as const;

/** Applies the encoder for `format` with the caller's quality (lossy formats) or the default. */
export function applyEncoder(pipeline: Sharp, format: OutputFormat, quality: number | undefined): Sharp {
  switch (format) {
    case 'jpeg':
      return pipeline.jpeg({ ...ENCODE_DEFAULTS.jpeg, quality: quality ?? ENCODE_DEFAULTS.jpeg.quality });
    case 'webp':
      return pipeline.webp({ ...ENCODE_DEFAULTS.webp, quality: quality ?? ENCODE_DEFAULTS.webp.quality });
    case 'avif':
      return pipeline.avif({ ...ENCODE_DEFAULTS.avif, quality: quality ?? ENCODE_DEFAULTS.avif.quality });
    case 'png':
      return pipeline.png(ENCODE_DEFAULTS.png);
    case 'gif':
      return pipeline.gif(ENCODE_DEFAULTS.gif);
  }
}

export const CONTENT_TYPES = {
  jpeg: 'image/jpeg',
  png: 'image/png',
  webp: 'image/webp',
  avif: 'image/avif',
  gif: 'image/gif',
} as const satisfies Record<OutputFormat, string>;
