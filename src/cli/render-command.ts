import { writeFile } from 'node:fs/promises';
import { extname, resolve } from 'node:path';
import type { Command } from 'commander';
import { probeImage } from '../engine/source-info.js';
import type { MarkImage } from '../engine/mark-layer.js';
import type { ProbeLimits } from '../config/limits.js';
import { renderTransform } from '../render/render-transform.js';
import { sameFormatAs } from '../engine/negotiate-format.js';
import { AppError, isAppError } from '../errors/app-error.js';
import { parseTransform, type RawQuery } from '../params/parse-transform.js';
import { OUTPUT_FORMATS, type FormatRequest } from '../params/vocabulary.js';
import { isOneOf } from '../shared/is.js';
import { createLazyDetectorPool } from '../workers/lazy-detector-pool.js';
import type { CliContext } from './cli-context.js';
import { RENDER_OPTIONS } from '../params/render-param-help.js';
import { RENDER_PARAMETERS_HELP } from './render-options.js';
import { readStandardInput, STANDARD_STREAM, writeStandardOutput } from './standard-streams.js';

interface RenderFlags extends Readonly<Partial<Record<(typeof RENDER_OPTIONS)[number]['name'], string>>> {
  readonly output: string;
  readonly debug?: boolean;
  readonly json?: boolean;
}

function formatFromExtension(path: string): FormatRequest | undefined {
  const ext = extname(path).slice(1).toLowerCase();
  const name = ext === 'jpg' ? 'jpeg' : ext;
  return isOneOf(OUTPUT_FORMATS, name) ? name : undefined;
}

/** An input error said with where the input came from: `photo.jpg: The input is not a readable image…`. */
function fromInput(label: string, error: unknown): unknown {
  if (!isAppError(error) || error.code === 'not_found') return error;
  return new AppError(error.code, `${label}: ${error.message}`, { cause: error, ...(error.details ? { details: { ...error.details } } : {}) });
}

/** `--mark FILE`: a local image file, read as the server reads a stored mark. @throws not_found, unsupported_image naming it */
async function localMark(path: string | undefined, limits: ProbeLimits): Promise<{ image: MarkImage } | undefined> {
  if (path === undefined) return undefined;
  const info = await probeImage(path, limits).catch((error: unknown) => {
    throw fromInput(`--mark ${path}`, error);
  });
  return { image: { key: path, width: info.width, height: info.height, label: path, load: async () => path } };
}

/** `convertly render IN -o OUT …`: one render with the CDN's parameters; `-` is standard input or output. */
export function registerRenderCommand(program: Command, context: CliContext): void {
  const command = program
    .command('render')
    .description('render one image with the same parameters as the CDN URL')
    .argument('<input>', 'source image (JPEG, PNG, WebP, AVIF, GIF, TIFF), or - for standard input')
    .requiredOption('-o, --output <file>', 'where to write the result, or - for standard output');
  for (const option of RENDER_OPTIONS) command.option(`--${option.name} <${option.value}>`, option.help);
  command
    .option('--debug', 'draw faces, focus and window over the source instead of cropping')
    .option('--json', 'print the decision as one JSON line (on stderr when -o - takes stdout)')
    .addHelpText('after', RENDER_PARAMETERS_HELP)
    .action(async (input: string, flags: RenderFlags) => {
      const query: Record<string, string> = {};
      for (const { name } of RENDER_OPTIONS) {
        const value = flags[name];
        if (value !== undefined) query[name] = value;
      }
      if (flags.debug === true) query.debug = '1';
      if (query.mark !== undefined) query.mark = resolve(query.mark);
      const limits = context.config.limits;
      const fromStdin = input === STANDARD_STREAM;
      const toStdout = flags.output === STANDARD_STREAM;
      const label = fromStdin ? 'standard input' : input;
      const source = fromStdin ? await readStandardInput(context.stdin ?? process.stdin, limits.maxUploadBytes) : input;
      const info = await probeImage(source, limits).catch((error: unknown) => {
        throw fromInput(label, error);
      });
      const defaultFormat = (toStdout ? undefined : formatFromExtension(flags.output)) ?? sameFormatAs(info.format);
      const spec = parseTransform(query satisfies RawQuery, { defaultFormat });
      const mark = await localMark(spec.operations.mark?.file, limits);
      const pool = createLazyDetectorPool({ threads: 1 });
      try {
        const result = await renderTransform(source, spec, { pool, source: info, limits, mark }).catch((error: unknown) => {
          throw fromInput(label, error);
        });
        if (toStdout) await writeStandardOutput(context.stdoutBytes ?? process.stdout, result.data);
        else await writeFile(flags.output, result.data);
        if (flags.json === true) {
          const { focus, point, window, faces } = result.decision;
          const line = JSON.stringify({ focus, point, window, faces, width: result.width, height: result.height, format: result.format });
          (toStdout ? context.stderr : context.stdout)(line);
        }
      } finally {
        await pool.destroy();
      }
    });
}
