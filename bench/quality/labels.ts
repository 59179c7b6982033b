// Hand labels on the six face-api sample photos (node_modules/@vladmandic/face-api/demo, 1920 px
// wide): the faces (shared with the tests, test/fixtures/sample-face-labels.ts), plus boxes drawn
// by eye over a 50 px grid for people, objects, face-free texture patches and real sub-crops.
// Everything the set is built from lives in node_modules; nothing here is a picture.
import type { Box } from './coverage.js';

export { SAMPLE_FACE_LABELS } from '../../test/fixtures/sample-face-labels.js';
export { samplePath as samplePhoto } from '../../test/fixtures/photos.js';

const box = (x: number, y: number, width: number, height: number): Box => ({ x, y, width, height });

/** A region of one sample photo. */
export interface SampleRegion {
  readonly sample: number;
  readonly box: Box;
  readonly name: string;
}

/**
 * One person each, head to the bottom of the frame, cut so that no other face is inside the box
 * (the person's own face is found from SAMPLE_FACE_LABELS by containment).
 */
export const PEOPLE: readonly SampleRegion[] = [
  { sample: 1, box: box(1250, 170, 670, 1110), name: 'woman-red-hair' },
  { sample: 6, box: box(140, 370, 490, 1167), name: 'woman-green-dress' },
  { sample: 4, box: box(1230, 190, 650, 1258), name: 'woman-black-dress' },
  { sample: 2, box: box(1170, 30, 730, 1337), name: 'woman-on-sofa' },
  { sample: 5, box: box(1325, 270, 520, 1128), name: 'woman-on-stairs' },
];

/** Things with no face: the subject of a no-face crop. */
export const OBJECTS: readonly SampleRegion[] = [
  { sample: 6, box: box(1630, 960, 260, 375), name: 'denim-jacket' },
  { sample: 3, box: box(585, 760, 215, 240), name: 'cocktail-in-hand' },
  { sample: 2, box: box(70, 1245, 235, 100), name: 'phone' },
];

/** Face-free patches of the samples, stretched into backgrounds (real photographic texture). */
export const TEXTURES: readonly SampleRegion[] = [
  { sample: 6, box: box(0, 0, 576, 288), name: 'blinds' },
  { sample: 5, box: box(0, 0, 480, 800), name: 'railing' },
  { sample: 3, box: box(330, 0, 700, 200), name: 'bar' },
  { sample: 4, box: box(1640, 0, 280, 960), name: 'wall' },
];

/**
 * Real sub-crops of the samples: each keeps some faces whole and cuts none (checked when the set
 * is built), so the labels stay exact and faces land off-centre in real light and clutter.
 */
export const REAL_CROPS: readonly SampleRegion[] = [
  { sample: 1, box: box(0, 0, 1100, 1280), name: 's1-left-pair' },
  { sample: 1, box: box(700, 150, 1220, 750), name: 's1-right-pair' },
  { sample: 1, box: box(1200, 0, 720, 1280), name: 's1-one-face' },
  { sample: 2, box: box(250, 0, 1050, 1367), name: 's2-left-pair' },
  { sample: 2, box: box(800, 100, 1120, 600), name: 's2-right-pair' },
  { sample: 3, box: box(0, 150, 1350, 1200), name: 's3-left-pair' },
  { sample: 3, box: box(1000, 0, 920, 900), name: 's3-right-pair' },
  { sample: 3, box: box(0, 0, 950, 1350), name: 's3-one-face' },
  { sample: 4, box: box(100, 0, 820, 900), name: 's4-left-pair' },
  { sample: 4, box: box(900, 0, 1020, 1448), name: 's4-right-pair' },
  { sample: 4, box: box(1190, 0, 730, 1448), name: 's4-one-face' },
  { sample: 5, box: box(250, 0, 800, 1398), name: 's5-tall-three' },
  { sample: 5, box: box(1000, 0, 920, 800), name: 's5-right-pair' },
  { sample: 6, box: box(0, 200, 1000, 1337), name: 's6-left-pair' },
  { sample: 6, box: box(1050, 150, 870, 850), name: 's6-right-pair' },
  { sample: 6, box: box(0, 300, 600, 1237), name: 's6-one-face' },
];

/** Margin kept around a face when it is cut out for a composite, as a share of the face box side. */
export const FACE_MARGIN = 0.35;
