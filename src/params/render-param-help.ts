import { CROP_ALIASES, FITS, GRAVITY_NAMES, MAX_DIMENSION, MAX_DPR, OUTPUT_FORMATS } from './vocabulary.js';

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
] as const;
