import type { Command } from 'commander';
import { AppError, invalidParameter } from '../errors/app-error.js';
import { openBlobStore, openDatabase } from '../services/create-services.js';
import { collectBlobGarbage, DEFAULT_GC_MIN_AGE_MS } from '../services/storage-gc.js';
import { migrateBlobs } from '../services/migrate-blobs.js';
import { createFilesRepository, createFsBlobStore, createS3Client, s3ClientOptionsFromEnv } from '../storage/index.js';
import type { CliContext } from './cli-context.js';
import { join } from 'node:path';

const MB = 1024 * 1024;

function parseHours(raw: string): number {
  const hours = Number(raw);
  if (!Number.isFinite(hours) || hours < 0) throw invalidParameter('--min-age-hours', 'a number of hours ≥ 0', raw);
  return hours;
}

/** `convertly storage gc` and `convertly storage migrate --to s3`. */
export function registerStorageCommand(program: Command, context: CliContext): void {
  const storage = program.command('storage').description('blob storage upkeep: unreferenced objects, moving to S3');

  storage
    .command('gc')
    .description('find originals no file refers to (a crash between storing an upload and its record) and, with --delete, remove them')
    .option('--delete', 'remove them (the default is a dry run that only lists them)')
    .option('--min-age-hours <hours>', 'leave objects younger than this alone (uploads in progress)', String(DEFAULT_GC_MIN_AGE_MS / 3_600_000))
    .action(async (options: { delete?: boolean; minAgeHours: string }) => {
      const minAgeMs = parseHours(options.minAgeHours) * 3_600_000;
      const { config } = context;
      const database = await openDatabase(config);
      const s3 = config.s3 === undefined ? undefined : createS3Client(s3ClientOptionsFromEnv(config.s3));
      try {
        const report = await collectBlobGarbage(createFilesRepository(database.db), openBlobStore(config, s3), { dryRun: options.delete !== true, minAgeMs });
        for (const item of report.unreferenced) context.stdout(`${report.dryRun ? 'unreferenced' : 'removed'}\t${item.id}\t${item.bytes}`);
        const bytes = report.unreferenced.reduce((sum, item) => sum + item.bytes, 0);
        context.stdout(
          `${report.scanned} objects in ${config.s3 ? `s3://${config.s3.bucket}` : 'the data folder'}; ${report.unreferenced.length} unreferenced (${(bytes / MB).toFixed(1)} MB)` +
            (report.dryRun ? ', nothing removed (dry run: pass --delete to remove them)' : `, ${report.removed} removed`) +
            (report.tooRecent > 0 ? `; ${report.tooRecent} more are too recent to judge` : ''),
        );
      } finally {
        s3?.destroy();
        await database.destroy();
      }
    });

  storage
    .command('migrate')
    .description('copy every original from the data folder to the bucket (resumable, each object verified by SHA-256)')
    .requiredOption('--to <target>', 'where to: s3 (set S3_BUCKET and, off AWS, S3_ENDPOINT first)')
    .action(async (options: { to: string }) => {
      if (options.to !== 's3') throw invalidParameter('--to', '"s3"', options.to);
      const { config } = context;
      if (config.s3 === undefined) {
        throw new AppError('invalid_parameter', 'Set S3_BUCKET (and S3_ENDPOINT, S3_REGION, credentials) to the bucket to copy to, then run this again', {
          details: { parameter: 'S3_BUCKET' },
        });
      }
      const database = await openDatabase(config);
      const s3 = createS3Client(s3ClientOptionsFromEnv(config.s3));
      try {
        const report = await migrateBlobs(createFilesRepository(database.db), createFsBlobStore(join(config.dataDir, 'blobs')), openBlobStore(config, s3), (progress) => {
          if (progress.outcome === 'missing-at-source') context.stderr(`missing in the data folder: ${progress.fileId} (${progress.blobKey})`);
          else context.stdout(`${progress.outcome}\t${progress.fileId}\t${progress.bytes}`);
        });
        context.stdout(
          `${report.copied} copied (${(report.bytesCopied / MB).toFixed(1)} MB), ${report.alreadyThere} already there, ${report.missingAtSource.length} missing in the data folder; every copy verified by SHA-256.`,
        );
        context.stdout('Now set on every instance:');
        context.stdout(`  S3_BUCKET=${config.s3.bucket}`);
        if (config.s3.endpoint) context.stdout(`  S3_ENDPOINT=${config.s3.endpoint}`);
        if (config.s3.region) context.stdout(`  S3_REGION=${config.s3.region}`);
        if (config.s3.prefix) context.stdout(`  S3_PREFIX=${config.s3.prefix}`);
        if (config.s3.endpoint) context.stdout(`  S3_FORCE_PATH_STYLE=${String(config.s3.forcePathStyle)}`);
        context.stdout('  DATABASE_URL=postgres://… (the instances share one PostgreSQL database)');
        context.stdout('and credentials (AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, a profile or an instance role). The data folder\'s blobs/ can go once every instance runs on the bucket.');
      } finally {
        s3.destroy();
        await database.destroy();
      }
    });
}
