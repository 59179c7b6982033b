import type { Command } from 'commander';
import { AppError } from '../errors/app-error.js';
import { openDatabase } from '../services/create-services.js';
import { sourceJson } from '../services/sources/manage-sources.js';
import { parseNewSource } from '../services/sources/parse-new-source.js';
import { createFilesRepository, createSourcesRepository, type SourceRecord } from '../storage/index.js';
import type { CliContext } from './cli-context.js';
import { parseWorkspaceId } from './users-command.js';

interface AddFlags {
  readonly http?: string;
  readonly s3?: string;
  readonly prefix?: string;
  readonly endpoint?: string;
  readonly region?: string;
  readonly public?: boolean;
  readonly host?: string[];
  readonly dialect?: string;
  readonly workspace?: string;
}

function describe(source: SourceRecord): string {
  const json = sourceJson(source);
  const where = source.settings.kind === 'http' ? source.settings.baseUrl : `s3://${source.settings.bucket}/${source.settings.prefix}`;
  return [source.name, source.settings.kind, where, source.public ? 'public' : 'private', source.hosts.join(',') || '-', source.dialect, String(json.createdAt)].join('\t');
}

/** The add flags as the API's JSON body, so both are validated by one parser. */
function bodyOf(name: string, flags: AddFlags): Record<string, unknown> {
  if ((flags.http === undefined) === (flags.s3 === undefined)) throw new AppError('invalid_parameter', 'Give exactly one of --http BASE_URL or --s3 BUCKET');
  const kind = flags.http !== undefined ? { kind: 'http', baseUrl: flags.http } : { kind: 's3', bucket: flags.s3, prefix: flags.prefix, endpoint: flags.endpoint, region: flags.region };
  if (flags.http !== undefined && (flags.prefix !== undefined || flags.endpoint !== undefined)) {
    throw new AppError('invalid_parameter', '--prefix and --endpoint go with --s3, not --http');
  }
  const body: Record<string, unknown> = { name, ...kind, public: flags.public === true, hosts: flags.host ?? [], dialect: flags.dialect ?? 'native' };
  return Object.fromEntries(Object.entries(body).filter(([, value]) => value !== undefined));
}

/** `convertly sources add|list|remove`: read-only origins images are rendered from where they already live. */
export function registerSourcesCommand(program: Command, context: CliContext): void {
  const sources = program.command('sources').description('manage sources: web folders and S3 buckets rendered from where the images live');
  const withSources = async <T>(work: (repository: ReturnType<typeof createSourcesRepository>, database: Awaited<ReturnType<typeof openDatabase>>) => Promise<T>) => {
    const database = await openDatabase(context.config);
    try {
      return await work(createSourcesRepository(database.db), database);
    } finally {
      await database.destroy();
    }
  };

  sources
    .command('add')
    .description('add a source: --http BASE_URL (a web folder) or --s3 BUCKET (credentials: the server AWS environment, or per-source keys through POST /api/sources)')
    .argument('<name>', 'the source name in URLs: /src/NAME/path…')
    .option('--http <baseUrl>', 'a web folder: https://images.example.com/photos')
    .option('--s3 <bucket>', 'an S3 bucket')
    .option('--prefix <prefix>', 's3: only keys under this prefix')
    .option('--endpoint <url>', 's3: an S3-compatible endpoint (MinIO, R2, …)')
    .option('--region <region>', 's3: the bucket region')
    .option('--public', 'anyone may render from it (like an imgix web folder); default: delivery key, signature, API key or session')
    .option('--host <hostname...>', 'requests with this Host are served from the source: GET /{path}?{params}')
    .option('--dialect <name>', 'how query strings on those hosts are read: native, imgix or cloudinary (default native)')
    .option('--workspace <id>', 'workspace (default: ws_default)')
    .action(async (name: string, flags: AddFlags) => {
      const workspaceId = parseWorkspaceId(flags.workspace);
      const source = parseNewSource(workspaceId, bodyOf(name, flags));
      await withSources(async (repository) => {
        const added = await repository.insertSource(source);
        context.stderr(`added source ${added.name} to ${workspaceId}; render with /src/${added.name}/{path}?{params}`);
        context.stdout(describe(added));
      });
    });

  sources
    .command('list')
    .description('list sources (name, kind, where, access, hosts, dialect, created)')
    .option('--workspace <id>', 'workspace (default: ws_default)')
    .action(async (flags: { workspace?: string }) => {
      const workspaceId = parseWorkspaceId(flags.workspace);
      await withSources(async (repository) => {
        for (const source of await repository.listSources(workspaceId)) context.stdout(describe(source));
      });
    });

  sources
    .command('remove')
    .description('remove a source; the originals fetched from it are forgotten (their renders stop within a second)')
    .argument('<name>', 'the source name')
    .option('--workspace <id>', 'workspace (default: ws_default)')
    .action(async (name: string, flags: { workspace?: string }) => {
      const workspaceId = parseWorkspaceId(flags.workspace);
      await withSources(async (repository, database) => {
        const removed = await repository.deleteSource(workspaceId, name);
        if (removed === null) throw new AppError('not_found', `No source ${name} in ${workspaceId}`);
        // Rows only: blobs and renditions belong to the running server; orphaned blobs are harmless and unreachable.
        const files = await createFilesRepository(database.db).deleteBySource(workspaceId, removed.id);
        context.stdout(`removed source ${removed.name} (${files.length} fetched originals forgotten)`);
      });
    });
}
