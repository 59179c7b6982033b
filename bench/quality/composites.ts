// The composite half of the set: real faces, people and objects from the samples, pasted at known
// places onto varied backgrounds. Every layout comes from a seeded stream, so each run (and each
// machine) builds byte-identical images; change SEED only on purpose, and re-run the table.
import { BUSY_BACKGROUNDS, type Background } from './backgrounds.js';
import { anchorAt, compose, type CompositeSpec, type Placed } from './compose.js';
import type { Dimensions } from './coverage.js';
import { cutFace, cutRegion, SAMPLE_FACES, type Patch } from './cutouts.js';
import { OBJECTS, PEOPLE } from './labels.js';
import type { QualityCase } from './quality-case.js';
import { createRandom, type Random } from './random.js';

const SEED = 11;
const CANVASES: readonly Dimensions[] = [
  { width: 1600, height: 1000 },
  { width: 1200, height: 1200 },
  { width: 1000, height: 1500 },
  { width: 2000, height: 900 },
  { width: 1280, height: 960 },
  { width: 900, height: 1200 },
];
const ALL_BACKGROUNDS: readonly Background[] = ['plain', 'gradient', 'noise', 'stripes', 'confetti', 'blinds', 'railing', 'bar', 'wall', 'blurred'];
/** Off-centre anchors (share of the free space on each axis), corners and edges included. */
const OFF_CENTRE = [
  { x: 0.05, y: 0.3 },
  { x: 0.95, y: 0.5 },
  { x: 0.2, y: 0.85 },
  { x: 0.85, y: 0.1 },
  { x: 0, y: 0.6 },
  { x: 1, y: 1 },
  { x: 0.3, y: 0.05 },
  { x: 0.75, y: 0.9 },
];

function distinctFaces(random: Random, count: number) {
  const pool = [...SAMPLE_FACES];
  return Array.from({ length: count }, () => pool.splice(random.int(0, pool.length - 1), 1)[0]!);
}

/** Faces side by side (a row, or two staggered rows), as one block placed at `anchor`. */
async function groupBlock(random: Random, canvas: Dimensions, count: number, faceShare: number, twoRows: boolean, anchor: { x: number; y: number }): Promise<Placed[]> {
  const long = Math.max(canvas.width, canvas.height);
  const perRow = twoRows ? Math.ceil(count / 2) : count;
  // Shrink faces until the block fits the canvas: a patch is about 1.7 face sides wide.
  const side = Math.min(faceShare * long, (canvas.width * 0.95) / (perRow * 1.36 + 0.4), (canvas.height * 0.95) / (twoRows ? 3 : 1.9));
  const patches: Patch[] = [];
  for (const face of distinctFaces(random, count)) patches.push(await cutFace(face, Math.round(side * random.between(0.85, 1.15))));
  const step = side * 1.36;
  const offsets = patches.map((_, i) => {
    const row = twoRows && i >= perRow ? 1 : 0;
    const col = row === 1 ? i - perRow + 0.5 : i;
    return { x: Math.round(col * step), y: Math.round(row * side * 1.5 + random.between(-0.15, 0.15) * side + 0.15 * side) };
  });
  const width = Math.max(...offsets.map((o, i) => o.x + patches[i]!.width));
  const height = Math.max(...offsets.map((o, i) => o.y + patches[i]!.height));
  const { left, top } = anchorAt(canvas, { width, height }, anchor);
  return patches.map((patch, i) => ({ patch, left: clampTo(left + offsets[i]!.x, canvas.width - patch.width), top: clampTo(top + offsets[i]!.y, canvas.height - patch.height) }));
}

function clampTo(value: number, max: number): number {
  return Math.max(0, Math.min(max, value));
}

/** Faces scattered over the canvas, apart from each other. */
async function scattered(random: Random, canvas: Dimensions, count: number, faceShare: number): Promise<Placed[]> {
  const placed: Placed[] = [];
  for (const face of distinctFaces(random, count)) {
    const patch = await cutFace(face, Math.round(faceShare * Math.max(canvas.width, canvas.height) * random.between(0.9, 1.1)));
    for (let attempt = 0; attempt < 200; attempt++) {
      const left = random.int(0, canvas.width - patch.width);
      const top = random.int(0, canvas.height - patch.height);
      const clear = placed.every((p) => left + patch.width <= p.left || p.left + p.patch.width <= left || top + patch.height <= p.top || p.top + p.patch.height <= top);
      if (clear || attempt === 199) {
        placed.push({ patch, left, top });
        break;
      }
    }
  }
  return placed;
}

async function groupSpecs(random: Random): Promise<CompositeSpec[]> {
  const shares = [0.09, 0.12, 0.15, 0.18, 0.1, 0.2, 0.08, 0.13];
  const specs: CompositeSpec[] = [];
  for (let i = 0; i < 16; i++) {
    const canvas = CANVASES[i % CANVASES.length]!;
    const count = 2 + (i % 5);
    const placed = await groupBlock(random, canvas, count, shares[i % shares.length]!, i % 3 === 2, OFF_CENTRE[i % OFF_CENTRE.length]!);
    const background = ALL_BACKGROUNDS[i % ALL_BACKGROUNDS.length]!;
    specs.push({ name: `group-${i}-${count}faces-${background}`, canvas, background, placed, patchesAreSubject: false, categories: [] });
  }
  return specs;
}

async function smallFaceSpecs(random: Random): Promise<CompositeSpec[]> {
  const specs: CompositeSpec[] = [];
  for (let i = 0; i < 10; i++) {
    const canvas = CANVASES[(i + 2) % CANVASES.length]!;
    const count = 1 + (i % 4);
    const share = 0.045 + (i % 5) * 0.008;
    const placed = i % 2 === 0 ? await scattered(random, canvas, count, share) : await groupBlock(random, canvas, count, share, false, OFF_CENTRE[(i + 3) % OFF_CENTRE.length]!);
    const background = ALL_BACKGROUNDS[(i * 3) % ALL_BACKGROUNDS.length]!;
    specs.push({ name: `small-${i}-${count}faces-${background}`, canvas, background, placed, patchesAreSubject: false, categories: ['small-faces'] });
  }
  return specs;
}

async function personSpecs(random: Random): Promise<CompositeSpec[]> {
  const specs: CompositeSpec[] = [];
  for (let i = 0; i < 10; i++) {
    const canvas = CANVASES[(i + 1) % CANVASES.length]!;
    const person = PEOPLE[i % PEOPLE.length]!;
    const patch = await cutRegion(person, Math.round(canvas.height * random.between(0.55, 0.9)));
    const anchor = { x: i % 2 === 0 ? random.between(0, 0.15) : random.between(0.85, 1), y: i % 3 === 0 ? 0.5 : 1 };
    const background = BUSY_BACKGROUNDS[i % BUSY_BACKGROUNDS.length]!;
    specs.push({ name: `person-${person.name}-${background}`, canvas, background, placed: [{ patch, ...anchorAt(canvas, patch, anchor) }], patchesAreSubject: true, categories: ['person-on-texture'] });
  }
  return specs;
}

async function subjectSpecs(random: Random): Promise<CompositeSpec[]> {
  const specs: CompositeSpec[] = [];
  for (let i = 0; i < 11; i++) {
    const canvas = CANVASES[(i + 4) % CANVASES.length]!;
    const object = OBJECTS[i % OBJECTS.length]!;
    const long = Math.max(canvas.width, canvas.height);
    const height = Math.round(long * random.between(0.18, 0.35) * (object.box.height / Math.max(object.box.width, object.box.height)));
    const patch = await cutRegion(object, height);
    const background = ALL_BACKGROUNDS[(i * 7 + 1) % ALL_BACKGROUNDS.length]!;
    const anchor = OFF_CENTRE[(i + 5) % OFF_CENTRE.length]!;
    specs.push({ name: `object-${object.name}-${background}`, canvas, background, placed: [{ patch, ...anchorAt(canvas, patch, anchor) }], patchesAreSubject: true, categories: ['subject'] });
  }
  // People seen from afar: a whole figure small enough that the face is under 3 % of the long side.
  for (let i = 0; i < 4; i++) {
    const canvas = CANVASES[i % CANVASES.length]!;
    const person = PEOPLE[(i + 2) % PEOPLE.length]!;
    const patch = await cutRegion(person, Math.round(canvas.height * random.between(0.2, 0.28)));
    const background = (['blurred', 'wall', 'gradient', 'bar'] as const)[i]!;
    specs.push({ name: `far-${person.name}-${background}`, canvas, background, placed: [{ patch, ...anchorAt(canvas, patch, OFF_CENTRE[i * 2]!) }], patchesAreSubject: true, categories: ['subject'] });
  }
  return specs;
}

/** Subjects in the middle: here `center` and `auto` should hit too, so the set does not only reward moving the window. */
async function centredSpecs(random: Random): Promise<CompositeSpec[]> {
  const middle = { x: 0.5, y: 0.5 };
  const specs: CompositeSpec[] = [];
  for (let i = 0; i < 3; i++) {
    const canvas = CANVASES[(i * 2) % CANVASES.length]!;
    const background = (['plain', 'blinds', 'confetti'] as const)[i]!;
    specs.push({ name: `centred-faces-${i}`, canvas, background, placed: await groupBlock(random, canvas, 1 + i, 0.14, false, middle), patchesAreSubject: false, categories: ['centred'] });
  }
  for (let i = 0; i < 3; i++) {
    const canvas = CANVASES[(i * 2 + 1) % CANVASES.length]!;
    const region = i === 2 ? OBJECTS[0]! : PEOPLE[(i + 1) % PEOPLE.length]!;
    const patch = await cutRegion(region, Math.round(canvas.height * (i === 2 ? 0.4 : 0.8)));
    const background = (['noise', 'gradient', 'railing'] as const)[i]!;
    specs.push({ name: `centred-${region.name}-${background}`, canvas, background, placed: [{ patch, ...anchorAt(canvas, patch, middle) }], patchesAreSubject: true, categories: ['centred', i === 2 ? 'subject' : 'person-on-texture'] });
  }
  return specs;
}

/** Every composite of the set, in a fixed order. */
export async function buildComposites(): Promise<QualityCase[]> {
  const random = createRandom(SEED);
  const specs = [...(await groupSpecs(random)), ...(await smallFaceSpecs(random)), ...(await personSpecs(random)), ...(await subjectSpecs(random)), ...(await centredSpecs(random))];
  const cases: QualityCase[] = [];
  for (const spec of specs) cases.push(await compose(spec, random));
  return cases;
}
