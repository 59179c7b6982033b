// Everything the bench grades, each turned into "the window it cuts, in source pixels":
// our gravity modes through the public library API, and the libraries on their own.
import sharp from 'sharp';
import smartcropPackage from 'smartcrop';
import { render } from '../../src/index.js';
import { maxWindowSize, type Box, type Dimensions } from './coverage.js';
import type { QualityCase } from './quality-case.js';
import type { Aspect } from './quality-set.js';

export const OUR_MODES = ['face', 'faces', 'smart', 'auto', 'entropy', 'center'] as const;
export const BASELINES = ['libvips attention', 'libvips entropy', 'smartcrop.js'] as const;
export type Cropper = (typeof OUR_MODES)[number] | (typeof BASELINES)[number];
export const CROPPERS: readonly Cropper[] = [...OUR_MODES, ...BASELINES];

/** Output sizes per aspect: small enough to be cheap, large enough that libvips' window maps back within a pixel or two. */
const OUTPUT: Readonly<Record<Aspect['name'], Dimensions>> = {
  '1:1': { width: 400, height: 400 },
  '16:9': { width: 480, height: 270 },
  '9:16': { width: 270, height: 480 },
  '4:5': { width: 320, height: 400 },
};

/** What a crop decided: the window, and for our modes what decided it (focus and fallbacks). */
export interface CropResult {
  readonly window: Box;
  readonly focus: string;
}

async function ours(item: QualityCase, aspect: Aspect, gravity: string): Promise<CropResult> {
  const size = OUTPUT[aspect.name];
  const result = await render(item.input, { w: String(size.width), h: String(size.height), gravity, f: 'jpeg' });
  return { window: result.decision.window, focus: [...result.decision.fallbacks.map((f) => f.split(':')[0]), result.decision.focus].join('>') };
}

/**
 * libvips' own crop strategy at the window size itself: no resize happens (one side already
 * fits), so the crop offsets sharp reports are source pixels.
 */
async function libvips(item: QualityCase, aspect: Aspect, strategy: 'attention' | 'entropy'): Promise<CropResult> {
  const size = maxWindowSize(item, aspect);
  const { info } = await sharp(item.input)
    .resize(size.width, size.height, { fit: 'cover', position: sharp.strategy[strategy] })
    .raw()
    .toBuffer({ resolveWithObject: true });
  // sharp reports the offsets negated (libvips' "where the image moves"), hence the sign.
  const x = Math.abs(info.cropOffsetLeft ?? 0);
  const y = Math.abs(info.cropOffsetTop ?? 0);
  return { window: { x, y, width: size.width, height: size.height }, focus: strategy };
}

interface SmartcropImage {
  width: number;
  height: number;
  data: Uint8ClampedArray;
}
interface SmartcropModule {
  crop(image: SmartcropImage, options: Record<string, unknown>): Promise<{ topCrop: Box }>;
}
const smartcrop = smartcropPackage as unknown as SmartcropModule;

/** The preview side smartcrop is fed, as src/engine/detections.ts feeds it. */
const SMARTCROP_SIDE = 256;

function nearest(image: SmartcropImage, w: number, h: number): SmartcropImage {
  const width = Math.floor(w);
  const height = Math.floor(h);
  const data = new Uint8ClampedArray(width * height * 4);
  for (let y = 0; y < height; y++) {
    const sy = Math.min(image.height - 1, Math.floor(((y + 0.5) * image.height) / height));
    for (let x = 0; x < width; x++) {
      const s = (sy * image.width + Math.min(image.width - 1, Math.floor(((x + 0.5) * image.width) / width))) * 4;
      data.set(image.data.subarray(s, s + 4), (y * width + x) * 4);
    }
  }
  return { width, height, data };
}

/** smartcrop.js with its default options on a sharp-downscaled RGBA preview; its window scaled back to the source. */
async function smartcropAlone(item: QualityCase, aspect: Aspect): Promise<CropResult> {
  const { data, info } = await sharp(item.input).resize(SMARTCROP_SIDE, SMARTCROP_SIDE, { fit: 'inside' }).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  const image = { width: info.width, height: info.height, data: new Uint8ClampedArray(data.buffer, data.byteOffset, data.byteLength) };
  const { topCrop } = await smartcrop.crop(image, {
    width: aspect.width * 100,
    height: aspect.height * 100,
    imageOperations: {
      open: async (input: SmartcropImage) => input,
      resample: async (input: SmartcropImage, w: number, h: number) => nearest(input, w, h),
      getData: async (input: SmartcropImage) => input,
    },
  });
  const sx = item.width / info.width;
  const sy = item.height / info.height;
  const window = { x: Math.round(topCrop.x * sx), y: Math.round(topCrop.y * sy), width: Math.round(topCrop.width * sx), height: Math.round(topCrop.height * sy) };
  return { window, focus: 'smartcrop' };
}

/** The window `cropper` cuts from `item` at `aspect`. */
export function cropWith(cropper: Cropper, item: QualityCase, aspect: Aspect): Promise<CropResult> {
  switch (cropper) {
    case 'libvips attention':
      return libvips(item, aspect, 'attention');
    case 'libvips entropy':
      return libvips(item, aspect, 'entropy');
    case 'smartcrop.js':
      return smartcropAlone(item, aspect);
    default:
      return ours(item, aspect, cropper);
  }
}
