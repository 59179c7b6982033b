import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { faceSubjectStrategy } from '../../src/gravity/strategies.js';
import { GRAVITIES, gravityModeFor } from '../../src/gravity/gravities.js';
import type { GravityContext } from '../../src/gravity/gravity-context.js';
import { resolveFocus } from '../../src/params/focus.js';
import { GRAVITY_NAMES } from '../../src/params/vocabulary.js';

/** A context whose detectors find nothing and whose file has no stored focal point: every chain must still decide. */
const empty: GravityContext = {
  source: { width: 1200, height: 800 },
  target: { width: 300, height: 300 },
  fp: undefined,
  storedFocal: null,
  detections: { faces: async () => [], objects: async () => [], people: async () => [], smartCrop: async () => null },
};

describe('GRAVITIES', () => {
  it('has one mode per gravity name', () => {
    assert.deepEqual(Object.keys(GRAVITIES).sort(), [...GRAVITY_NAMES].sort());
  });

  it('ends every chain in a link that always decides', async () => {
    for (const [name, mode] of Object.entries(GRAVITIES)) {
      const last = mode.chain.at(-1);
      assert.ok(last !== undefined, name);
      assert.notEqual((await last(empty)).kind, 'none', name);
    }
  });

  it('marks the modes that look at pixels: exactly those whose chain asks a detector', async () => {
    for (const [name, mode] of Object.entries(GRAVITIES)) {
      let asked = false;
      const spying: GravityContext = { ...empty, detections: { faces: async () => ((asked = true), []), objects: async () => ((asked = true), []), people: async () => ((asked = true), []), smartCrop: async () => ((asked = true), null) } };
      for (const link of mode.chain) await link(spying);
      assert.equal(mode.needsPixels, asked, name);
    }
  });

  it('follows the stored focal point only for focal and for a request that names no focus', () => {
    const following = Object.entries(GRAVITIES).filter(([, mode]) => mode.followsStored).map(([name]) => name);
    assert.deepEqual(following, ['focal']);
    assert.equal(gravityModeFor(resolveFocus(undefined, undefined)).followsStored, true);
    assert.equal(gravityModeFor(resolveFocus('focal', { x: 0.5, y: 0.5 })).followsStored, false);
    assert.equal(gravityModeFor(resolveFocus('face', { x: 0.5, y: 0.5 })).needsPixels, false);
  });
});

describe('faceSubjectStrategy (smart with faces)', () => {
  const face = { x: 400, y: 100, width: 100, height: 100, score: 0.9 };
  const person = { label: 'person', score: 0.9, box: { x: 350, y: 80, width: 200, height: 500 } };
  const context = (target: { width: number; height: number }, asked: { people: boolean }): GravityContext => ({
    ...empty,
    source: { width: 1200, height: 800 },
    target,
    detections: { ...empty.detections, faces: async () => [face], people: async () => ((asked.people = true), [person]) },
  });

  it('skips the people pass when the window is the whole source (the same aspect): it could not move', async () => {
    const asked = { people: false };
    const decision = await faceSubjectStrategy(context({ width: 600, height: 400 }, asked));
    assert.equal(asked.people, false);
    assert.deepEqual(decision.kind === 'window' && decision.window, { x: 0, y: 0, width: 1200, height: 800 });
  });

  it('asks for the people when the window can move, and frames the body under the face', async () => {
    const asked = { people: false };
    const decision = await faceSubjectStrategy(context({ width: 400, height: 200 }, asked));
    assert.equal(asked.people, true);
    // The face alone would pin the window to the top (y 0); face and body together centre it lower.
    assert.deepEqual(decision.kind === 'window' && decision.window, { x: 0, y: 30, width: 1200, height: 600 });
  });
});
