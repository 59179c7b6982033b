/**
 * Decoded pixels handed to the detectors: a small preview made by sharp (engine/), never
 * the full image. `scale` maps preview pixels back to source pixels (source = preview / scale).
 */
export interface RawPixels {
  readonly data: Uint8Array;
  readonly width: number;
  readonly height: number;
  /** 3 for RGB, 4 for RGBA, interleaved, row-major, no padding. */
  readonly channels: 3 | 4;
}
