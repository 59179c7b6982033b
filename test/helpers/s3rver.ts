// An S3-compatible server for the tests: s3rver on 127.0.0.1, a free port, a temp folder and one bucket.
// The S3 client under test talks to it over real HTTP (no mock of the client). `stop()` and `start()` let a
// fault test take the bucket away and bring it back on the same port with the same objects.
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { after, before } from 'node:test';
import S3rver from 's3rver';
import { createS3Client, type S3Bucket } from '../../src/storage/s3/s3-client.js';
import { makeTempDir, removeDir } from '../storage/temp-dir.js';
import type { S3ClientOptions } from '../../src/storage/s3/s3-config.js';

/** s3rver's fixed credentials. */
export const S3RVER_CREDENTIALS = Object.freeze({ accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' });

export interface TestS3Server {
  readonly endpoint: string;
  readonly bucket: string;
  readonly port: number;
  /** Options for `createS3Client` that reach this server. */
  readonly clientOptions: S3ClientOptions;
  /** Environment that turns the S3 store on in `loadConfig` (with the credentials the SDK's chain reads). */
  readonly env: Readonly<Record<string, string>>;
  /** Stops answering (connections are refused) and keeps the objects. */
  stop(): Promise<void>;
  /** Answers again on the same port, with the objects it had. */
  start(): Promise<void>;
  /** Stops and removes its folder. Idempotent. */
  close(): Promise<void>;
}

interface S3rverObject {
  readonly bucket: string;
  readonly key: string;
  readonly content: Buffer | Readable;
  readonly metadata: unknown;
}

interface S3rverFilesystemStore {
  getResourcePath(bucket: string, key: string, resource: string): string;
  putMetadata(bucket: string, key: string, metadata: unknown, md5: string): Promise<void>;
  putObject(object: S3rverObject): Promise<{ size: number; md5: string }>;
}

/**
 * s3rver streams a PUT into the object's file in place, so two PUTs of one key interleave and a reader can
 * see half an object. S3 itself (and MinIO, R2…) publishes a PUT whole or not at all, which is what the
 * drivers rely on; the tests' server is made to do the same: the object is written beside, then renamed over.
 */
function makePutsAtomic(instance: S3rver): void {
  const store = (instance as unknown as { store: S3rverFilesystemStore }).store;
  store.putObject = async (object) => {
    const objectPath = store.getResourcePath(object.bucket, object.key, 'object');
    await mkdir(dirname(objectPath), { recursive: true });
    const content = Buffer.isBuffer(object.content) ? object.content : await buffer(object.content);
    const temp = `${objectPath}.${randomBytes(6).toString('hex')}.tmp`;
    await writeFile(temp, content);
    await rename(temp, objectPath);
    const md5 = createHash('md5').update(content).digest('hex');
    await store.putMetadata(object.bucket, object.key, object.metadata, md5);
    return { size: content.length, md5 };
  };
}

export async function startS3rver(options: { bucket?: string } = {}): Promise<TestS3Server> {
  const bucket = options.bucket ?? 'convertly-test';
  const directory = await makeTempDir('s3rver');
  let port = 0;
  let server: S3rver | undefined;
  let closed = false;

  const start = async () => {
    if (server !== undefined) return;
    const instance = new S3rver({ address: '127.0.0.1', port, silent: true, directory, configureBuckets: [{ name: bucket }] });
    makePutsAtomic(instance);
    const address = await instance.run();
    port = address.port;
    server = instance;
  };
  const stop = async () => {
    const instance = server;
    server = undefined;
    await instance?.close();
  };
  await start();
  const endpoint = `http://127.0.0.1:${port}`;
  return {
    endpoint,
    bucket,
    port,
    clientOptions: { bucket, endpoint, region: 'us-east-1', forcePathStyle: true, credentials: S3RVER_CREDENTIALS },
    env: {
      S3_BUCKET: bucket,
      S3_ENDPOINT: endpoint,
      S3_REGION: 'us-east-1',
      S3_FORCE_PATH_STYLE: 'true',
      AWS_ACCESS_KEY_ID: S3RVER_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: S3RVER_CREDENTIALS.secretAccessKey,
    },
    stop,
    start,
    async close() {
      if (closed) return;
      closed = true;
      await stop();
      await removeDir(directory);
    },
  };
}

/**
 * An s3rver and a client for the tests of one `describe`: started in `before`, closed in `after`.
 * Read `bucket` and `server` inside tests (they exist once `before` has run).
 */
export function useS3rverBucket(): { readonly server: TestS3Server; readonly bucket: S3Bucket } {
  let server: TestS3Server | undefined;
  let bucket: S3Bucket | undefined;
  before(async () => {
    server = await startS3rver();
    bucket = createS3Client(server.clientOptions);
  });
  after(async () => {
    bucket?.destroy();
    await server?.close();
  });
  return {
    get server() {
      if (server === undefined) throw new Error('useS3rverBucket: read server inside a test');
      return server;
    },
    get bucket() {
      if (bucket === undefined) throw new Error('useS3rverBucket: read bucket inside a test');
      return bucket;
    },
  };
}
