import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { buffer as readAll } from 'node:stream/consumers';
import { after, before, describe, it } from 'node:test';
import type { BlobStore } from '../../src/storage/blobs/blob-store.js';
import { rejectsWith } from './rejects-with.js';

/** A driver under test; `listObjects` shows what really exists underneath, temp objects included. */
export interface BlobStoreUnderTest {
  readonly store: BlobStore;
  listObjects?(): Promise<string[]>;
  cleanup?(): Promise<void>;
}

const BAD_KEYS = ['', '/etc/passwd', '../x', 'a/../b', 'a/./b', 'a//b', 'a/', '.hidden', 'a\\b', 'a b', 'nul\0', 'x'.repeat(600)];

/** A stream that sends `good` bytes, then fails (or ends abruptly when `abort`). */
function failingStream(good: Buffer, abort = false): Readable {
  let sent = false;
  const stream = new Readable({
    read() {
      if (!sent) {
        sent = true;
        this.push(good);
        return;
      }
      setImmediate(() => (abort ? stream.destroy() : stream.destroy(new Error('client went away'))));
    },
  });
  return stream;
}

const filled = (byte: number, length: number) => Buffer.alloc(length, byte);

/** The behaviour every BlobStore driver must show. Run it from the driver's own test file. */
export function blobStoreContract(name: string, createStore: () => Promise<BlobStoreUnderTest>): void {
  describe(`BlobStore contract: ${name}`, () => {
    let subject: BlobStoreUnderTest | undefined;
    const store = () => {
      assert.ok(subject, 'store not created');
      return subject.store;
    };
    const objects = async () => ((await subject?.listObjects?.()) ?? []).sort();
    before(async () => {
      subject = await createStore();
    });
    after(async () => {
      await subject?.cleanup?.();
    });

    it('puts a buffer and reads it back by get, stat and stream', async () => {
      const data = Buffer.from('hello blob');
      assert.deepEqual(await store().put('originals/ws/f_1.jpg', data), { bytes: data.length });
      assert.deepEqual(await store().get('originals/ws/f_1.jpg'), data);
      assert.deepEqual(await store().stat('originals/ws/f_1.jpg'), { bytes: data.length });
      const stream = await store().stream('originals/ws/f_1.jpg');
      assert.ok(stream);
      assert.deepEqual(await readAll(stream), data);
    });

    it('puts a multi-chunk stream and an empty value', async () => {
      const chunks = [filled(1, 70_000), filled(2, 70_000), filled(3, 5)];
      assert.deepEqual(await store().put('streamed', Readable.from(chunks)), { bytes: 140_005 });
      assert.deepEqual(await store().get('streamed'), Buffer.concat(chunks));
      assert.deepEqual(await store().put('empty', Buffer.alloc(0)), { bytes: 0 });
      assert.deepEqual(await store().get('empty'), Buffer.alloc(0));
    });

    it('overwrites, and keeps a key and its "folder" apart', async () => {
      await store().put('a', Buffer.from('first'));
      await store().put('a', Buffer.from('second, longer'));
      await store().put('a/b', Buffer.from('child'));
      assert.equal((await store().get('a'))?.toString(), 'second, longer');
      assert.equal((await store().get('a/b'))?.toString(), 'child');
    });

    it('returns null for a missing key and deletes idempotently', async () => {
      assert.equal(await store().get('missing'), null);
      assert.equal(await store().stat('missing'), null);
      assert.equal(await store().stream('missing'), null);
      await store().delete('missing');
      await store().put('doomed', Buffer.from('x'));
      await store().delete('doomed');
      assert.equal(await store().get('doomed'), null);
      await store().delete('doomed');
    });

    it('rejects bad keys with invalid_parameter on every method', async () => {
      for (const key of BAD_KEYS) {
        await rejectsWith(async () => store().put(key, Buffer.from('x')), 'invalid_parameter');
        await rejectsWith(async () => store().get(key), 'invalid_parameter');
        await rejectsWith(async () => store().stat(key), 'invalid_parameter');
        await rejectsWith(async () => store().delete(key), 'invalid_parameter');
        await rejectsWith(async () => store().stream(key), 'invalid_parameter');
      }
    });

    it('stores nothing when the stream errors or is aborted half-way', async () => {
      const before = await objects();
      await assert.rejects(store().put('broken', failingStream(filled(7, 100_000))), /client went away/);
      await assert.rejects(store().put('aborted', failingStream(filled(7, 100_000), true)));
      assert.equal(await store().get('broken'), null);
      assert.equal(await store().stat('aborted'), null);
      assert.deepEqual(await objects(), before, 'no partial or temp object left');
    });

    it('keeps the old value when an overwrite fails half-way', async () => {
      await store().put('precious', Buffer.from('original'));
      await assert.rejects(store().put('precious', failingStream(filled(9, 50_000))));
      assert.equal((await store().get('precious'))?.toString(), 'original');
    });

    it('lists what it holds in its inventory, by idOf, and deletes by inventory id', async () => {
      await store().put('inv/one', Buffer.from('1'));
      await store().put('inv/two', Buffer.from('22'));
      const items = new Map<string, number>();
      for await (const item of store().inventory()) {
        assert.ok(item.modifiedAt instanceof Date && !Number.isNaN(item.modifiedAt.getTime()));
        items.set(item.id, item.bytes);
      }
      assert.equal(items.get(store().idOf('inv/one')), 1);
      assert.equal(items.get(store().idOf('inv/two')), 2);
      await store().deleteById(store().idOf('inv/one'));
      assert.equal(await store().get('inv/one'), null);
      assert.equal((await store().get('inv/two'))?.toString(), '22');
      await store().deleteById(store().idOf('inv/one'));
      await rejectsWith(async () => store().deleteById('../../etc/passwd'), 'invalid_parameter');
    });

    it('ends concurrent puts of one key with one whole value', async () => {
      const size = 300_000;
      const writes = Array.from({ length: 8 }, (_, i) =>
        store().put('contended', i % 2 === 0 ? filled(i, size) : Readable.from([filled(i, size / 2), filled(i, size / 2)])),
      );
      await Promise.all(writes);
      const result = await store().get('contended');
      assert.ok(result);
      assert.equal(result.length, size);
      const first = result[0] ?? -1;
      assert.ok(result.every((byte) => byte === first), 'bytes from a single writer');
    });
  });
}
