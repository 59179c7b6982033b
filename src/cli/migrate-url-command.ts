import { createInterface } from 'node:readline';
import type { Command } from 'commander';
import { AppError, invalidParameter, isAppError } from '../errors/app-error.js';
import {
  DIALECTS,
  hostDialect,
  translateUrl,
  type Dialect,
  type TranslateUrlOptions,
  type UnsupportedParam,
  type UrlTranslation,
} from '../compat/index.js';
import { existsSync } from 'node:fs';
import type { CliContext } from './cli-context.js';
import { SOURCE_NAME_PATTERN, UPLOADS_SOURCE } from '../services/sources/parse-new-source.js';
import { checkSourcePath, parseSourcePath } from '../services/sources/source-path.js';
import { parseTransform } from '../params/parse-transform.js';
import { openDatabase, sqlitePath } from '../services/create-services.js';
import { createSourcesRepository, type SourceRecord, type SourcesRepository } from '../storage/index.js';
import type { Config } from '../config/config.js';
import { formatSourcePath } from '../compat/convertly-query.js';

interface MigrateUrlFlags {
  readonly base?: string;
  readonly dialect?: string;
  readonly json?: boolean;
  readonly source?: string;
}

/** One `--json` line: the same shape as an entry of `POST /api/migrate/url` (plus `line` when read from stdin). */
export type MigrateUrlLine =
  | { readonly url: string; readonly ok: true; readonly convertly: string; readonly notes: readonly string[]; readonly unsupported: readonly UnsupportedParam[] }
  | { readonly url: string; readonly ok: false; readonly error: { readonly code: string; readonly message: string } };

/**
 * Parses `--base`: an http(s) origin, optionally with a path prefix, that Convertly paths are appended to.
 * @throws invalid_parameter for anything else
 */
export function parseBase(raw: string | undefined): string {
  if (raw === undefined) return '';
  let url: URL | undefined;
  try {
    url = new URL(raw);
  } catch {
    url = undefined;
  }
  if (url === undefined || !['http:', 'https:'].includes(url.protocol) || url.search !== '' || url.hash !== '') {
    throw invalidParameter('--base', 'an http(s) URL without query, like https://cdn.example.com', raw);
  }
  return `${url.origin}${url.pathname}`.replace(/\/+$/, '');
}

function parseDialect(raw: string | undefined): Dialect | undefined {
  if (raw === undefined || (DIALECTS as readonly string[]).includes(raw)) return raw as Dialect | undefined;
  throw invalidParameter('--dialect', `one of ${DIALECTS.join(', ')}`, raw);
}

function lineOf(url: string, translation: UrlTranslation, base: string): MigrateUrlLine {
  if (!translation.ok) return { url, ok: false, error: { code: translation.error.code, message: translation.error.message } };
  return { url, ok: true, convertly: `${base}${translation.convertlyPath}`, notes: translation.notes, unsupported: translation.unsupported };
}

/** A URL to translate and where it came from: `line 3` of standard input, or `argument 2`. */
interface InputUrl {
  readonly url: string;
  readonly origin: string;
  /** Its line number, when it was read from standard input. */
  readonly line?: number;
}

/** The URLs to translate: the arguments, or stdin one per line (blank lines skipped, still counted) when there are none. */
async function* inputUrls(urls: readonly string[], input: NodeJS.ReadableStream): AsyncGenerator<InputUrl> {
  if (urls.length > 0) {
    for (const [index, url] of urls.entries()) yield { url, origin: `argument ${index + 1}` };
    return;
  }
  let number = 0;
  for await (const text of createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY })) {
    number += 1;
    const url = text.trim();
    if (url !== '') yield { url, origin: `line ${number}`, line: number };
  }
}

/** The host of an http(s) URL as source hosts are stored (lower case, no port), or null for anything else. */
function hostOf(url: string): string | null {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.hostname.toLowerCase() : null;
  } catch {
    return null;
  }
}

/**
 * Looks up the sources URL hosts are mapped to (`sources add … --host`), opening the database on the first
 * host that needs it: imgix and Cloudinary hosts never do, and without a database (no SQLite file, no
 * DATABASE_URL) there are no sources to find, so the command stays a pure rewrite there.
 */
function hostSources(config: Config) {
  const found = new Map<string, SourceRecord | null>();
  // undefined until the first host that needs it; null when there is no database to open.
  let opened: { database: Awaited<ReturnType<typeof openDatabase>>; sources: SourcesRepository } | null | undefined;
  return {
    async find(host: string): Promise<SourceRecord | null> {
      if (hostDialect(host) !== null) return null;
      if (found.has(host)) return found.get(host) ?? null;
      if (opened === undefined) {
        const exists = config.databaseUrl !== undefined || existsSync(sqlitePath(config));
        const database = exists ? await openDatabase(config) : null;
        opened = database === null ? null : { database, sources: createSourcesRepository(database.db) };
      }
      const source = opened === null ? null : await opened.sources.findByHost(host);
      found.set(host, source);
      return source;
    },
    async close(): Promise<void> {
      if (opened) await opened.database.destroy();
    },
  };
}

/**
 * A URL on a host mapped to a source, rewritten to that source's path form: read in the source's dialect
 * (a native host's query is Convertly's own already), the image addressed by its path in the source.
 */
function translateMapped(url: string, source: SourceRecord): UrlTranslation {
  try {
    return translateMappedOrThrow(url, source);
  } catch (error) {
    if (!isAppError(error)) throw error;
    return { ok: false, reason: error.message, error };
  }
}

/**
 * The path must be one the server accepts under /src/{source}/ (parseSourcePath): a host root, a folder
 * (`dir/`) or a `..` segment would otherwise become a URL that can only ever answer 400 or 404.
 * A native host's query is Convertly's own, so it is checked as the server will read it.
 */
function translateMappedOrThrow(url: string, source: SourceRecord): UrlTranslation {
  const parsed = new URL(url);
  const raw = parsed.pathname.replace(/^\/+/, '');
  if (raw === '') throw invalidParameter('url', `a URL with an image path after the host (mapped to the source ${source.name})`, url);
  if (source.dialect !== 'native') {
    const translation = translateUrl(url, { dialect: source.dialect, source: source.name });
    if (translation.ok) checkSourcePath(translation.path, 'url');
    return translation;
  }
  const path = parseSourcePath(raw, 'url');
  const query = Object.fromEntries(parsed.searchParams);
  parseTransform(Object.fromEntries([...new Set(parsed.searchParams.keys())].map((name) => [name, parsed.searchParams.getAll(name)])));
  return {
    ok: true,
    // A path and a query string, as imgix URLs are; the parameters are Convertly's own, so none is unsupported.
    dialect: 'imgix',
    convertlyPath: formatSourcePath(source.name, path, query),
    query,
    fileId: path,
    path,
    addressedBy: 'path',
    notes: [],
    unsupported: [],
    needsSourceSize: false,
  };
}

/** Most failing inputs named in the closing line; each has its own error line anyway. */
const NAMED_FAILURES = 5;

function nameOrigins(origins: readonly string[]): string {
  const named = origins.slice(0, NAMED_FAILURES).join(', ');
  return origins.length > NAMED_FAILURES ? `${named} and ${origins.length - NAMED_FAILURES} more` : named;
}

/**
 * `convertly migrate-url [URL...]`: rewrites stored imgix and Cloudinary URLs as Convertly CDN URLs (a URL on a host
 * mapped to a source as that source's path), one output line per input (the URL, or `error: URL: reason`); reads stdin when no URL is given; fails (exit 1) if any URL did.
 */
export function registerMigrateUrlCommand(program: Command, context: CliContext, input: NodeJS.ReadableStream = process.stdin): void {
  program
    .command('migrate-url')
    .description('rewrite imgix and Cloudinary URLs as Convertly URLs (/cdn/{file id}, else /src/uploads/{path}; /src/{source}/{path} on a host mapped to a source); reads stdin, one URL a line, when none is given')
    .argument('[urls...]', 'imgix (https://….imgix.net/…), Cloudinary (https://res.cloudinary.com/…/image/upload/…) or URLs on a host mapped to a source (sources add … --host)')
    .option('--base <url>', 'prefix each Convertly path with this host, e.g. https://cdn.example.com')
    .option('--dialect <name>', `read every URL as ${DIALECTS.join(' or ')} (for custom domains and bare paths)`)
    .option('--source <name>', 'address each image by its path in this source: /src/NAME/{path} (an added source, or uploads for files uploaded with ?path=)')
    .option('--json', 'one JSON line per URL with notes and unsupported parameters')
    .action(async (urls: string[], flags: MigrateUrlFlags) => {
      const base = parseBase(flags.base);
      const dialect = parseDialect(flags.dialect);
      if (flags.source !== undefined && !SOURCE_NAME_PATTERN.test(flags.source)) {
        throw invalidParameter('--source', 'a source name (lower-case letters, digits, "_" and "-"), or uploads', flags.source);
      }
      // Without --source a name that is no file id is addressed by its uploads path: /cdn/hero could never be found.
      const options: TranslateUrlOptions = { ...(dialect === undefined ? {} : { dialect }), ...(flags.source === undefined ? { pathSource: UPLOADS_SOURCE } : { source: flags.source }) };
      let total = 0;
      const failed: string[] = [];
      if (urls.length === 0 && (input as { isTTY?: boolean }).isTTY === true) {
        context.stderr('Reading URLs from stdin, one a line; end with Ctrl-D (or pass them as arguments).');
      }
      // Without --source, a URL on a host mapped to a source (sources add … --host) is rewritten to that source's path.
      const mapped = flags.source === undefined ? hostSources(context.config) : null;
      try {
        for await (const { url, origin, line: number } of inputUrls(urls, input)) {
          total += 1;
          const host = mapped === null ? null : hostOf(url);
          const source = host === null || mapped === null ? null : await mapped.find(host);
          const translation = source === null ? translateUrl(url, options) : withSourceNote(translateMapped(url, source), host!, source);
          const line = lineOf(url, translation, base);
          if (!line.ok) failed.push(origin);
          const where = number === undefined ? '' : `line ${number}: `;
          // Read from a file, a URL is known by its line: --json lines carry it, plain errors and warnings start with it.
          if (flags.json === true) context.stdout(JSON.stringify(number === undefined ? line : { ...line, line: number }));
          else if (line.ok) context.stdout(line.convertly);
          else context.stdout(`error: ${where}${url}: ${line.error.message}`);
          // Plain output stays one line per URL on stdout; what the new URL leaves out, and how it names the image, go to stderr.
          if (flags.json !== true && translation.ok) {
            for (const entry of translation.unsupported) context.stderr(`warning: ${where}${url}: ${describeUnsupported(entry, translation.dialect)}`);
            for (const note of translation.notes) context.stderr(`note: ${where}${url}: ${note}`);
          }
        }
      } finally {
        await mapped?.close();
      }
      if (failed.length > 0) {
        throw new AppError('invalid_parameter', `${failed.length} of ${total} URLs could not be translated (${nameOrigins(failed)}); each has an error line on stdout`);
      }
    });
}

function withSourceNote(translation: UrlTranslation, host: string, source: SourceRecord): UrlTranslation {
  if (!translation.ok) return translation;
  const note = `${host} is mapped to the source ${source.name} (${source.dialect} dialect): the image is addressed by its path there.`;
  return { ...translation, notes: [...translation.notes, note] };
}

function describeUnsupported(entry: UnsupportedParam, dialect: Dialect): string {
  const written = dialect === 'cloudinary' ? `${entry.param}_${entry.value}` : `${entry.param}=${entry.value}`;
  return `${written} is not applied: ${entry.reason}`;
}
