/** The decode limits every probe, preview and render is held to. */
export interface ProbeLimits {
  /** Refuse images whose header declares more pixels than this, before decoding anything. */
  readonly maxInputPixels: number;
}

/** The input pixel limit when none is configured (the library and the CLI). */
export const DEFAULT_MAX_INPUT_PIXELS = 100_000_000;
