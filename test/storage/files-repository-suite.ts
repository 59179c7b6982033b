import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { DatabaseHandle } from '../../src/storage/db/create-database.js';
import { ensureDefaultWorkspace, DEFAULT_WORKSPACE_ID } from '../../src/storage/db/ensure-default-workspace.js';
import { migrateToLatest } from '../../src/storage/db/migrate-to-latest.js';
import { encodeFileCursor } from '../../src/storage/files/file-cursor.js';
import { createFilesRepository, type NewFile } from '../../src/storage/files/files-repository.js';
import { rejectsWith } from './rejects-with.js';

/** A database to run the suite against, and how to throw it away. */
export interface SuiteDatabase {
  readonly handle: DatabaseHandle;
  cleanup(): Promise<void>;
}

/** The files-repository behaviour every dialect must show; `open` gives an empty database. */
export function filesRepositorySuite(name: string, open: () => Promise<SuiteDatabase>): void {
  describe(`files repository on ${name}`, () => {
    let database: SuiteDatabase | undefined;
    const run = randomBytes(4).toString('hex');
    const wsA = `ws_a_${run}`;
    const wsB = `ws_b_${run}`;
    let clockMs = Date.parse('2024-05-01T10:00:00.000Z');
    // A clock the tests move by hand, so several rows can share one timestamp.
    const repo = () => createFilesRepository(db(), { now: () => new Date(clockMs) });
    const db = () => {
      assert.ok(database, 'database not opened');
      return database.handle.db;
    };
    const newFile = (workspaceId: string, extra: Partial<NewFile> = {}): NewFile => ({
      workspaceId,
      name: 'photo.jpg',
      format: 'jpeg',
      width: 1920,
      height: 1280,
      bytes: 123_456,
      blobKey: `originals/${workspaceId}/x`,
      ...extra,
    });

    before(async () => {
      database = await open();
      await migrateToLatest(db(), { dialect: database.handle.dialect });
      await ensureDefaultWorkspace(db());
      const createdAt = new Date(clockMs).toISOString();
      await db()
        .insertInto('workspaces')
        .values([
          { id: wsA, name: 'A', created_at: createdAt },
          { id: wsB, name: 'B', created_at: createdAt },
        ])
        .execute();
    });
    after(async () => {
      await database?.cleanup();
    });

    it('migrates idempotently and keeps one default workspace', async () => {
      assert.deepEqual(await migrateToLatest(db(), { dialect: database?.handle.dialect ?? 'sqlite' }), []);
      await ensureDefaultWorkspace(db());
      const rows = await db().selectFrom('workspaces').selectAll().where('id', '=', DEFAULT_WORKSPACE_ID).execute();
      assert.equal(rows.length, 1);
      assert.equal(rows[0]?.name, 'Default');
      assert.equal(rows[0]?.plan, 'free');
    });

    it('keeps whether the original has alpha (f=auto needs it on every request)', async () => {
      const created = await repo().insertFile(newFile(wsA, { format: 'png', hasAlpha: true }));
      assert.equal((await repo().getFile(wsA, created.id))?.hasAlpha, true);
    });

    it('keeps the frame count of an animation', async () => {
      const created = await repo().insertFile(newFile(wsA, { format: 'gif', frames: 30 }));
      assert.equal((await repo().getFile(wsA, created.id))?.frames, 30);
    });

    it('inserts a file and reads it back in camelCase', async () => {
      const created = await repo().insertFile(newFile(wsA));
      assert.match(created.id, /^f_[0-9a-z]{20}$/);
      assert.deepEqual(created, {
        id: created.id,
        workspaceId: wsA,
        name: 'photo.jpg',
        format: 'jpeg',
        width: 1920,
        height: 1280,
        hasAlpha: false,
        frames: 1,
        bytes: 123_456,
        blobKey: `originals/${wsA}/x`,
        version: 1,
        focal: null,
        analysis: null,
        createdAt: new Date(clockMs).toISOString(),
        source: null,
        path: null,
        origin: null,
      });
      assert.deepEqual(await repo().getFile(wsA, created.id), created);
    });

    it('hides a file from another workspace and returns null for unknown ids', async () => {
      const created = await repo().insertFile(newFile(wsA));
      assert.equal(await repo().getFile(wsB, created.id), null);
      assert.equal(await repo().getFile(wsA, 'f_doesnotexist'), null);
    });

    it('maps a duplicate id to conflict and an unknown workspace to not_found', async () => {
      const created = await repo().insertFile(newFile(wsA));
      await rejectsWith(repo().insertFile(newFile(wsA, { id: created.id })), 'conflict');
      await rejectsWith(repo().insertFile(newFile(`ws_missing_${run}`)), 'not_found');
      await rejectsWith(async () => repo().insertFile(newFile(wsA, { width: -1 })), 'invalid_parameter');
      await rejectsWith(async () => repo().insertFile(newFile(wsA, { id: '../etc' })), 'invalid_parameter');
    });

    it('sets and clears the focal point, bumping version each time', async () => {
      const created = await repo().insertFile(newFile(wsA));
      const set = await repo().setFocal(wsA, created.id, { x: 0.3, y: 0.7 });
      assert.deepEqual(set?.focal, { x: 0.3, y: 0.7 }, 'stored exactly (double precision, not float4)');
      assert.equal(set?.version, 2);
      const cleared = await repo().setFocal(wsA, created.id, null);
      assert.equal(cleared?.focal, null);
      assert.equal(cleared?.version, 3);
      assert.equal(await repo().setFocal(wsB, created.id, { x: 0, y: 0 }), null);
      assert.equal((await repo().getFile(wsA, created.id))?.version, 3, 'a foreign workspace changed nothing');
      for (const bad of [{ x: 1.5, y: 0 }, { x: 0, y: -0.1 }, { x: Number.NaN, y: 0 }]) {
        await rejectsWith(async () => repo().setFocal(wsA, created.id, bad), 'invalid_parameter');
      }
    });

    it('saves analysis as JSON without bumping version', async () => {
      const created = await repo().insertFile(newFile(wsA));
      const analysis = { width: 10, faces: [{ x: 1, score: 0.9 }], palette: { vibrant: null } };
      const saved = await repo().saveAnalysis(wsA, created.id, analysis);
      assert.deepEqual(saved?.analysis, analysis);
      assert.equal(saved?.version, 1);
      assert.deepEqual((await repo().getFile(wsA, created.id))?.analysis, analysis);
      assert.equal(await repo().saveAnalysis(wsB, created.id, analysis), null);
      assert.equal((await repo().saveAnalysis(wsA, created.id, null))?.analysis, null);
    });

    it('deletes only within the workspace and returns the deleted record', async () => {
      const created = await repo().insertFile(newFile(wsA));
      assert.equal(await repo().deleteFile(wsB, created.id), null);
      assert.deepEqual(await repo().deleteFile(wsA, created.id), created);
      assert.equal(await repo().getFile(wsA, created.id), null);
      assert.equal(await repo().deleteFile(wsA, created.id), null);
    });

    it('pages newest first without overlap or gaps when rows share timestamps', async () => {
      const ws = `ws_page_${run}`;
      await db().insertInto('workspaces').values({ id: ws, name: 'P', created_at: new Date().toISOString() }).execute();
      const inserted: string[] = [];
      for (let i = 0; i < 11; i += 1) {
        if (i % 4 === 0) clockMs += 1_000; // groups of up to four files share one timestamp
        inserted.push((await repo().insertFile(newFile(ws))).id);
      }
      const seen: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const page = await repo().listFiles(ws, { limit: 3, cursor });
        assert.ok(page.items.length <= 3);
        seen.push(...page.items.map((file) => file.id));
        cursor = page.nextCursor;
        pages += 1;
      } while (cursor !== null && pages < 10);
      assert.equal(pages, 4);
      assert.equal(new Set(seen).size, 11, 'no file appears twice');
      assert.deepEqual([...seen].sort(), [...inserted].sort(), 'no file is skipped');
      const all = await repo().listFiles(ws, { limit: 100 });
      assert.deepEqual(all.items.map((file) => file.id), seen, 'pages concatenate to the full listing');
      assert.equal(all.nextCursor, null);
      const times = all.items.map((file) => file.createdAt);
      assert.deepEqual(times, [...times].sort().reverse(), 'newest first');
      assert.deepEqual((await repo().listFiles(wsB)).items, [], 'other workspaces see none of them');
    });

    it('rejects a bad cursor or limit with invalid_parameter', async () => {
      const forged = Buffer.from('yesterday|f_x').toString('base64url');
      const badIds = encodeFileCursor({ createdAt: '2024-05-01T10:00:00.000Z', id: "x' or 1=1" });
      for (const cursor of ['not a cursor!', 'Zm9v', forged, badIds, `${forged}==`]) {
        await rejectsWith(repo().listFiles(wsA, { cursor }), 'invalid_parameter');
      }
      for (const limit of [0, 101, 2.5, Number.NaN]) {
        await rejectsWith(repo().listFiles(wsA, { limit }), 'invalid_parameter');
      }
    });
  });
}
