// The real half of the set: the six face-api sample photos whole, and hand-chosen sub-crops of
// them that keep some faces whole and cut none, so faces sit off-centre in real light and clutter.
import { readFileSync } from 'node:fs';
import sharp from 'sharp';
import { derivedCategories } from './compose.js';
import { facesInside } from './cutouts.js';
import { REAL_CROPS, SAMPLE_FACE_LABELS, samplePhoto } from './labels.js';
import type { QualityCase } from './quality-case.js';

/** The samples and their sub-crops, each with its faces as the truth. */
export async function buildRealPhotos(): Promise<QualityCase[]> {
  const cases: QualityCase[] = [];
  for (const sample of [1, 2, 3, 4, 5, 6]) {
    const input = readFileSync(samplePhoto(sample));
    const meta = await sharp(input).metadata();
    const size = { width: meta.width ?? 0, height: meta.height ?? 0 };
    const faces = SAMPLE_FACE_LABELS[sample] ?? [];
    cases.push({ name: `sample${sample}`, categories: derivedCategories(['real'], faces, size), input, ...size, faces, subject: null });
  }
  for (const crop of REAL_CROPS) {
    const { x, y, width, height } = crop.box;
    const input = await sharp(readFileSync(samplePhoto(crop.sample))).extract({ left: x, top: y, width, height }).jpeg({ quality: 90 }).toBuffer();
    const faces = facesInside(crop.sample, crop.box).map((f) => ({ x: f.x - x, y: f.y - y, width: f.width, height: f.height }));
    if (faces.length === 0) throw new Error(`${crop.name} keeps no face`);
    cases.push({ name: crop.name, categories: derivedCategories(['real'], faces, crop.box), input, width, height, faces, subject: null });
  }
  return cases;
}
