// The watermark parameters: what each value parses to, its canonical form (a fixed point of parseTransform),
// and the placement math on its own.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { canonicalQuery } from '../../src/params/canonical-key.js';
import { parseTransform } from '../../src/params/parse-transform.js';
import { markPlacement } from '../../src/geometry/mark-placement.js';

function markOf(query: Record<string, string>) {
  return parseTransform(query).operations.mark;
}

describe('parseMark', () => {
  it('reads every form, with southeast, own size, opaque and no padding by default', () => {
    assert.deepEqual(markOf({ mark: 'f_abc' }), { file: 'f_abc', position: { kind: 'compass', name: 'southeast' }, width: undefined, alpha: 100, pad: { x: 0, y: 0 } });
    const full = markOf({ mark: 'brand/logo.png', markpos: '30%,0.7', markw: '25%', markalpha: '40', markpad: '4,6' });
    assert.deepEqual(full, { file: 'brand/logo.png', position: { kind: 'point', point: { x: 0.3, y: 0.7 } }, width: 0.25, alpha: 40, pad: { x: 4, y: 6 } });
    assert.equal(markOf({ w: '100' }), undefined);
  });

  it('writes a canonical query that parses back to the same spec, defaults left out', () => {
    for (const query of [
      { w: '300', mark: 'f_abc' },
      { w: '300', mark: 'f_abc', markpos: 'southeast', markalpha: '100', markpad: '0' },
      { w: '300', mark: 'brand/logo.png', markpos: 'northwest', markw: '0.333333', markalpha: '0', markpad: '3,3' },
      { w: '300', mark: 'f_abc', markpos: '50%,100%', markw: '1', markpad: '0,9' },
    ]) {
      const spec = parseTransform(query);
      const canonical = canonicalQuery(spec);
      assert.deepEqual(parseTransform(Object.fromEntries(new URLSearchParams(canonical))), spec, canonical);
    }
    assert.equal(canonicalQuery(parseTransform({ w: '300', mark: 'f_abc', markpos: 'southeast', markalpha: '100', markpad: '0' })), 'w=300&mark=f_abc&f=auto');
    assert.equal(canonicalQuery(parseTransform({ w: '300', mark: 'f_abc', markpad: '3,3', markw: '33.33%' })), 'w=300&mark=f_abc&markw=0.3333&markpad=3&f=auto');
  });
});

describe('markPlacement', () => {
  const layout = { widthFraction: undefined, scale: 1, anchor: { x: 1, y: 1 }, pad: { x: 0, y: 0 } };
  it('keeps its own size × scale, and anchors like CSS background-position inside the padding', () => {
    assert.deepEqual(markPlacement({ width: 400, height: 300 }, { width: 100, height: 50 }, layout), { x: 300, y: 250, width: 100, height: 50 });
    assert.deepEqual(markPlacement({ width: 400, height: 300 }, { width: 100, height: 50 }, { ...layout, scale: 2, anchor: { x: 0.5, y: 0 }, pad: { x: 10, y: 20 } }), { x: 100, y: 20, width: 200, height: 100 });
  });
  it('scales a mark that does not fit down to the padded area, keeping its aspect, never off the canvas', () => {
    assert.deepEqual(markPlacement({ width: 120, height: 80 }, { width: 200, height: 100 }, { ...layout, pad: { x: 10, y: 10 } }), { x: 10, y: 20, width: 100, height: 50 });
    assert.deepEqual(markPlacement({ width: 100, height: 20 }, { width: 100, height: 100 }, { ...layout, widthFraction: 1 }), { x: 80, y: 0, width: 20, height: 20 });
    const tiny = markPlacement({ width: 10, height: 10 }, { width: 100, height: 50 }, { ...layout, pad: { x: 50, y: 50 } });
    assert.ok(tiny.x + tiny.width <= 10 && tiny.y + tiny.height <= 10 && tiny.width >= 1, JSON.stringify(tiny));
  });
});
