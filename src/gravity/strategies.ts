import { compassWindow } from '../geometry/compass-window.js';
import { anchoredWindow } from '../geometry/anchored-window.js';
import { groupWindow } from '../geometry/group-window.js';
import { focalWindow, largestWindow, placeWindow, toSourcePoint } from '../geometry/focal-window.js';
import { fitsIn, subjectWindow, unionRect } from '../geometry/subject-window.js';
import { containsRect, rectCentre } from '../geometry/types.js';
import { mainSubject, peopleWithFaces } from './main-subject.js';
import type { Compass } from '../geometry/compass-window.js';
import type { PlannedDecision, WindowDecision } from './crop-decision.js';
import type { GravityContext } from './gravity-context.js';

/** A strategy returns its decision, or null to let the next one in the chain try (with why). */
export type StrategyResult = PlannedDecision | { readonly kind: 'none'; readonly reason: string };
export type GravityStrategy = (context: GravityContext) => Promise<StrategyResult>;

const none = (reason: string): StrategyResult => ({ kind: 'none', reason });

export function compassStrategy(compass: Compass): GravityStrategy {
  return async ({ source, target }) => ({
    kind: 'window',
    focus: compass,
    point: null,
    window: compassWindow(source, target, compass),
    faces: [],
  });
}

/** `fp=x,y`: pure pixel math, no analysis. */
export const fpStrategy: GravityStrategy = async ({ source, target, fp }) => {
  if (fp === undefined) return none('no fp given');
  const point = toSourcePoint(source, fp);
  return { kind: 'window', focus: 'fp', point, window: focalWindow(source, target, point), faces: [] };
};

/** The focal point stored on the file. */
export const focalStrategy: GravityStrategy = async ({ source, target, storedFocal }) => {
  if (storedFocal === null) return none('the file has no stored focal point');
  const point = toSourcePoint(source, storedFocal);
  return { kind: 'window', focus: 'focal', point, window: focalWindow(source, target, point), faces: [] };
};

/** The best face is the focus; the window keeps it and as many of the other faces as fit around it. */
export const faceStrategy: GravityStrategy = async ({ source, target, detections }) => {
  const faces = await detections.faces();
  const picked = anchoredWindow(source, target, faces);
  if (picked === null) return none('no face found');
  return { kind: 'window', focus: 'face', point: rectCentre(picked.anchor), window: picked.window, faces };
};

/** The window that keeps the most faces whole (the most confident of equal counts). */
export const facesStrategy: GravityStrategy = async ({ source, target, detections }) => {
  const faces = await detections.faces();
  if (faces.length === 0) return none('no face found');
  const picked = groupWindow(source, target, faces);
  if (picked === null) return none('no face fits in a window of this aspect');
  const decision: WindowDecision = { kind: 'window', focus: 'faces', point: rectCentre(picked.window), window: picked.window, faces };
  return decision;
};

/**
 * `smart`'s first link: the faces decide as for `face`, and when that window holds every face and
 * the object detector saw the people those faces belong to, the window shows as much of them as
 * it can while keeping the faces (a portrait keeps the body under the face, not the wall above it).
 */
export const faceSubjectStrategy: GravityStrategy = async (context) => {
  const { source, target, detections } = context;
  const decision = await faceStrategy(context);
  if (decision.kind !== 'window') return decision;
  // A window of the whole source (an output of the source's own aspect) has nowhere to move: the
  // people pass could not change it, so it does not run (subjectWindow would return the same window).
  if (decision.window.width === source.width && decision.window.height === source.height) return decision;
  const kept = decision.faces.filter((face) => containsRect(decision.window, face));
  // Only when every face is in: otherwise the face window's own choice (which faces to keep,
  // which to lean towards) is what matters, and moving it for a body could cut a face.
  if (kept.length === 0 || kept.length < decision.faces.length) return decision;
  // The people pass runs only now, when its boxes can move the window: on a photo without faces it
  // would be spent before the objects link runs the full detector. A failure leaves the face decision.
  const people = peopleWithFaces(await detections.people().catch(() => []), kept);
  if (people.length === 0) return decision;
  const keep = unionRect(kept);
  const window = subjectWindow(source, target, unionRect([keep, ...people.map((p) => p.box)]), keep);
  return { ...decision, window };
};

/** The main subject among the detected objects (see main-subject.ts), framed as fully as the aspect allows. */
export const objectStrategy: GravityStrategy = async ({ source, target, detections }) => {
  const size = largestWindow(source, target);
  const subject = mainSubject(await detections.objects(), size);
  if (subject === null) return none('no object found');
  const main = subject.objects[0]!.box;
  const window = subjectWindow(source, target, subject.box, fitsIn(main, size) ? main : null);
  return { kind: 'window', focus: 'smart', point: rectCentre(subject.box), window, faces: [] };
};

/** smartcrop's pick, re-fitted to the largest window of the target aspect around its centre. */
export const smartStrategy: GravityStrategy = async ({ source, target, detections }) => {
  const pick = await detections.smartCrop();
  if (pick === null) return none('smartcrop found nothing to score');
  // Zero confidence is a veto (one colour, noise, or a window that frames none of the salient
  // part): smartcrop still names a window then, but it is arbitrary, so libvips' attention decides.
  if (pick.confidence <= 0) return none('smartcrop found no salient subject');
  const point = rectCentre(pick.window);
  // smartcrop may return a smaller window; we keep our rule (largest window of the aspect) for consistency across modes.
  const window = placeWindow(source, largestWindow(source, target), point);
  return { kind: 'window', focus: 'smart', point, window, faces: [] };
};

export const attentionStrategy: GravityStrategy = async () => ({ kind: 'sharp', focus: 'auto', strategy: 'attention', faces: [] });
export const entropyStrategy: GravityStrategy = async () => ({ kind: 'sharp', focus: 'entropy', strategy: 'entropy', faces: [] });
