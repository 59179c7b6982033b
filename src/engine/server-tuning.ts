import sharp from 'sharp';

/**
 * Process-wide libvips settings for the long-running server; a program that imports the library
 * keeps its own. libvips' operation cache keys on the input buffer and every request brings its
 * own buffer, so in the server it only ever held memory (up to 50 MB); hot originals are kept
 * decoded by DecodedSourceCache instead.
 */
export function tuneSharpForServer(): void {
  sharp.cache(false);
}
