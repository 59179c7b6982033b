import smartcropPackage from 'smartcrop';
import { AppError } from '../errors/app-error.js';
import type { RawPixels } from './pixels.js';
import { toRgba } from './rgba.js';

/** RGBA pixels in smartcrop's own shape (its `ImgData`). */
export interface SmartcropImage {
  readonly width: number;
  readonly height: number;
  readonly data: Uint8ClampedArray;
}

/** The per-window score smartcrop computes; `total` is what it maximises. */
export interface SmartcropScore {
  readonly detail: number;
  readonly saturation: number;
  readonly skin: number;
  readonly boost: number;
  readonly total: number;
}

export interface WindowRect {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export interface SmartcropCandidate extends WindowRect {
  readonly score: SmartcropScore;
}

/** The tunables smartcrop reads (its `DEFAULTS` keys that we set), all required so nothing is implicit. */
export interface SmartcropTunables {
  readonly detailWeight: number;
  readonly skinColor: readonly [number, number, number];
  readonly skinBias: number;
  readonly skinBrightnessMin: number;
  readonly skinBrightnessMax: number;
  readonly skinThreshold: number;
  readonly skinWeight: number;
  readonly saturationBrightnessMin: number;
  readonly saturationBrightnessMax: number;
  readonly saturationThreshold: number;
  readonly saturationBias: number;
  readonly saturationWeight: number;
  readonly scoreDownSample: number;
  readonly step: number;
  readonly edgeRadius: number;
  readonly edgeWeight: number;
  readonly outsideImportance: number;
  readonly ruleOfThirds: boolean;
}

/** What a run returns: the best window, and smartcrop's feature map (R skin, G detail, B saturation). */
export interface SmartcropRun {
  readonly topCrop: SmartcropCandidate | null;
  readonly candidates: number;
  readonly features: SmartcropImage;
}

// Thenables that run their callback at once. smartcrop only ever calls `.then` on what
// `imageOperations` return, so with these its whole promise chain completes inside `crop()`
// and the detector stays synchronous (a worker can run it without awaiting anything).
interface SyncThenable<T> {
  then<U>(onFulfilled: (value: T) => U): SyncThenable<U>;
}

function settled<T>(value: T): SyncThenable<T> {
  return { then: (onFulfilled) => settled(onFulfilled(value)) };
}

interface ImageOperations {
  open(input: RawPixels): SyncThenable<SmartcropImage>;
  resample(image: SmartcropImage, width: number, height: number): SyncThenable<SmartcropImage>;
  getData(image: SmartcropImage): SyncThenable<SmartcropImage>;
}

interface RawRunResult {
  topCrop: SmartcropCandidate | null;
  crops?: readonly SmartcropCandidate[];
  debugOutput?: SmartcropImage;
}

interface SmartcropModule {
  importance(options: SmartcropTunables, crop: WindowRect, x: number, y: number): number;
  crop(input: RawPixels, options: Record<string, unknown>, callback: (result: RawRunResult) => void): unknown;
  _downSample(image: SmartcropImage, factor: number): SmartcropImage;
}

// The package's own .d.ts covers only the browser canvas call; this is the part we use.
const smartcrop = smartcropPackage as unknown as SmartcropModule;

const imageOperations: ImageOperations = {
  open: (input) => settled({ width: input.width, height: input.height, data: toRgba(input) }),
  // Unused while `prescale` is off (the engine already downscaled); nearest-neighbour keeps it honest if enabled.
  resample: (image, width, height) => settled(resampleNearest(image, Math.floor(width), Math.floor(height))),
  getData: (image) => settled(image),
};

function resampleNearest(image: SmartcropImage, width: number, height: number): SmartcropImage {
  const data = new Uint8ClampedArray(width * height * 4);
  for (let y = 0; y < height; y++) {
    const sy = Math.min(image.height - 1, Math.floor(((y + 0.5) * image.height) / height));
    for (let x = 0; x < width; x++) {
      const sx = Math.min(image.width - 1, Math.floor(((x + 0.5) * image.width) / width));
      data.set(image.data.subarray((sy * image.width + sx) * 4, (sy * image.width + sx) * 4 + 4), (y * width + x) * 4);
    }
  }
  return { width, height, data };
}

/**
 * Runs smartcrop's analysis on the pixels for windows of the target aspect, synchronously.
 * @throws internal_error when the pixel buffer does not match its size
 */
export function runSmartcrop(pixels: RawPixels, aspect: { width: number; height: number }, tunables: SmartcropTunables): SmartcropRun {
  let result: RawRunResult | undefined;
  smartcrop.crop(
    pixels,
    {
      ...tunables,
      skinColor: [...tunables.skinColor],
      width: aspect.width,
      height: aspect.height,
      // Fixed, not tunable: only the largest window of the aspect is scored (the focal-crop contract),
      // the engine already made a small preview, and debug keeps the feature map for the confidence.
      minScale: 1,
      maxScale: 1,
      prescale: false,
      debug: true,
      imageOperations,
    },
    (value) => {
      result = value;
    },
  );
  if (result === undefined || result.debugOutput === undefined) {
    throw new AppError('internal_error', 'smartcrop did not finish synchronously: check its version (imageOperations contract)');
  }
  return { topCrop: result.topCrop, candidates: result.crops?.length ?? 0, features: result.debugOutput };
}

/** smartcrop's importance of the cell at (x, y) for a window: its centre and thirds weigh most, its edges and outside are negative. */
export function windowImportance(tunables: SmartcropTunables, window: WindowRect, x: number, y: number): number {
  return smartcrop.importance(tunables, window, x, y);
}

/** smartcrop's own block downsampling of a feature map (max-biased for skin and detail, as its scorer sees it). */
export function downSampleFeatures(features: SmartcropImage, factor: number): SmartcropImage {
  return smartcrop._downSample(features, factor);
}
