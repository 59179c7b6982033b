// Pastes patches onto a background and records where every label landed: exact truth.
import sharp from 'sharp';
import { renderBackground, type Background } from './backgrounds.js';
import type { Box, Dimensions } from './coverage.js';
import type { Patch } from './cutouts.js';
import type { Category, QualityCase } from './quality-case.js';
import type { Random } from './random.js';

/** A patch at a position in the canvas (top-left corner, canvas pixels). */
export interface Placed {
  readonly patch: Patch;
  readonly left: number;
  readonly top: number;
}

export interface CompositeSpec {
  readonly name: string;
  readonly canvas: Dimensions;
  readonly background: Background;
  readonly placed: readonly Placed[];
  /** True when the whole pasted patches are the subject (people, objects); false when the faces are. */
  readonly patchesAreSubject: boolean;
  readonly categories: readonly Category[];
}

/** Where a block of `size` goes when `anchor` (0..1 on each axis) says how far into the free space. */
export function anchorAt(canvas: Dimensions, size: Dimensions, anchor: { x: number; y: number }): { left: number; top: number } {
  return { left: Math.round(anchor.x * Math.max(0, canvas.width - size.width)), top: Math.round(anchor.y * Math.max(0, canvas.height - size.height)) };
}

function shift(box: Box, left: number, top: number): Box {
  return { x: box.x + left, y: box.y + top, width: box.width, height: box.height };
}

/** Faces between 4 and 8 % of the image's long side: the small-face class of issue 11. */
export function isSmallFaceSet(faces: readonly Box[], image: Dimensions): boolean {
  const long = Math.max(image.width, image.height);
  return faces.length > 0 && faces.every((f) => Math.max(f.width, f.height) >= 0.04 * long && Math.max(f.width, f.height) <= 0.08 * long);
}

/** Categories a case gets from its labels alone, added to the ones its spec names. */
export function derivedCategories(named: readonly Category[], faces: readonly Box[], image: Dimensions): Category[] {
  const set = new Set<Category>(named);
  if (faces.length >= 2 && !set.has('subject')) set.add('group');
  if (isSmallFaceSet(faces, image)) set.add('small-faces');
  return [...set];
}

/** Renders a spec to a JPEG case. */
export async function compose(spec: CompositeSpec, random: Random): Promise<QualityCase> {
  const background = await renderBackground(spec.background, spec.canvas, random);
  const layers = spec.placed.map((p) => ({ input: p.patch.png, left: p.left, top: p.top }));
  const input = await sharp(background).composite(layers).jpeg({ quality: 88 }).toBuffer();
  const faces = spec.placed.flatMap((p) => p.patch.faces.map((f) => shift(f, p.left, p.top)));
  const subject = spec.patchesAreSubject ? spec.placed.map((p) => ({ x: p.left, y: p.top, width: p.patch.width, height: p.patch.height })) : null;
  return {
    name: spec.name,
    categories: derivedCategories(spec.categories, faces, spec.canvas),
    input,
    ...spec.canvas,
    faces,
    subject,
  };
}
