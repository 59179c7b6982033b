/** A point in normalised source coordinates: (0,0) top-left, (1,1) bottom-right. */
export interface NormalisedPoint {
  readonly x: number;
  readonly y: number;
}

/**
 * Rounds a normalised coordinate to 4 decimals (a tenth of a pixel at 1000 px), the precision every focal
 * point is kept at, so equivalent URLs share one cache key.
 */
export function roundNormalised(value: number): number {
  return Math.round(value * 10_000) / 10_000;
}
