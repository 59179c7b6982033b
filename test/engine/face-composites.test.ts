// Face gravity against exact ground truth: one real face pasted at known positions onto
// faceless canvases must survive every aspect's crop, where a centre crop would cut it.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { rectCentre } from '../../src/geometry/types.js';
import { createDetectorPool, type DetectorPool } from '../../src/workers/detector-pool.js';
import { ASPECT_NAMES, ASPECTS, describeRect, insideRect, insideSize, iou, mapLimit, renderQuery, sizeQuery, type AspectName } from '../fixtures/engine-images.js';
import { buildFaceComposites, CANVAS, CANVAS_KINDS, canvasBytes, findFaceCutout, type FaceComposite, type FaceCutout, type Position } from '../fixtures/face-composites.js';

/** Aspects whose centred window cuts the pasted face at each position (on the 4:3 canvas). */
const CENTRE_DROPS: Record<Position, readonly AspectName[]> = {
  'top-left': ['1:1', '16:9', '9:16', '4:5'],
  'bottom-right': ['1:1', '16:9', '9:16', '4:5'],
  // Vertically centred, so only the 16:9 window (full width) keeps it.
  'right-edge': ['1:1', '9:16', '4:5'],
};

let pool: DetectorPool;
let cutout: FaceCutout;
let composites: FaceComposite[];

before(async () => {
  pool = createDetectorPool({ threads: 1 });
  cutout = await findFaceCutout(pool);
  composites = await buildFaceComposites(cutout);
});

after(async () => {
  await pool.destroy();
});

function fpAt(composite: FaceComposite): string {
  const centre = rectCentre(composite.truth);
  return `${(centre.x / CANVAS.width).toFixed(4)},${(centre.y / CANVAS.height).toFixed(4)}`;
}

describe('face gravity on composited ground truth', () => {
  it('cuts a real face with a margin and finds no face on the bare canvases', async () => {
    assert.ok(cutout.score >= 0.6, `the cut-out face scores only ${cutout.score}`);
    assert.ok(cutout.face.x > 0 && cutout.face.y > 0, 'the patch has a margin around the face');
    for (const kind of CANVAS_KINDS) {
      const { decision } = await renderQuery(await canvasBytes(kind), { ...sizeQuery('1:1'), gravity: 'face' }, { pool });
      assert.deepEqual(decision.faces, [], `the ${kind} canvas has a face of its own`);
      assert.ok(decision.fallbacks.includes('face: no face found'), `${kind}: ${decision.fallbacks.join('; ')}`);
    }
  });

  it('detects the pasted face where it was pasted, and only it', async () => {
    for (const composite of composites) {
      const { decision } = await renderQuery(composite.input, { ...sizeQuery('1:1'), gravity: 'face' }, { pool });
      assert.equal(decision.faces.length, 1, `${composite.name}: ${decision.faces.map(describeRect).join(', ')}`);
      const found = decision.faces[0]!;
      assert.ok(iou(found, composite.truth) >= 0.6, `${composite.name}: found ${describeRect(found)}, pasted ${describeRect(composite.truth)}`);
    }
  });

  it('gravity=face keeps the pasted face wholly inside the window at every aspect', async () => {
    const cases = composites.flatMap((composite) => ASPECT_NAMES.map((aspect) => ({ composite, aspect })));
    const results = await mapLimit(cases, 2, ({ composite, aspect }) => renderQuery(composite.input, { ...sizeQuery(aspect), gravity: 'face' }, { pool }));
    cases.forEach(({ composite, aspect }, i) => {
      const result = results[i]!;
      const label = `${composite.name} at ${aspect}`;
      assert.equal(result.decision.focus, 'face', label);
      assert.deepEqual(result.decision.fallbacks, [], label);
      assert.deepEqual([result.width, result.height], [ASPECTS[aspect].width, ASPECTS[aspect].height], label);
      assert.ok(insideSize(CANVAS, result.decision.window), `${label}: window ${describeRect(result.decision.window)} leaves the canvas`);
      assert.ok(
        insideRect(result.decision.window, composite.truth),
        `${label}: window ${describeRect(result.decision.window)} cuts the face ${describeRect(composite.truth)}`,
      );
    });
  });

  it('fp pointing at the pasted face keeps it too, with focus fp', async () => {
    const cases = composites.flatMap((composite) => ASPECT_NAMES.map((aspect) => ({ composite, aspect })));
    const results = await mapLimit(cases, 2, ({ composite, aspect }) => renderQuery(composite.input, { ...sizeQuery(aspect), fp: fpAt(composite) }, { pool }));
    cases.forEach(({ composite, aspect }, i) => {
      const { decision } = results[i]!;
      const label = `${composite.name} at ${aspect}, fp=${fpAt(composite)}`;
      assert.equal(decision.focus, 'fp', label);
      assert.ok(insideRect(decision.window, composite.truth), `${label}: window ${describeRect(decision.window)} cuts ${describeRect(composite.truth)}`);
    });
  });

  it('gravity=center would cut the face (the assertions above can fail)', async () => {
    const cases = composites.flatMap((composite) => CENTRE_DROPS[composite.position].map((aspect) => ({ composite, aspect })));
    assert.ok(cases.length >= 20);
    const results = await mapLimit(cases, 2, ({ composite, aspect }) => renderQuery(composite.input, { ...sizeQuery(aspect), gravity: 'center' }, { pool }));
    cases.forEach(({ composite, aspect }, i) => {
      const { decision } = results[i]!;
      const label = `${composite.name} at ${aspect}`;
      assert.equal(decision.focus, 'center', label);
      assert.ok(!insideRect(decision.window, composite.truth), `${label}: the centred window ${describeRect(decision.window)} keeps the face after all`);
    });
  });
});
