// gravity=face and gravity=faces on the real group photographs, at the four aspects.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { RenderResult } from '../../src/render/render-result.js';
import { probeImage } from '../../src/engine/source-info.js';
import type { Rect, ScoredBox, Size } from '../../src/geometry/types.js';
import { createDetectorPool, type DetectorPool } from '../../src/workers/detector-pool.js';
import { ASPECT_NAMES, ASPECTS, describeRect, insideRect, insideSize, mapLimit, renderQuery, sizeQuery, type AspectName } from '../fixtures/engine-images.js';
import { sampleBytes } from '../fixtures/photos.js';

const SAMPLES = [1, 2, 3, 4, 5, 6] as const;

interface Case {
  readonly sample: number;
  readonly aspect: AspectName;
  readonly source: Size;
  readonly face: RenderResult;
  readonly faces: RenderResult;
}

let pool: DetectorPool;
let cases: Case[];

before(async () => {
  pool = createDetectorPool({ threads: 2 });
  const grid = SAMPLES.flatMap((sample) => ASPECT_NAMES.map((aspect) => ({ sample, aspect })));
  cases = await mapLimit(grid, 2, async ({ sample, aspect }) => {
    const input = sampleBytes(sample);
    const { width, height } = await probeImage(input);
    const face = await renderQuery(input, { ...sizeQuery(aspect), gravity: 'face' }, { pool });
    const faces = await renderQuery(input, { ...sizeQuery(aspect), gravity: 'faces' }, { pool });
    return { sample, aspect, source: { width, height }, face, faces };
  });
});

after(async () => {
  await pool.destroy();
});

function keptCount(window: Rect, boxes: readonly ScoredBox[]): number {
  return boxes.filter((box) => insideRect(window, box)).length;
}

function label(c: Case): string {
  return `sample${c.sample} at ${c.aspect}`;
}

describe('face gravities on the sample photographs', () => {
  it('finds faces in every sample, best first, inside the photo', () => {
    for (const c of cases) {
      const { faces } = c.face.decision;
      assert.ok(faces.length >= 1, `${label(c)}: no face found`);
      for (let i = 1; i < faces.length; i++) assert.ok(faces[i - 1]!.score >= faces[i]!.score, `${label(c)}: faces are not best first`);
      for (const box of faces) assert.ok(insideSize(c.source, box), `${label(c)}: face ${describeRect(box)} leaves the photo`);
    }
    // Group photos: most samples hold several faces.
    const multi = SAMPLES.filter((sample) => cases.find((c) => c.sample === sample)!.face.decision.faces.length >= 3);
    assert.ok(multi.length >= 4, `only samples ${multi.join(', ')} have three faces or more`);
  });

  it('gravity=face keeps the best face wholly inside the window, at the asked size', () => {
    for (const c of cases) {
      const { decision, width, height } = c.face;
      const best = decision.faces[0]!;
      assert.equal(decision.focus, 'face', label(c));
      assert.deepEqual([width, height], [ASPECTS[c.aspect].width, ASPECTS[c.aspect].height], label(c));
      assert.ok(insideRect(decision.window, best), `${label(c)}: window ${describeRect(decision.window)} cuts the best face ${describeRect(best)}`);
      // The focus is the best face's centre.
      assert.deepEqual(decision.point, { x: best.x + best.width / 2, y: best.y + best.height / 2 }, label(c));
    }
  });

  it('both report the same detections and keep their windows inside the photo', () => {
    for (const c of cases) {
      assert.equal(c.faces.decision.focus, 'faces', label(c));
      assert.deepEqual(c.faces.decision.faces, c.face.decision.faces, `${label(c)}: detection differs between the two renders`);
      for (const result of [c.face, c.faces]) {
        assert.ok(insideSize(c.source, result.decision.window), `${label(c)}: window ${describeRect(result.decision.window)} leaves the photo`);
      }
      assert.deepEqual([c.faces.width, c.faces.height], [ASPECTS[c.aspect].width, ASPECTS[c.aspect].height], label(c));
    }
  });

  it('gravity=faces keeps at least as many faces as gravity=face; where every face fits, both keep them all', () => {
    let allKept = 0;
    for (const c of cases) {
      const detected = c.face.decision.faces;
      const byFace = keptCount(c.face.decision.window, detected);
      const byFaces = keptCount(c.faces.decision.window, detected);
      assert.ok(byFaces >= byFace, `${label(c)}: faces keeps ${byFaces}, face keeps ${byFace}`);
      // Every face fits in one window when their span is no longer than the window on its sliding axis.
      const { window } = c.face.decision;
      const horizontal = window.width < c.source.width;
      const span = horizontal
        ? Math.max(...detected.map((f) => f.x + f.width)) - Math.min(...detected.map((f) => f.x))
        : Math.max(...detected.map((f) => f.y + f.height)) - Math.min(...detected.map((f) => f.y));
      if (span <= (horizontal ? window.width : window.height)) {
        allKept++;
        assert.equal(byFace, detected.length, `${label(c)}: every face fits, but face keeps ${byFace} of ${detected.length}`);
        assert.equal(byFaces, detected.length, `${label(c)}: every face fits, but faces keeps ${byFaces} of ${detected.length}`);
      }
    }
    // The 16:9 strips of these 3:2 group photos hold every face: the case must come up.
    assert.ok(allKept >= 6, `only ${allKept} crops could keep every face`);
  });

  it('gravity=face keeps more than the best face where its neighbours fit (sample5 at 16:9: people across the frame)', () => {
    const row = cases.find((c) => c.sample === 5 && c.aspect === '16:9')!;
    const detected = row.face.decision.faces;
    assert.ok(detected.length >= 4, `sample5: ${detected.length} faces`);
    assert.ok(keptCount(row.face.decision.window, detected) >= 2, `sample5 at 16:9: face keeps ${keptCount(row.face.decision.window, detected)}`);
  });
});
