import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
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
