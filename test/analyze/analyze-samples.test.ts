// analyzeImage on the six labelled group photographs: faces, focal point, crops, schema,
// determinism under concurrency, and EXIF orientation.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import sharp from 'sharp';
import { analyzeImage } from '../../src/analyze/analyze-image.js';
import { SUGGESTED_ASPECTS, type AnalyzeResult, type SuggestedAspect } from '../../src/analyze/analyze-result.js';
import { anchoredWindow } from '../../src/geometry/anchored-window.js';
import { toSourcePoint } from '../../src/geometry/focal-window.js';
import { containsRect } from '../../src/geometry/types.js';
import { createDetectorPool, type DetectorPool } from '../../src/workers/detector-pool.js';
import { matchFaces, SAMPLE_FACE_LABELS } from '../fixtures/sample-face-labels.js';
import { samplePath } from '../fixtures/photos.js';
import { assertConformsToSchema, assertFacesWellFormed, assertTextColours, insideImage, orientation6Jpeg } from './analyze-fixtures.js';

const SAMPLES = [1, 2, 3, 4, 5, 6] as const;
let pool: DetectorPool;
/** Each sample analysed alone, one after the other. */
const sequential = new Map<number, AnalyzeResult>();

before(async () => {
  pool = createDetectorPool({ threads: 2 });
  for (const n of SAMPLES) sequential.set(n, await analyzeImage(samplePath(n), { pool }));
});

after(async () => {
  await pool.destroy();
});

function resultOf(n: number): AnalyzeResult {
  const result = sequential.get(n);
  assert.ok(result !== undefined, `sample${n} was not analysed`);
  return result;
}

describe('analyzeImage on the sample photographs', () => {
  it('focuses on the best face, inside its box, with confidence ≥ 0.5', () => {
    for (const n of SAMPLES) {
      const result = resultOf(n);
      const { suggested } = result.focal;
      assert.equal(suggested.source, 'face', `sample${n}`);
      assert.ok(suggested.confidence >= 0.5 && suggested.confidence <= 1, `sample${n}: confidence ${suggested.confidence}`);
      const best = result.faces[0];
      assert.ok(best !== undefined, `sample${n}: no face`);
      assert.equal(suggested.confidence, best.score, `sample${n}: a face's confidence is its score`);
      const point = toSourcePoint(result, suggested);
      assert.ok(containsRect(best, { ...point, width: 0, height: 0 }), `sample${n}: (${point.x}, ${point.y}) is outside ${JSON.stringify(best)}`);
      assertFacesWellFormed(result, `sample${n}`);
    }
  });

  it('finds the labelled faces (at least 20 of 22, at most 2 false positives)', () => {
    let hits = 0;
    let falsePositives = 0;
    let labelled = 0;
    for (const n of SAMPLES) {
      const match = matchFaces(SAMPLE_FACE_LABELS[n]!, resultOf(n).faces);
      hits += match.hits;
      falsePositives += match.falsePositives;
      labelled += SAMPLE_FACE_LABELS[n]!.length;
    }
    assert.equal(labelled, 22);
    assert.ok(hits >= 20, `found ${hits} of ${labelled}`);
    assert.ok(falsePositives <= 2, `${falsePositives} false positives`);
  });

  it('lists the people in every photo: each labelled face inside a person box, objects best first and inside the image', () => {
    let inside = 0;
    let labelled = 0;
    for (const n of SAMPLES) {
      const result = resultOf(n);
      const people = result.objects.filter((o) => o.label === 'person');
      assert.ok(people.length >= 1, `sample${n}: no person among ${JSON.stringify(result.objects)}`);
      for (let i = 1; i < result.objects.length; i++) assert.ok(result.objects[i - 1]!.score >= result.objects[i]!.score, `sample${n}: objects are not best first`);
      for (const o of result.objects) {
        assert.ok(insideImage(result, o.box), `sample${n}: ${o.label} ${JSON.stringify(o.box)} leaves the image`);
        assert.ok(o.score > 0 && o.score <= 1, `sample${n}: score ${o.score}`);
      }
      for (const face of SAMPLE_FACE_LABELS[n]!) {
        labelled++;
        const centre = { x: face.x + face.width / 2, y: face.y + face.height / 2, width: 0, height: 0 };
        if (people.some((p) => containsRect(p.box, centre))) inside++;
      }
    }
    // The detector sees a person around most faces; in a tight group (sample5: five people, two boxes) some go unboxed (19 of 22 today).
    assert.ok(inside >= 17, `${inside} of ${labelled} labelled faces lie inside a detected person`);
  });

  it('suggests, per aspect, exactly the window gravity=face cuts: the best face and every face that fits with it', () => {
    for (const n of SAMPLES) {
      const result = resultOf(n);
      for (const [aspect, [w, h]] of Object.entries(SUGGESTED_ASPECTS) as [SuggestedAspect, readonly [number, number]][]) {
        const crop = result.focal.crops[aspect];
        assert.deepEqual(crop, anchoredWindow(result, { width: w, height: h }, result.faces)?.window, `sample${n} ${aspect}`);
        assert.ok(containsRect(crop, result.faces[0]!), `sample${n} ${aspect}: the best face is cut`);
        // Group photos: at the widest aspect every face found fits, and the crop keeps them all.
        if (aspect === '16:9') for (const face of result.faces) assert.ok(containsRect(crop, face), `sample${n} 16:9 cuts ${JSON.stringify(face)}`);
        assert.ok(insideImage(result, crop), `sample${n} ${aspect}: ${JSON.stringify(crop)}`);
        // The largest window of the aspect: one side is a whole side of the image.
        assert.ok(crop.width === result.width || crop.height === result.height, `sample${n} ${aspect}`);
      }
      assert.deepEqual(result.focal.crop, result.focal.crops['1:1'], `sample${n}: crop is the square window`);
    }
  });

  it('matches docs/analyze-result.schema.json, with readable text colours', () => {
    for (const n of SAMPLES) {
      const result = resultOf(n);
      // Through JSON, as a client receives it.
      assertConformsToSchema(JSON.parse(JSON.stringify(result)), `sample${n}`);
      assertTextColours(result.palette, `sample${n}`);
      assert.ok(result.palette.dominant !== null, `sample${n}: no dominant colour`);
    }
  });

  it('gives the same answer for each photo when six run at once on two threads', async () => {
    const concurrent = await Promise.all(SAMPLES.map((n) => analyzeImage(samplePath(n), { pool })));
    SAMPLES.forEach((n, i) => assert.deepEqual(JSON.parse(JSON.stringify(concurrent[i])), JSON.parse(JSON.stringify(resultOf(n))), `sample${n}`));
  });
});

describe('analyzeImage and EXIF orientation', () => {
  it('reports the upright size and finds the faces upright (orientation 6)', async () => {
    const input = await orientation6Jpeg(samplePath(1));
    const stored = await sharp(input).metadata();
    assert.equal(stored.orientation, 6);
    const result = await analyzeImage(input, { pool });
    assert.deepEqual([result.width, result.height], [stored.height, stored.width], 'width and height are swapped by the orientation');
    assert.deepEqual([result.width, result.height], [resultOf(1).width, resultOf(1).height]);
    assertFacesWellFormed(result, 'sample1 with orientation 6');
    assert.equal(result.focal.suggested.source, 'face');
    // Upright, the faces are where the labels of the upright photo say.
    assert.ok(matchFaces(SAMPLE_FACE_LABELS[1]!, result.faces).hits >= 2, JSON.stringify(result.faces));
    assertConformsToSchema(JSON.parse(JSON.stringify(result)), 'sample1 with orientation 6');
  });
});
