import type { Command } from 'commander';
import { AppError, invalidParameter } from '../errors/app-error.js';
import { collectBlobGarbage, collectRenditionGarbage, DEFAULT_GC_MIN_AGE_MS, type GcReport } from '../services/storage-gc.js';
import { migrateBlobs } from '../services/migrate-blobs.js';
import { migrateRenditions } from '../services/migrate-renditions.js';
import { createUsageRepository } from '../accounts/usage-repository.js';
import { openBlobStore, openDatabase, openSharedRenditionStore } from '../services/create-services.js';
import { createFilesRepository, createFsBlobStore, createS3Client, s3ClientOptionsFromEnv } from '../storage/index.js';
import type { CliContext } from './cli-context.js';
import { join } from 'node:path';

const MB = 1024 * 1024;

function parseHours(raw: string): number {
  const hours = Number(raw);
  if (!Number.isFinite(hours) || hours < 0) throw invalidParameter('--min-age-hours', 'a number of hours ≥ 0', raw);
  return hours;
}

function printGcReport(context: CliContext, report: GcReport, label: { readonly item: string; readonly where: string }): void {
  for (const item of report.unreferenced) context.stdout(`${report.dryRun ? 'unreferenced' : 'removed'}${label.item}\t${item.id}\t${item.bytes}`);
  const bytes = report.unreferenced.reduce((sum, item) => sum + item.bytes, 0);
  context.stdout(
    `${report.scanned} ${label.where}; ${report.unreferenced.length} unreferenced (${(bytes / MB).toFixed(1)} MB)` +
      (report.dryRun ? ', nothing removed (dry run: pass --delete to remove them)' : `, ${report.removed} removed`) +
      (report.tooRecent > 0 ? `; ${report.tooRecent} more are too recent to judge` : ''),
  );
}

/** `convertly storage gc` and `convertly storage migrate --to s3`. */
export function registerStorageCommand(program: Command, context: CliContext): void {
  const storage = program.command('storage').description('blob storage upkeep: unreferenced objects, moving to S3');

  storage
    .command('gc')
    .description('find originals no file refers to (a crash between storing an upload and its record) and, on S3, shared renditions of deleted or changed files; with --delete, remove them')
    .option('--delete', 'remove them (the default is a dry run that only lists them)')
    .option('--min-age-hours <hours>', 'leave objects younger than this alone (uploads in progress)', String(DEFAULT_GC_MIN_AGE_MS / 3_600_000))
    .action(async (options: { delete?: boolean; minAgeHours: string }) => {
      const minAgeMs = parseHours(options.minAgeHours) * 3_600_000;
      const { config } = context;
      const database = await openDatabase(config);
      const s3 = config.s3 === undefined ? undefined : createS3Client(s3ClientOptionsFromEnv(config.s3));
      try {
        const files = createFilesRepository(database.db);
        const gcOptions = { dryRun: options.delete !== true, minAgeMs };
        const originals = await collectBlobGarbage(files, openBlobStore(config, s3), gcOptions);
        printGcReport(context, originals, { item: '', where: `objects in ${config.s3 ? `s3://${config.s3.bucket}` : 'the data folder'}` });
        if (config.s3 !== undefined && s3 !== undefined) {
          const renditions = await collectRenditionGarbage(files, openSharedRenditionStore(config.s3, s3), gcOptions);
          printGcReport(context, renditions, { item: ' rendition', where: 'renditions in the shared tier (of deleted files or older versions when unreferenced)' });
        }
      } finally {
        s3?.destroy();
        await database.destroy();
      }
    });

  storage
    .command('migrate')
    .description('copy every original (and with --renditions the cached renditions) from the data folder to the bucket (resumable, each object verified by SHA-256)')
    .requiredOption('--to <target>', 'where to: s3 (set S3_BUCKET and, off AWS, S3_ENDPOINT first)')
    .option('--renditions', 'also copy the renditions of current files to the shared tier, so no instance renders them again')
    .action(async (options: { to: string; renditions?: boolean }) => {
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
        if (options.renditions === true) {
          const renditions = await migrateRenditions({
            files: createFilesRepository(database.db),
            dir: join(config.dataDir, 'renditions'),
            target: openSharedRenditionStore(config.s3, s3),
            usage: createUsageRepository(database.counters),
            onProgress: (progress) => context.stdout(`rendition ${progress.outcome}\t${progress.key}\t${progress.bytes}`),
          });
          context.stdout(
            `Renditions: ${renditions.copied} copied (${(renditions.bytesCopied / MB).toFixed(1)} MB), ${renditions.alreadyThere} already there, ` +
              `${renditions.stale} of deleted or changed files skipped, ${renditions.damaged} damaged skipped; every copy verified by SHA-256.`,
          );
        }
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
