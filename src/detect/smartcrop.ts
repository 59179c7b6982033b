import { invalidParameter } from '../errors/app-error.js';
import { toNormalisedPoint } from '../geometry/focal-window.js';
import { rectCentre, type Rect, type Size } from '../geometry/types.js';
import type { RawPixels } from './pixels.js';
import { smartcropConfidence } from './smartcrop-confidence.js';
import { SMARTCROP_DEFAULTS, type ConfidenceCalibration, type SmartcropSettings } from './smartcrop-defaults.js';
import { runSmartcrop } from './smartcrop-engine.js';

export { SMARTCROP_DEFAULTS } from './smartcrop-defaults.js';

/** smartcrop's score of the chosen window (its internal units: only comparable within one image). */
export interface SmartCropScore {
  readonly detail: number;
  readonly saturation: number;
  readonly skin: number;
  readonly total: number;
}

/** The best window of the target aspect, in the given pixels' coordinates. */
export interface SmartCrop {
  readonly window: Rect;
  readonly score: SmartCropScore;
  /** In [0,1]; under ~0.3 means no strong subject (see smartcrop-confidence.ts for the mapping). */
  readonly confidence: number;
}

/** The centre of the best square window, for the analyze response. */
export interface SmartFocus extends SmartCrop {
  /** Normalised to [0,1] on each axis (4 decimals), ready for `?fp=x,y`. */
  readonly x: number;
  readonly y: number;
}

export type SmartcropOptions = Partial<Omit<SmartcropSettings, 'confidence'>> & {
  readonly confidence?: Partial<ConfidenceCalibration>;
};

/**
 * The window smartcrop scores best for the aspect of `target` (only its aspect matters), with a
 * confidence; null when the image is under 8×8 or the aspect leaves no window of a pixel.
 * Synchronous and pure, so it can run in a worker.
 * @throws invalid_parameter when `target` has no positive finite width and height, or options a step under 1
 */
export function detectSmartCrop(pixels: RawPixels, target: Size, options: SmartcropOptions = {}): SmartCrop | null {
  if (!(target.width > 0 && target.height > 0 && Number.isFinite(target.width) && Number.isFinite(target.height))) {
    throw invalidParameter('target', 'a positive width and height', `${target.width}×${target.height}`);
  }
  const settings: SmartcropSettings = {
    ...SMARTCROP_DEFAULTS,
    ...options,
    confidence: { ...SMARTCROP_DEFAULTS.confidence, ...options.confidence },
  };
  if (!(settings.step >= 1 && settings.scoreDownSample >= 1)) {
    // A zero step would never end smartcrop's candidate loop.
    throw invalidParameter('options.step', 'a step and scoreDownSample of at least 1', `${settings.step}, ${settings.scoreDownSample}`);
  }
  if (pixels.width < settings.minImageSide || pixels.height < settings.minImageSide) return null;
  // Mirrors smartcrop's own sizing: a zero side would make it fall back to a square silently.
  const scale = Math.min(pixels.width / target.width, pixels.height / target.height);
  if (Math.trunc(target.width * scale) < 1 || Math.trunc(target.height * scale) < 1) return null;

  const run = runSmartcrop(pixels, target, settings);
  const top = run.topCrop;
  if (top === null || !Number.isFinite(top.score.total) || top.width < 1 || top.height < 1) return null;
  const window: Rect = { x: top.x, y: top.y, width: top.width, height: top.height };
  const { detail, saturation, skin, total } = top.score;
  const { confidence } = smartcropConfidence(run, window, settings);
  return { window, score: { detail, saturation, skin, total }, confidence };
}

/**
 * The focal point smartcrop picks: the centre of its best square window. To cut the source,
 * map the point (not the window) with `toSourcePoint` and `focalWindow`, so rounding stays exact.
 * Null when detectSmartCrop would be.
 */
export function smartFocus(pixels: RawPixels, options: SmartcropOptions = {}): SmartFocus | null {
  const crop = detectSmartCrop(pixels, { width: 1, height: 1 }, options);
  if (crop === null) return null;
  const point = toNormalisedPoint(pixels, rectCentre(crop.window));
  return { ...crop, x: point.x, y: point.y };
}
