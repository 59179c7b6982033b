import { availableParallelism } from 'node:os';
import type { Command } from 'commander';
import { analyzeImage } from '../analyze/analyze-image.js';
import type { AnalyzeResult } from '../analyze/analyze-result.js';
import { AppError, invalidParameter, isAppError } from '../errors/app-error.js';
import { createLazyDetectorPool } from '../workers/lazy-detector-pool.js';
import type { CliContext } from './cli-context.js';
import { findImages, type FoundImage } from './find-images.js';
import { createProgressBar, type ProgressOutput } from './progress-bar.js';
import { runInOrder } from './run-in-order.js';

/** Bounds of `--concurrency`: images analysed at once. */
export const ANALYZE_CONCURRENCY = { min: 1, max: 64 } as const;

/** One JSON line of `convertly analyze`: the result for a path, or why it failed. */
export type AnalyzeLine =
  | { readonly path: string; readonly result: AnalyzeResult }
  | { readonly path: string; readonly error: { readonly code: string; readonly message: string } };

interface AnalyzeFlags {
  readonly concurrency?: string;
}

/**
 * Parses `--concurrency`; absent means one image per core.
 * @throws invalid_parameter unless it is an integer from 1 to 64
 */
export function parseConcurrency(raw: string | undefined): number {
  if (raw === undefined) return Math.min(ANALYZE_CONCURRENCY.max, availableParallelism());
  const value = /^\s*\d+\s*$/.test(raw) ? Number(raw) : Number.NaN;
  if (!(Number.isSafeInteger(value) && value >= ANALYZE_CONCURRENCY.min && value <= ANALYZE_CONCURRENCY.max)) {
    throw invalidParameter('--concurrency', `an integer from ${ANALYZE_CONCURRENCY.min} to ${ANALYZE_CONCURRENCY.max}`, raw);
  }
  return value;
}

function errorLine(path: string, error: unknown): AnalyzeLine {
  if (isAppError(error)) return { path, error: { code: error.code, message: error.message } };
  return { path, error: { code: 'internal_error', message: error instanceof Error ? error.message : String(error) } };
}

/**
 * `convertly analyze PATH...`: analyses images and folders of images, printing one JSON line per
 * image on stdout in input order, with a progress bar on stderr for batches at a terminal.
 * Per-image failures are lines too; the command fails (exit 1) at the end if any image did.
 */
export function registerAnalyzeCommand(program: Command, context: CliContext, progressOutput: ProgressOutput = process.stderr): void {
  program
    .command('analyze')
    .description('find faces, a focal point, a palette and a placeholder; one JSON line per image')
    .argument('<paths...>', 'image files, or folders searched recursively for .jpg .jpeg .png .webp .avif .gif .tif .tiff')
    .option('--concurrency <n>', `images analysed at once, ${ANALYZE_CONCURRENCY.min}–${ANALYZE_CONCURRENCY.max} (default: one per core)`)
    .action(async (paths: string[], flags: AnalyzeFlags) => {
      const concurrency = parseConcurrency(flags.concurrency);
      const items = await findImages(paths);
      const failures = await analyzeAll(items, { context, concurrency, progressOutput });
      if (failures.length > 0) {
        const first = failures[0]!.error;
        const code = isAppError(first) ? first.code : 'internal_error';
        throw new AppError(code, `${failures.length} of ${items.length} images could not be analysed: ${nameFailures(failures)}; each has an error line on stdout`);
      }
    });
}

/** A failed image and why. */
interface Failure {
  readonly path: string;
  readonly error: unknown;
}

/** Most failing files named in the closing line; the JSON lines name them all. */
const NAMED_FAILURES = 5;

/** `a.jpg (unsupported_image), b.png (not_found) and 3 more`. */
export function nameFailures(failures: readonly Failure[]): string {
  const named = failures.slice(0, NAMED_FAILURES).map(({ path, error }) => `${path} (${isAppError(error) ? error.code : 'internal_error'})`);
  const rest = failures.length - named.length;
  return rest > 0 ? `${named.join(', ')} and ${rest} more` : named.join(', ');
}

async function analyzeAll(
  items: readonly FoundImage[],
  options: { context: CliContext; concurrency: number; progressOutput: ProgressOutput },
): Promise<Failure[]> {
  const { context } = options;
  // Lazy, so a run where every path is missing starts no threads; one pool serves the whole batch.
  // A batch wants every core (the server keeps one back for its event loop: WORKER_THREADS is its setting).
  const pool = createLazyDetectorPool({ threads: Math.max(1, Math.min(options.concurrency, availableParallelism())) });
  const progress = createProgressBar({ total: items.length, output: items.length > 1 ? options.progressOutput : { write: () => true } });
  const failures: Failure[] = [];
  let done = 0;
  let failed = 0;
  try {
    await runInOrder(items, {
      concurrency: options.concurrency,
      task: async (item) => {
        let outcome: { readonly line: AnalyzeLine; readonly error?: unknown };
        try {
          if (item.kind === 'unreadable') throw item.error;
          outcome = { line: { path: item.path, result: await analyzeImage(item.path, { pool, limits: context.config.limits }) } };
        } catch (error) {
          failed++;
          outcome = { line: errorLine(item.path, error), error };
        }
        progress.update(++done, failed);
        return outcome;
      },
      emit: ({ line, error }) => {
        // Collected in input order, so the closing summary names the same failure on every run.
        if ('error' in line) failures.push({ path: line.path, error });
        const print = () => context.stdout(JSON.stringify(line));
        // Only a bar on the same terminal as the lines needs lifting out of their way.
        if (process.stdout.isTTY === true) progress.printAbove(print);
        else print();
      },
    });
  } finally {
    progress.finish();
    await pool.destroy();
  }
  return failures;
}
