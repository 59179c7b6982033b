import { COMPASS } from '../geometry/compass-window.js';
import { CROP_ALIASES, FITS, FLIPS, GRAVITY_NAMES, MAX_BLUR, MAX_DIMENSION, MAX_DPR, MAX_FRAME, MAX_PAD, MAX_SHARPEN, MAX_TRIM, MIN_BLUR, OUTPUT_FORMATS } from './vocabulary.js';

/**
 * The render URL parameters (SPEC §1), each described with its range: `convertly render --help` lists them
 * as `--name <value>`, the OpenAPI document as the query of `GET /cdn/{fileId}`. parseTransform checks them.
 */
export const RENDER_OPTIONS = [
  { name: 'w', value: 'px', help: `output width in CSS pixels, an integer 1–${MAX_DIMENSION}` },
  { name: 'h', value: 'px', help: `output height in CSS pixels, an integer 1–${MAX_DIMENSION}` },
  { name: 'dpr', value: 'ratio', help: `device pixel ratio, 1–${MAX_DPR} (decimals allowed); w×dpr and h×dpr at most ${MAX_DIMENSION}` },
  { name: 'fit', value: 'fit', help: `${FITS.join(', ')} (default cover; only cover crops)` },
  { name: 'gravity', value: 'mode', help: `how the crop is chosen: ${GRAVITY_NAMES.join(', ')}` },
  { name: 'crop', value: 'alias', help: `imgix-style alias of gravity: ${Object.keys(CROP_ALIASES).join(', ')}` },
  { name: 'fp', value: 'x,y', help: 'manual focal point, fractions 0–1 (0.3,0.7) or percentages (30%,70%); wins over gravity' },
  { name: 'f', value: 'format', help: `${OUTPUT_FORMATS.join(', ')} (jpg = jpeg; default: from the output extension, else the input's format)` },
  { name: 'q', value: 'quality', help: 'quality for lossy formats, an integer 1–100 (default per format)' },
  { name: 'rot', value: 'degrees', help: 'clockwise 0–359: 90/180/270 turn the image before cropping, other angles turn the output' },
  { name: 'flip', value: 'axis', help: `mirror: ${FLIPS.join(', ')} (before rot)` },
  { name: 'blur', value: 'sigma', help: `Gaussian blur, 0 (off) or ${MIN_BLUR}–${MAX_BLUR}` },
  { name: 'sharpen', value: 'sigma', help: `sharpen, 0 (off) or 0.01–${MAX_SHARPEN}` },
  { name: 'trim', value: 'threshold', help: `cut a border of one colour first, threshold 0–${MAX_TRIM}` },
  { name: 'bg', value: 'hex', help: 'fill for contain, pad, rotation and JPEG flattening: rgb, rgba, rrggbb or rrggbbaa' },
  { name: 'pad', value: 'px', help: `padding around the output, one value or top,right,bottom,left, each 0–${MAX_PAD}` },
  { name: 'upscale', value: '0|1', help: '0: never larger than the source' },
  { name: 'frame', value: 'n', help: `one frame of an animated GIF or WebP, 1 (the first)–${MAX_FRAME}; without it an animation stays animated in gif and webp` },
  { name: 'mark', value: 'file', help: 'watermark: a file id or upload path of the same workspace (the CLI: a local image file)' },
  { name: 'markpos', value: 'position', help: `where the mark sits: ${COMPASS.join(', ')} (default southeast), or x,y fractions/percentages of the free space` },
  { name: 'markw', value: 'fraction', help: 'mark width as a fraction (0.25) or percentage (25%) of the output width; default its own size × dpr' },
  { name: 'markalpha', value: '0-100', help: 'mark opacity, 0–100 (default 100)' },
  { name: 'markpad', value: 'px', help: `mark distance from the edges, one value or horizontal,vertical, each 0–${MAX_PAD}` },
] as const;
