import { readdir, realpath, stat } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { AppError } from '../errors/app-error.js';

/** Extensions a folder walk treats as images (case-insensitive); a file named on the command line is taken whatever its name. */
export const IMAGE_EXTENSIONS = ['jpg', 'jpeg', 'png', 'webp', 'avif', 'gif', 'tif', 'tiff'] as const;

/** One command-line item to analyse: an image path, or a path that could not be read (still reported, in its place). */
export type FoundImage = { readonly kind: 'image'; readonly path: string } | { readonly kind: 'unreadable'; readonly path: string; readonly error: AppError };

export function isImageName(name: string): boolean {
  return (IMAGE_EXTENSIONS as readonly string[]).includes(extname(name).slice(1).toLowerCase());
}

function errnoCode(cause: unknown): string {
  return (cause as NodeJS.ErrnoException).code ?? 'unknown error';
}

// Code-unit order, not localeCompare: the same on every machine and locale.
function byPath(a: FoundImage, b: FoundImage): number {
  return a.path < b.path ? -1 : a.path > b.path ? 1 : 0;
}

async function walk(dir: string, seen: Set<string>, found: FoundImage[]): Promise<void> {
  let entries;
  try {
    // A folder reached twice through symbolic links is walked once, so a link loop ends.
    const real = await realpath(dir);
    if (seen.has(real)) return;
    seen.add(real);
    entries = await readdir(dir, { withFileTypes: true });
  } catch (cause) {
    found.push({ kind: 'unreadable', path: dir, error: new AppError('not_found', `Cannot read the folder ${dir} (${errnoCode(cause)})`, { cause }) });
    return;
  }
  for (const entry of entries) {
    const path = join(dir, entry.name);
    let isDir = entry.isDirectory();
    let isFile = entry.isFile();
    if (entry.isSymbolicLink()) {
      const target = await stat(path).catch(() => null);
      isDir = target?.isDirectory() ?? false;
      isFile = target?.isFile() ?? false;
    }
    if (isDir) await walk(path, seen, found);
    else if (isFile && isImageName(entry.name)) found.push({ kind: 'image', path });
  }
}

/**
 * Expands command-line paths into the images to analyse, in a stable order: each argument in
 * turn; a folder becomes the images under it (recursively, by extension, sorted by path).
 * Paths that do not exist are returned as `unreadable` with a not_found error, never thrown.
 */
export async function findImages(paths: readonly string[]): Promise<FoundImage[]> {
  const found: FoundImage[] = [];
  for (const path of paths) {
    const info = await stat(path).catch((cause: unknown) => cause as Error);
    if (info instanceof Error) {
      found.push({ kind: 'unreadable', path, error: new AppError('not_found', `No file or folder at ${path} (${errnoCode(info)})`, { cause: info }) });
    } else if (info.isDirectory()) {
      const inside: FoundImage[] = [];
      await walk(path, new Set(), inside);
      found.push(...inside.sort(byPath));
    } else {
      found.push({ kind: 'image', path });
    }
  }
  return found;
}
