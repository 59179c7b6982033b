// Pieces of the sample photos, scaled and given a soft alpha edge, ready to paste: a face with its
// hair and neck, or a labelled region (a person, an object). Each patch carries its labels in
// patch pixels, so a composite knows its truth exactly.
import { readFileSync } from 'node:fs';
import sharp from 'sharp';
import type { Box } from './coverage.js';
import { FACE_MARGIN, SAMPLE_FACE_LABELS, samplePhoto, type SampleRegion } from './labels.js';

export interface Patch {
  /** PNG with alpha. */
  readonly png: Buffer;
  readonly width: number;
  readonly height: number;
  /** Labelled faces inside the patch, in patch pixels. */
  readonly faces: readonly Box[];
}

export interface SampleFace {
  readonly sample: number;
  readonly box: Box;
}

/** Every hand-labelled face of the six samples. */
export const SAMPLE_FACES: readonly SampleFace[] = Object.entries(SAMPLE_FACE_LABELS).flatMap(([sample, boxes]) =>
  boxes.map((box) => ({ sample: Number(sample), box })),
);

const photos = new Map<number, Buffer>();
function photo(sample: number): Buffer {
  let bytes = photos.get(sample);
  if (bytes === undefined) {
    bytes = readFileSync(samplePhoto(sample));
    photos.set(sample, bytes);
  }
  return bytes;
}

const SAMPLE_SIZE = new Map<number, { width: number; height: number }>();
async function sampleSize(sample: number): Promise<{ width: number; height: number }> {
  let size = SAMPLE_SIZE.get(sample);
  if (size === undefined) {
    const meta = await sharp(photo(sample)).metadata();
    size = { width: meta.width ?? 0, height: meta.height ?? 0 };
    SAMPLE_SIZE.set(sample, size);
  }
  return size;
}

/** `box` moved to a region's origin (dx, dy) and scaled as the region was (sx, sy). */
function scaleBox(box: Box, origin: { x: number; y: number }, sx: number, sy: number): Box {
  return { x: (box.x - origin.x) * sx, y: (box.y - origin.y) * sy, width: box.width * sx, height: box.height * sy };
}

function inside(outer: Box, inner: Box): boolean {
  return inner.x >= outer.x && inner.y >= outer.y && inner.x + inner.width <= outer.x + outer.width && inner.y + inner.height <= outer.y + outer.height;
}

function cuts(outer: Box, inner: Box): boolean {
  const apart = inner.x >= outer.x + outer.width || inner.x + inner.width <= outer.x || inner.y >= outer.y + outer.height || inner.y + inner.height <= outer.y;
  return !apart && !inside(outer, inner);
}

/** The sample's labelled faces wholly inside `region`; throws when a label is cut by it (the label would be wrong). */
export function facesInside(sample: number, region: Box): Box[] {
  const labels = SAMPLE_FACE_LABELS[sample] ?? [];
  const cut = labels.find((face) => cuts(region, face));
  if (cut !== undefined) throw new Error(`region ${JSON.stringify(region)} of sample ${sample} cuts the face ${JSON.stringify(cut)}`);
  return labels.filter((face) => inside(region, face));
}

/** A soft-edged alpha mask: an ellipse for faces, a rounded rectangle for regions. */
function mask(width: number, height: number, shape: 'ellipse' | 'rect'): Buffer {
  const soft = Math.max(1.5, Math.min(width, height) * 0.025);
  const body =
    shape === 'ellipse'
      ? `<ellipse cx="${width / 2}" cy="${height / 2}" rx="${width * 0.47}" ry="${height * 0.47}" fill="#fff" filter="url(#f)"/>`
      : `<rect x="${soft}" y="${soft}" width="${width - 2 * soft}" height="${height - 2 * soft}" rx="${soft * 2}" fill="#fff" filter="url(#f)"/>`;
  return Buffer.from(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><defs><filter id="f"><feGaussianBlur stdDeviation="${soft / 2}"/></filter></defs>${body}</svg>`,
  );
}

async function cutAndScale(sample: number, region: Box, scale: number, shape: 'ellipse' | 'rect'): Promise<{ png: Buffer; width: number; height: number }> {
  const width = Math.max(1, Math.round(region.width * scale));
  const height = Math.max(1, Math.round(region.height * scale));
  const scaled = await sharp(photo(sample))
    .extract({ left: region.x, top: region.y, width: region.width, height: region.height })
    .resize(width, height, { fit: 'fill' })
    .ensureAlpha()
    .toBuffer();
  const png = await sharp(scaled).composite([{ input: mask(width, height, shape), blend: 'dest-in' }]).png().toBuffer();
  return { png, width, height };
}

/** One labelled face with FACE_MARGIN around it, scaled so the face box's long side is `faceSide` px. */
export async function cutFace(face: SampleFace, faceSide: number): Promise<Patch> {
  const size = await sampleSize(face.sample);
  const m = Math.round(Math.max(face.box.width, face.box.height) * FACE_MARGIN);
  const x0 = Math.max(0, face.box.x - m);
  const y0 = Math.max(0, face.box.y - m);
  const region = { x: x0, y: y0, width: Math.min(size.width, face.box.x + face.box.width + m) - x0, height: Math.min(size.height, face.box.y + face.box.height + m) - y0 };
  const scale = faceSide / Math.max(face.box.width, face.box.height);
  const cut = await cutAndScale(face.sample, region, scale, 'ellipse');
  // The ellipse mask fades the patch corners; the face box itself stays inside the opaque part.
  return { ...cut, faces: [scaleBox(face.box, region, cut.width / region.width, cut.height / region.height)] };
}

/** A labelled region (person, object), scaled so its height is `height` px, with the faces it holds. */
export async function cutRegion(region: SampleRegion, height: number): Promise<Patch> {
  const scale = height / region.box.height;
  const cut = await cutAndScale(region.sample, region.box, scale, 'rect');
  const faces = facesInside(region.sample, region.box).map((face) => scaleBox(face, region.box, cut.width / region.box.width, cut.height / region.box.height));
  return { ...cut, faces };
}
