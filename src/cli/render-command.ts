import { writeFile } from 'node:fs/promises';
import { extname } from 'node:path';
import type { Command } from 'commander';
import { probeImage } from '../engine/source-info.js';
import { renderTransform } from '../render/render-transform.js';
import { sameFormatAs } from '../engine/negotiate-format.js';
import { parseTransform, type RawQuery } from '../params/parse-transform.js';
import { OUTPUT_FORMATS, type FormatRequest } from '../params/vocabulary.js';
import { isOneOf } from '../shared/is.js';
import { createLazyDetectorPool } from '../workers/lazy-detector-pool.js';
import type { CliContext } from './cli-context.js';

interface RenderFlags {
  readonly output: string;
  readonly w?: string;
  readonly h?: string;
  readonly dpr?: string;
  readonly fit?: string;
  readonly gravity?: string;
  readonly crop?: string;
  readonly fp?: string;
  readonly f?: string;
  readonly q?: string;
  readonly debug?: boolean;
  readonly json?: boolean;
}

function formatFromExtension(path: string): FormatRequest | undefined {
  const ext = extname(path).slice(1).toLowerCase();
  const name = ext === 'jpg' ? 'jpeg' : ext;
  return isOneOf(OUTPUT_FORMATS, name) ? name : undefined;
}

/** `convertly render IN -o OUT …`: one render with the CDN's parameters, file in, file out. */
export function registerRenderCommand(program: Command, context: CliContext): void {
  program
    .command('render')
    .description('render one image with the same parameters as the CDN URL')
    .argument('<input>', 'source image (JPEG, PNG, WebP, AVIF, GIF, TIFF)')
    .requiredOption('-o, --output <file>', 'where to write the result')
    .option('--w <px>', 'output width in CSS pixels')
    .option('--h <px>', 'output height in CSS pixels')
    .option('--dpr <ratio>', 'device pixel ratio, 1–4')
    .option('--fit <fit>', 'cover, contain, fill, inside, outside')
    .option('--gravity <mode>', 'auto, smart, face, faces, entropy, center, north, …, focal')
    .option('--crop <alias>', 'imgix-style alias: smart, edges, faces, entropy, focalpoint')
    .option('--fp <x,y>', 'manual focal point, fractions or percentages')
    .option('--f <format>', 'jpeg, png, webp, avif, gif (default: from the output extension, else the input format)')
    .option('--q <quality>', 'quality 1–100 for lossy formats')
    .option('--debug', 'draw faces, focus and window over the source instead of cropping')
    .option('--json', 'print the decision as one JSON line')
    .action(async (input: string, flags: RenderFlags) => {
      const query: Record<string, string> = {};
      for (const name of ['w', 'h', 'dpr', 'fit', 'gravity', 'crop', 'fp', 'f', 'q'] as const) {
        const value = flags[name];
        if (value !== undefined) query[name] = value;
      }
      if (flags.debug === true) query.debug = '1';
      const limits = context.config.limits;
      const source = await probeImage(input, limits);
      const spec = parseTransform(query satisfies RawQuery, { defaultFormat: formatFromExtension(flags.output) ?? sameFormatAs(source.format) });
      const pool = createLazyDetectorPool({ threads: 1 });
      try {
        const result = await renderTransform(input, spec, { pool, source, limits });
        await writeFile(flags.output, result.data);
        if (flags.json === true) {
          const { focus, point, window, faces } = result.decision;
          context.stdout(JSON.stringify({ focus, point, window, faces, width: result.width, height: result.height, format: result.format }));
        }
      } finally {
        await pool.destroy();
      }
    });
}
