// bench:scale's raw rows beside the shared-tier hit: a child process (so each call pays the process switches an
// instance pays) that GETs one rendition-sized object from the bench's s3rver when asked over IPC, either with
// the client the service builds (createS3Client: the AWS SDK) or with a plain kept-alive node:http GET of the
// same object (s3rver accepts unsigned reads): the second is s3rver's own time plus loopback, the difference the
// SDK's. Replies with the wall time and this process's CPU time of the call.
import { Agent, get } from 'node:http';
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { createS3Client } from '../../src/storage/s3/s3-client.js';
import type { S3ClientOptions } from '../../src/storage/s3/s3-config.js';

export type RawGetKind = 'sdk' | 'plain';
export interface RawGetSample {
  readonly ms: number;
  readonly cpuMs: number;
}

const { clientOptions, bytes } = JSON.parse(process.argv[2] ?? '{}') as { clientOptions: S3ClientOptions; bytes: number };
const bucket = createS3Client(clientOptions);
const Key = 'bench/raw-get/rendition';
const body = Buffer.alloc(bytes, 0x5a);
await bucket.client.send(new PutObjectCommand({ Bucket: clientOptions.bucket, Key, Body: body }));
const agent = new Agent({ keepAlive: true, maxSockets: 4 });
const url = `${clientOptions.endpoint}/${clientOptions.bucket}/${Key}`;

const calls: Record<RawGetKind, () => Promise<number>> = {
  async sdk() {
    const answer = await bucket.client.send(new GetObjectCommand({ Bucket: clientOptions.bucket, Key }));
    return (await answer.Body!.transformToByteArray()).length;
  },
  plain: () =>
    new Promise((resolve, reject) => {
      get(url, { agent }, (response) => {
        let length = 0;
        response.on('data', (chunk: Buffer) => (length += chunk.length));
        response.on('end', () => (response.statusCode === 200 ? resolve(length) : reject(new Error(`plain GET answered ${response.statusCode}`))));
        response.on('error', reject);
      }).on('error', reject);
    }),
};

process.on('message', (kind: RawGetKind | 'exit') => {
  if (kind === 'exit') {
    bucket.destroy();
    agent.destroy();
    process.disconnect();
    return;
  }
  const cpu = process.cpuUsage();
  const started = performance.now();
  void calls[kind]().then(
    (length) => {
      const ms = performance.now() - started;
      const used = process.cpuUsage(cpu);
      if (length !== bytes) throw new Error(`${kind} read ${length} of ${bytes} bytes`);
      process.send?.({ ms, cpuMs: (used.user + used.system) / 1000 } satisfies RawGetSample);
    },
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
});
process.send?.('ready');
