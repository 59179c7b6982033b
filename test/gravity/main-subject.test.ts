import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { DetectedObject } from '../../src/geometry/types.js';
import { mainSubject, peopleWithFaces } from '../../src/gravity/main-subject.js';

const object = (label: string, score: number, x: number, y: number, width: number, height: number): DetectedObject => ({ label, score, box: { x, y, width, height } });
const window = { width: 1000, height: 1000 };

describe('mainSubject', () => {
  it('is null when nothing is confident enough', () => {
    assert.equal(mainSubject([], window), null);
    assert.equal(mainSubject([object('cat', 0.1, 0, 0, 500, 500)], window), null);
  });

  it('puts people, animals and vehicles before larger things of other kinds', () => {
    const table = object('dining table', 0.9, 0, 500, 1500, 500);
    const cat = object('cat', 0.5, 1200, 100, 200, 200);
    assert.equal(mainSubject([table, cat], window)?.objects[0], cat);
    const bus = object('bus', 0.4, 100, 100, 300, 200);
    assert.equal(mainSubject([table, bus], window)?.objects[0], bus);
  });

  it('falls back to any confident object when there is no person, animal or vehicle', () => {
    const phone = object('cell phone', 0.4, 300, 300, 100, 200);
    assert.deepEqual(mainSubject([phone], window), { box: phone.box, objects: [phone] });
  });

  it('ranks by score × area: a big sure person beats a small sure one', () => {
    const near = object('person', 0.6, 100, 100, 400, 900);
    const far = object('person', 0.8, 1500, 400, 60, 150);
    assert.equal(mainSubject([far, near], window)?.objects[0], near);
  });

  it('joins companions of similar weight while the union fits the window', () => {
    const left = object('person', 0.6, 100, 100, 300, 800);
    const right = object('person', 0.5, 500, 120, 300, 780);
    const subject = mainSubject([left, right], window);
    assert.deepEqual(subject?.objects, [left, right]);
    assert.deepEqual(subject?.box, { x: 100, y: 100, width: 700, height: 800 });
  });

  it('leaves out a companion that would not fit with the main one, or that weighs too little', () => {
    const main = object('dog', 0.7, 0, 0, 600, 600);
    const farAway = object('dog', 0.7, 1400, 0, 600, 600);
    const tiny = object('dog', 0.7, 650, 0, 50, 50);
    assert.deepEqual(mainSubject([main, farAway, tiny], window)?.objects, [main]);
  });
});

describe('peopleWithFaces', () => {
  it('keeps the people whose box holds a face, not the others', () => {
    const face = { x: 220, y: 120, width: 80, height: 100 };
    const body = object('person', 0.5, 150, 80, 250, 900);
    const stranger = object('person', 0.6, 900, 80, 250, 900);
    const chair = object('chair', 0.9, 150, 80, 250, 900);
    assert.deepEqual(peopleWithFaces([body, stranger, chair], [face]), [body]);
  });
});
