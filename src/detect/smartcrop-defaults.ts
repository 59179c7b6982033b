import type { SmartcropTunables } from './smartcrop-engine.js';

/** How a run's feature map becomes a confidence; see `smartcropConfidence` for the mapping. */
export interface ConfidenceCalibration {
  /** Share of the score cells, the most salient ones, whose mean saliency is the image's peak saliency. */
  readonly peakShare: number;
  /** Peak saliency (smartcrop's score weights, per 8×8 cell) under which the image counts as flat. */
  readonly strengthFloor: number;
  /** Peak saliency range over which strength ramps from 0 to 1. */
  readonly strengthRange: number;
  /** Gini coefficient of the saliency map at which focus starts to count (noise sits at 0.08–0.11). */
  readonly focusGiniFloor: number;
  /** Gini range over which focus ramps from 0 to 1 (photos sit at 0.45–0.77, a lone object at 0.95+). */
  readonly focusGiniRange: number;
  /** Lift (window saliency ÷ image saliency) at which framing starts to count (uniform content sits at 1). */
  readonly framingLiftFloor: number;
  /** Lift range over which framing ramps from 0 to 1. */
  readonly framingLiftRange: number;
  /** Score cells at which an image is big enough for full confidence; fewer scale it down by √(cells ÷ this). */
  readonly fullConfidenceCells: number;
}

export interface SmartcropSettings extends SmartcropTunables {
  /** Below this many pixels on either side there is not one score cell: no answer. */
  readonly minImageSide: number;
  readonly confidence: ConfidenceCalibration;
}

/**
 * Every tunable of smart cropping in one place. The smartcrop values are the package's own
 * defaults (2.0.5), restated so an upgrade cannot move our crops silently. `prescale`, `minScale`
 * and `maxScale` are fixed in smartcrop-engine.ts, not tunable (see there).
 */
export const SMARTCROP_DEFAULTS = Object.freeze({
  // Weight of edge detail (a Laplacian on luminance) in a window's score.
  detailWeight: 0.2,
  // The normalised RGB direction of skin; distance from it is the skin likeness.
  skinColor: Object.freeze([0.78, 0.57, 0.44] as const),
  // Lets smooth skin count a little even where it has no detail.
  skinBias: 0.01,
  // Skin only counts between these luminances (0..1), so shadows and blown highlights do not.
  skinBrightnessMin: 0.2,
  skinBrightnessMax: 1.0,
  // Skin likeness (0..1) above which a pixel is skin.
  skinThreshold: 0.8,
  // Skin is the strongest cue: people are what a crop must not cut.
  skinWeight: 1.8,
  // Saturation only counts between these luminances, so near-black and near-white noise does not.
  saturationBrightnessMin: 0.05,
  saturationBrightnessMax: 0.9,
  // HSL saturation above which a pixel counts as colourful.
  saturationThreshold: 0.4,
  // Lets a flat saturated object count even where it has no edges.
  saturationBias: 0.2,
  saturationWeight: 0.1,
  // Side of the cells the score is summed over; 8 keeps a 400 px preview to ~2,500 cells.
  scoreDownSample: 8,
  // Candidate windows are tried every `step` pixels; equal to the cell side, as smartcrop advises.
  step: 8,
  // Fraction of the window near its edges whose content is penalised (so subjects are not cut)...
  edgeRadius: 0.4,
  // ...and how hard.
  edgeWeight: -20,
  // Weight of salient content left outside the window.
  outsideImportance: -0.5,
  // Favours subjects on the thirds lines, as smartcrop does by default.
  ruleOfThirds: true,
  // One score cell: anything smaller cannot be scored at all.
  minImageSide: 8,
  // The confidence mapping (smartcrop-confidence.ts), calibrated on the face-api demo photos and synthetic images.
  confidence: Object.freeze({
    // The top 2 % of cells: a small object still fills them, faint JPEG noise does not.
    peakShare: 0.02,
    // A 20 px blue square on light grey peaks at ~0.011, JPEG banding of a smooth sky at ~0.004.
    strengthFloor: 0.003,
    strengthRange: 0.012,
    // Noise 0.08–0.11 stays at 0; photos (0.45+) reach ~1.
    focusGiniFloor: 0.15,
    focusGiniRange: 0.35,
    // Uniform content (lift 1) keeps half; a window that frames its subject (lift ≥ 1.5) keeps all.
    framingLiftFloor: 0.5,
    framingLiftRange: 1,
    // 8×8 cells (a 64 px preview) before an image counts as big enough to be sure of anything.
    fullConfidenceCells: 64,
  }),
} as const satisfies SmartcropSettings);
