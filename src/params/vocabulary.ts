import { COMPASS, type Compass } from '../geometry/compass-window.js';

/** The closed vocabularies of the transform parameters (SPEC §1). */
export const FITS = ['cover', 'contain', 'fill', 'inside', 'outside'] as const;
export type Fit = (typeof FITS)[number];


export const GRAVITY_NAMES = ['auto', 'smart', 'face', 'faces', 'entropy', 'focal', ...COMPASS] as const;
export type Gravity = (typeof GRAVITY_NAMES)[number];

export const OUTPUT_FORMATS = ['jpeg', 'png', 'webp', 'avif', 'gif'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];
export type FormatRequest = OutputFormat | 'auto';

/** imgix-style `crop=` values and the gravity each stands for. */
export const CROP_ALIASES = {
  smart: 'smart',
  edges: 'smart',
  faces: 'faces',
  entropy: 'entropy',
  focalpoint: 'focal',
} as const satisfies Record<string, Gravity>;

/** What decided a crop, as named in `X-Convertly-Focus`. */
export type FocusSource = 'fp' | 'focal' | 'face' | 'faces' | 'smart' | 'auto' | 'entropy' | Compass;

export const MAX_DIMENSION = 8192;
export const MAX_DPR = 4;

/** `flip=`: mirror left-right (`h`), top-bottom (`v`) or both. */
export const FLIPS = ['h', 'v', 'hv'] as const;
export type Flip = (typeof FLIPS)[number];

/** Bounds of the filter and canvas parameters (docs/api.md §1). */
export const MAX_BLUR = 100;
export const MIN_BLUR = 0.3;
export const MAX_SHARPEN = 10;
export const MAX_TRIM = 255;
export const MAX_PAD = 1000;
/** `frame=` is 1-based, like imgix's `frame` and Cloudinary's `pg_`; this bounds it before the source's frame count is known. */
export const MAX_FRAME = 100_000;
