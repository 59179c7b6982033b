import { COMPASS, type Compass } from '../geometry/compass-window.js';
import type { Focus } from '../params/focus.js';
import type { Gravity } from '../params/vocabulary.js';
import {
  attentionStrategy,
  compassStrategy,
  entropyStrategy,
  faceStrategy,
  faceSubjectStrategy,
  facesStrategy,
  objectStrategy,
  focalStrategy,
  fpStrategy,
  smartStrategy,
  type GravityStrategy,
} from './strategies.js';

/** Everything the rest of the service needs to know about one way of choosing a crop. */
export interface GravityMode {
  /** The fall-through chain, tried in order; the last link always decides. */
  readonly chain: readonly GravityStrategy[];
  /** A link runs a detector on the source's pixels (in the worker pool), so the render may overlap decode and detection. */
  readonly needsPixels: boolean;
  /** The result follows the file's stored focal point, so it changes when that is edited (caches revalidate). */
  readonly followsStored: boolean;
}

const center = compassStrategy('center');
const plain = (chain: readonly GravityStrategy[]): GravityMode => ({ chain, needsPixels: false, followsStored: false });
const detecting = (chain: readonly GravityStrategy[]): GravityMode => ({ chain, needsPixels: true, followsStored: false });

const compassModes = Object.fromEntries(COMPASS.map((name) => [name, plain([compassStrategy(name)])])) as Record<Compass, GravityMode>;

/** The registry of gravity modes: one entry per `gravity=` value (SPEC §1). */
export const GRAVITIES = {
  ...compassModes,
  auto: plain([attentionStrategy]),
  entropy: plain([entropyStrategy]),
  // Faces (with the bodies they belong to), then the main detected object, then smartcrop's saliency.
  smart: detecting([faceSubjectStrategy, objectStrategy, smartStrategy, attentionStrategy]),
  // No face: the main detected object (a pet, a vehicle, people too far for their faces) before smartcrop's saliency.
  face: detecting([faceStrategy, objectStrategy, smartStrategy, attentionStrategy]),
  faces: detecting([facesStrategy, objectStrategy, smartStrategy, attentionStrategy]),
  focal: { chain: [focalStrategy, center], needsPixels: false, followsStored: true },
} as const satisfies Record<Gravity, GravityMode>;

/** `fp=x,y`: pure pixel math around the named point. */
const POINT_MODE = plain([fpStrategy]);

/** The mode a request's focus selects: its point, its gravity, or (neither named) the stored focal point's. */
export function gravityModeFor(focus: Focus): GravityMode {
  if (focus.kind === 'point') return POINT_MODE;
  return GRAVITIES[focus.kind === 'gravity' ? focus.name : 'focal'];
}
