/** The decode limits every probe, preview and render is held to. */
export interface ProbeLimits {
  /** Refuse images whose header declares more pixels than this, before decoding anything. An animation counts every frame it decodes. */
  readonly maxInputPixels: number;
  /**
   * An animated render's work: frames × output pixels (each frame is resized and quantised). Above it the
   * render is refused with 413 before any frame is decoded. Absent: DEFAULT_MAX_ANIMATION_PIXELS.
   */
  readonly maxAnimationPixels?: number | undefined;
}

/** The input pixel limit when none is configured (the library and the CLI). */
export const DEFAULT_MAX_INPUT_PIXELS = 100_000_000;

/**
 * frames × output pixels when none is configured: 100 frames of 480×400, or 30 of 800×800. GIF encoding
 * (libimagequant on every frame) is the cost: about a second per 2 million output pixels on one core.
 */
export const DEFAULT_MAX_ANIMATION_PIXELS = 20_000_000;
