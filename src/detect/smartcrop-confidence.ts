import { clamp } from '../geometry/types.js';
import type { SmartcropSettings } from './smartcrop-defaults.js';
import { downSampleFeatures, windowImportance, type SmartcropImage, type SmartcropRun, type WindowRect } from './smartcrop-engine.js';

/** The factors of a confidence, each in [0,1], kept for calibration and debugging. */
export interface ConfidenceFactors {
  readonly strength: number;
  readonly focus: number;
  readonly framing: number;
  readonly size: number;
  readonly confidence: number;
}

/*
 * Confidence mapping. smartcrop's `total` only ranks windows of one image: it is divided by the
 * window area, dominated by importance weights that go negative near edges, and by an artefact
 * (its edge filter outputs raw luminance on the 1 px image border), so it is negative on a flat
 * grey, on noise and on a lone red square alike, and ~0.0002–0.002 on photographs. The confidence
 * is read from the same scoring instead. Per 8×8 score cell, saliency = detailWeight·d
 * + skinWeight·k·(d + skinBias) + saturationWeight·s·(d + saturationBias) — the summand of
 * smartcrop's score before importance — from its own feature map, border detail zeroed. Then:
 *   strength = ramp(peak)    peak: mean saliency of the top 2 % of cells. ~0 on flat images and
 *                            faint JPEG artefacts, 0.01–0.1 for one small object, ~0.4–0.5 photos.
 *   focus    = ramp(gini)    Gini coefficient of the cells: 0 for one colour, 0.08–0.11 for noise,
 *                            0.45–0.77 for photos, 0.95+ for one object on a plain ground.
 *   framing  = ramp(lift)    lift: smartcrop's importance-weighted mean saliency inside the chosen
 *                            window (positive importance only) ÷ the image's mean saliency. 1 for
 *                            uniform content, 1.1–1.7 for the photos, ~3 for a lone centred object,
 *                            under 0.5 when the salient part sits where the window cannot frame it.
 *   size     = min(1, √(cells / fullConfidenceCells))   an 8×8 image is one cell → 0.125.
 *   confidence = size · strength · focus · framing, rounded to 3 decimals.
 * Each factor can veto: one colour has no strength, noise no focus, a gradient's JPEG banding no
 * framing, a tiny image no size. Ramps and floors are in SMARTCROP_DEFAULTS.confidence.
 */

/** How sure smartcrop's pick is, in [0,1], with its factors; under ~0.3 means no strong subject. */
export function smartcropConfidence(run: SmartcropRun, window: WindowRect, settings: SmartcropSettings): ConfidenceFactors {
  const calibration = settings.confidence;
  const cells = saliencyCells(run.features, settings);
  const total = cells.values.reduce((sum, v) => sum + v, 0);
  const size = Math.min(1, Math.sqrt(cells.values.length / calibration.fullConfidenceCells));
  if (total <= 0) return { strength: 0, focus: 0, framing: 0, size, confidence: 0 };

  let weighted = 0;
  let weights = 0;
  for (let cy = 0; cy < cells.height; cy++) {
    for (let cx = 0; cx < cells.width; cx++) {
      // Cells are sampled at their top-left pixel, as smartcrop's own scorer does.
      const importance = windowImportance(settings, window, cx * settings.scoreDownSample, cy * settings.scoreDownSample);
      if (importance <= 0) continue;
      weighted += importance * cells.values[cy * cells.width + cx]!;
      weights += importance;
    }
  }
  const windowSaliency = weights > 0 ? weighted / weights : 0;
  const lift = windowSaliency / (total / cells.values.length);
  const strength = ramp(peak(cells.values, calibration.peakShare), calibration.strengthFloor, calibration.strengthRange);
  const focus = ramp(gini(cells.values), calibration.focusGiniFloor, calibration.focusGiniRange);
  const framing = ramp(lift, calibration.framingLiftFloor, calibration.framingLiftRange);
  const confidence = size * strength * focus * framing;
  return { strength, focus, framing, size, confidence: Math.round(confidence * 1000) / 1000 };
}

function ramp(value: number, floor: number, range: number): number {
  return clamp((value - floor) / range, 0, 1);
}

interface Cells {
  readonly width: number;
  readonly height: number;
  readonly values: Float64Array;
}

function saliencyCells(features: SmartcropImage, settings: SmartcropSettings): Cells {
  const { width, height, data } = features;
  // The feature map is this run's own buffer, so it is cleaned in place.
  for (let x = 0; x < width; x++) {
    data[x * 4 + 1] = 0;
    data[((height - 1) * width + x) * 4 + 1] = 0;
  }
  for (let y = 0; y < height; y++) {
    data[y * width * 4 + 1] = 0;
    data[(y * width + width - 1) * 4 + 1] = 0;
  }
  const cells = downSampleFeatures(features, settings.scoreDownSample);
  const values = new Float64Array(cells.width * cells.height);
  for (let i = 0; i < values.length; i++) {
    const skin = cells.data[i * 4]! / 255;
    const detail = cells.data[i * 4 + 1]! / 255;
    const saturation = cells.data[i * 4 + 2]! / 255;
    values[i] =
      settings.detailWeight * detail +
      settings.skinWeight * skin * (detail + settings.skinBias) +
      settings.saturationWeight * saturation * (detail + settings.saturationBias);
  }
  return { width: cells.width, height: cells.height, values };
}

/** Mean of the highest `share` of the values (at least one). */
function peak(values: Float64Array, share: number): number {
  const sorted = Float64Array.from(values).sort().reverse();
  const count = Math.max(1, Math.round(sorted.length * share));
  return sorted.subarray(0, count).reduce((sum, v) => sum + v, 0) / count;
}

/** Gini coefficient of non-negative values: 0 when all are equal, towards 1 when one holds everything. */
function gini(values: Float64Array): number {
  const sorted = Float64Array.from(values).sort();
  let sum = 0;
  let weighted = 0;
  for (let i = 0; i < sorted.length; i++) {
    sum += sorted[i]!;
    weighted += (2 * (i + 1) - sorted.length - 1) * sorted[i]!;
  }
  return sum > 0 ? weighted / (sorted.length * sum) : 0;
}
