// bench:scale's raw S3 rows: one SDK call at a time against the bench's s3rver, with the same client the
// service builds (createS3Client). Imported by the bench (timed from s3rver's own process) and run as a child
// process (`node --import tsx bench/scale/raw-s3.ts '<client options JSON>'`), which pays the same process
// switches a Convertly instance pays for each request.
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import sharp from 'sharp';
import { createS3Client } from '../../src/storage/s3/s3-client.js';
import type { S3ClientOptions } from '../../src/storage/s3/s3-config.js';
import { sampleBytes } from '../../test/fixtures/photos.js';
import { summarise, type Summary } from '../stats.js';

export interface RawS3Rows {
  readonly getOriginal: Summary;
  readonly getMissing: Summary;
  readonly getRendition: Summary;
  readonly putRendition: Summary;
  readonly renditionBytes: number;
}

/** `rounds` rounds of four calls (the original, a 404, a rendition, a PUT), after two warm-up rounds. */
export async function measureRawS3(clientOptions: S3ClientOptions, rounds: number, label: string): Promise<RawS3Rows> {
  const original = sampleBytes(1);
  const bucket = createS3Client(clientOptions);
  const rendition = await sharp(original).resize(600, 400, { fit: 'cover' }).jpeg().toBuffer();
  const Bucket = clientOptions.bucket;
  const send = async (command: GetObjectCommand | PutObjectCommand, body: boolean) => {
    const started = performance.now();
    try {
      const answer = await bucket.client.send(command as GetObjectCommand);
      if (body) await answer.Body?.transformToByteArray();
    } catch (error) {
      if ((error as { name?: string }).name !== 'NoSuchKey') throw error;
    }
    return performance.now() - started;
  };
  const rows = { getOriginal: [] as number[], getMissing: [] as number[], getRendition: [] as number[], putRendition: [] as number[] };
  try {
    await bucket.client.send(new PutObjectCommand({ Bucket, Key: `bench/${label}/original`, Body: original }));
    await bucket.client.send(new PutObjectCommand({ Bucket, Key: `bench/${label}/rendition`, Body: rendition }));
    for (let i = 0; i < rounds + 2; i++) {
      const samples = [
        await send(new GetObjectCommand({ Bucket, Key: `bench/${label}/original` }), true),
        await send(new GetObjectCommand({ Bucket, Key: `bench/${label}/missing-${i}` }), false),
        await send(new GetObjectCommand({ Bucket, Key: `bench/${label}/rendition` }), true),
        await send(new PutObjectCommand({ Bucket, Key: `bench/${label}/put-${i}`, Body: rendition }), false),
      ];
      // The first two rounds open the sockets and warm the SDK's code.
      if (i < 2) continue;
      rows.getOriginal.push(samples[0]!);
      rows.getMissing.push(samples[1]!);
      rows.getRendition.push(samples[2]!);
      rows.putRendition.push(samples[3]!);
    }
  } finally {
    bucket.destroy();
  }
  return {
    getOriginal: summarise(rows.getOriginal),
    getMissing: summarise(rows.getMissing),
    getRendition: summarise(rows.getRendition),
    putRendition: summarise(rows.putRendition),
    renditionBytes: rendition.length,
  };
}

if (process.argv[1]?.endsWith('raw-s3.ts') && process.argv[2] !== undefined) {
  const { clientOptions, rounds } = JSON.parse(process.argv[2]) as { clientOptions: S3ClientOptions; rounds: number };
  process.stdout.write(JSON.stringify(await measureRawS3(clientOptions, rounds, 'child')));
}
