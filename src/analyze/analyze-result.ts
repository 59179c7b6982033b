import type { Palette } from '../detect/palette.js';
import type { Rect, ScoredBox } from '../geometry/types.js';

export { PALETTE_NAMES } from '../detect/palette.js';

/** An object the detector found: a COCO class name, its box in source pixels, the detector's score. */
export interface AnalyzedObject {
  readonly label: string;
  readonly box: Rect;
  readonly score: number;
}

export const FOCAL_SOURCES = ['face', 'smart-crop', 'center'] as const;
export type FocalSource = (typeof FOCAL_SOURCES)[number];

/** The common aspects `focal.crops` suggests windows for. */
export const SUGGESTED_ASPECTS = { '1:1': [1, 1], '4:5': [4, 5], '16:9': [16, 9], '9:16': [9, 16] } as const;
export type SuggestedAspect = keyof typeof SUGGESTED_ASPECTS;

/** The analyze response of SPEC §2 (plus `focal.crops` and `placeholder`). Pixels are source pixels after EXIF orientation. */
export interface AnalyzeResult {
  readonly width: number;
  readonly height: number;
  readonly focal: {
    readonly suggested: { readonly x: number; readonly y: number; readonly confidence: number; readonly source: FocalSource };
    /** The suggested square window around the point. */
    readonly crop: Rect;
    readonly crops: Readonly<Record<SuggestedAspect, Rect>>;
  };
  readonly faces: readonly ScoredBox[];
  /** COCO objects (people, animals, vehicles, …), best score first; renders with `gravity=smart` crop to them. */
  readonly objects: readonly AnalyzedObject[];
  readonly palette: Palette;
  /** A ThumbHash (base64) for an instant blurred preview. */
  readonly placeholder: string;
}
