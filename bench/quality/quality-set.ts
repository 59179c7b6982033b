import { buildComposites } from './composites.js';
import type { QualityCase } from './quality-case.js';
import { buildRealPhotos } from './real-photos.js';

/** The four aspects of issue 11's metric, as width:height. */
export const ASPECTS = [
  { name: '1:1', width: 1, height: 1 },
  { name: '16:9', width: 16, height: 9 },
  { name: '9:16', width: 9, height: 16 },
  { name: '4:5', width: 4, height: 5 },
] as const;
export type Aspect = (typeof ASPECTS)[number];

/** The whole labelled set: real photos first, then the composites (built at run time, deterministic). */
export async function buildQualitySet(): Promise<QualityCase[]> {
  return [...(await buildRealPhotos()), ...(await buildComposites())];
}
