import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createDeadline } from '../../src/shared/deadline.js';

class Expired extends Error {}

describe('createDeadline', () => {
  it('passes checks before the deadline and throws its error after', () => {
    let now = 1000;
    const deadline = createDeadline(500, () => new Expired('late'), () => now);
    deadline.check();
    assert.equal(deadline.remainingMs(), 500);
    now = 1499;
    deadline.check();
    now = 1500;
    assert.throws(() => deadline.check(), Expired);
  });

  it('gives sharp whole seconds, at least one', () => {
    let now = 0;
    const deadline = createDeadline(2500, () => new Expired(), () => now);
    assert.equal(deadline.sharpSeconds(), 3);
    now = 2400;
    assert.equal(deadline.sharpSeconds(), 1);
    now = 9999;
    assert.equal(deadline.sharpSeconds(), 1);
  });

  it('races work: the work\'s answer before the deadline, the deadline\'s error after', async () => {
    const deadline = createDeadline(30, () => new Expired('late'));
    assert.equal(await deadline.race(Promise.resolve(7)), 7);
    const never = new Promise<number>(() => {});
    await assert.rejects(deadline.race(never), Expired);
  });
});
